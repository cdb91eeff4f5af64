package dev.spindle.whatif;

import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic workload: nodes on racks of 40, applications arriving at random over the
 * span into the given queues, each asking for a random number of 2 GB tasks with random run
 * times (some preferring three hosts), a third of them MapReduce-like with a reduce stage.
 */
public final class SyntheticWorkload {

  private SyntheticWorkload() {}

  /**
   * @param meanTasks  mean tasks per application (exponential, at least 1)
   * @param meanRunMs  mean task run time (exponential, at least 1 s)
   */
  public static Workload of(long seed, int nodes, ResourceVector nodeSize, long spanMs,
      int apps, List<String> queues, int meanTasks, long meanRunMs) {
    Random r = new Random(seed);
    List<Workload.Node> ns = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String host = "host" + i;
      ns.add(new Workload.Node(host + ":8041", host, "/rack" + (i / 40), nodeSize, 0,
          Long.MAX_VALUE));
    }
    long[] submits = new long[apps];
    for (int i = 0; i < apps; i++) {
      submits[i] = 1 + (long) (r.nextDouble() * spanMs * 0.9);
    }
    java.util.Arrays.sort(submits);
    List<Workload.App> as = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      String queue = queues.get(r.nextInt(queues.size()));
      int tasks = 1 + (int) exp(r, meanTasks - 1);
      List<List<Workload.TaskAsk>> stages = new ArrayList<>();
      stages.add(List.of(tasks(r, 20, 0, tasks, meanRunMs, nodes, r.nextBoolean())));
      if (r.nextInt(3) == 0) {
        stages.add(List.of(tasks(r, 10, 1, Math.max(1, tasks / 10), meanRunMs, nodes, false)));
      }
      as.add(new Workload.App(i + 1, queue, "user" + r.nextInt(10), 0, false,
          ResourceVector.of(1024, 1), 0, submits[i], -1, -1, true, stages));
    }
    return new Workload(ns, as, 1000, 0, spanMs, 0);
  }

  private static Workload.TaskAsk tasks(Random r, int priority, long rid, int count,
      long meanRunMs, int nodes, boolean local) {
    long[] runMs = new long[count];
    for (int i = 0; i < count; i++) {
      runMs[i] = 1000 + (long) exp(r, meanRunMs - 1000);
    }
    List<String> hosts = new ArrayList<>();
    if (local) {
      for (int i = 0; i < 3; i++) {
        hosts.add("host" + r.nextInt(nodes));
      }
    }
    return new Workload.TaskAsk(500 + r.nextInt(2000), priority, rid,
        ResourceVector.of(2048, 1), count, runMs, hosts, true);
  }

  private static double exp(Random r, double mean) {
    return mean <= 0 ? 0 : -mean * Math.log(1 - r.nextDouble());
  }
}
