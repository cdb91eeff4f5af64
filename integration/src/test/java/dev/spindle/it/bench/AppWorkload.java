package dev.spindle.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;

/**
 * The recovery workload, identical for every RM kind: N + N/10 small applications submitted
 * through YarnClient from several threads, then all but every eleventh killed, so that N end
 * KILLED and N/10 stay ACCEPTED (no NodeManager ever runs their AMs).
 */
final class AppWorkload {

  private static final int THREADS = 8;

  private AppWorkload() {}

  /** Submits {@code count} applications; returns their ids in id order. */
  static List<ApplicationId> submit(YarnClient yarn, int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<ApplicationId> ids = Collections.synchronizedList(new ArrayList<>());
    runOnThreads(() -> {
      int i;
      while ((i = next.getAndIncrement()) < count) {
        ids.add(submitOne(yarn, i));
      }
      return null;
    });
    List<ApplicationId> sorted = new ArrayList<>(ids);
    Collections.sort(sorted);
    return sorted;
  }

  /** Kills every application whose index is not a multiple of 11; returns how many. */
  static int killAllButEveryEleventh(YarnClient yarn, List<ApplicationId> ids) throws Exception {
    List<ApplicationId> victims = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (i % 11 != 0) {
        victims.add(ids.get(i));
      }
    }
    AtomicInteger next = new AtomicInteger();
    runOnThreads(() -> {
      int i;
      while ((i = next.getAndIncrement()) < victims.size()) {
        // Returns once the RM reports the kill complete (the final state is stored).
        yarn.killApplication(victims.get(i));
      }
      return null;
    });
    return victims.size();
  }

  /** Every application's state as the RM lists it, by id. */
  static Map<ApplicationId, YarnApplicationState> states(YarnClient yarn) throws Exception {
    Map<ApplicationId, YarnApplicationState> states = new TreeMap<>();
    for (ApplicationReport r : yarn.getApplications()) {
      states.put(r.getApplicationId(), r.getYarnApplicationState());
    }
    return states;
  }

  /** The small AM spec of RecoveryTimeTest: 1 GB, a 2 KB environment value, one command. */
  private static ApplicationId submitOne(YarnClient yarn, int index) throws Exception {
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ctx.setApplicationName("bench-" + index);
    ctx.setResource(Resource.newInstance(1024, 1));
    // The RM default, said explicitly: with 0 the stock RM logs a warning per app, also while
    // recovering, which the timed restart would pay for.
    ctx.setMaxAppAttempts(2);
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(),
        Map.of("CLASSPATH", "x".repeat(2000)), List.of("java -Xmx512m Am 1>out 2>err"),
        null, null, null));
    return yarn.submitApplication(ctx);
  }

  private static void runOnThreads(java.util.concurrent.Callable<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(task));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
