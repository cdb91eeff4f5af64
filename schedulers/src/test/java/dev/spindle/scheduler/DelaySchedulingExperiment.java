package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The Mesos paper's data-locality experiment (Hindman et al., NSDI 2011, section 6.3),
 * replayed on the pure scheduler core in simulated time: 16 frameworks each run a map-only
 * scan of blocks stored on 3 of 93 nodes. Under static partitioning each framework owns
 * 1/16 of the nodes; under offer mode every framework is offered whatever frees up, in DRF
 * order, and does delay scheduling: it launches only tasks whose data is on the offered node,
 * declining other offers until it has waited {@code delay}, then takes any node.
 *
 * <p>Deterministic for a seed: the same run gives the same figures.
 */
final class DelaySchedulingExperiment {

  static final int NODES = 93;
  static final int FRAMEWORKS = 16;
  static final int SLOTS_PER_NODE = 4;
  static final int TASKS_PER_FRAMEWORK = 150;
  static final int REPLICAS = 3;
  private static final long GB = 1024;
  private static final ResourceVector TASK = ResourceVector.of(2 * GB, 1);
  /** The simulation advances in these steps: task ends, filters and waits are seen then. */
  private static final long STEP_MS = 100;

  /** What one run measured. */
  record Result(int tasks, int local, long makespanMs) {
    double locality() {
      return (double) local / tasks;
    }
  }

  private final long seed;

  DelaySchedulingExperiment(long seed) {
    this.seed = seed;
  }

  /** One map task: where its block's replicas are, and how long it runs. */
  private record Task(int[] replicas, long durationMs) {
    boolean localOn(int node) {
      for (int r : replicas) {
        if (r == node) {
          return true;
        }
      }
      return false;
    }
  }

  /** The same jobs for every run of this seed: blocks on 3 distinct nodes, 8-12 s tasks. */
  private List<List<Task>> jobs() {
    Random random = new Random(seed);
    List<List<Task>> jobs = new ArrayList<>();
    for (int f = 0; f < FRAMEWORKS; f++) {
      List<Task> tasks = new ArrayList<>();
      for (int t = 0; t < TASKS_PER_FRAMEWORK; t++) {
        int[] replicas = new int[REPLICAS];
        for (int r = 0; r < REPLICAS; r++) {
          int node;
          do {
            node = random.nextInt(NODES);
          } while (contains(replicas, r, node));
          replicas[r] = node;
        }
        tasks.add(new Task(replicas, 8_000 + random.nextInt(4_001)));
      }
      jobs.add(tasks);
    }
    return jobs;
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** Static partitioning: framework f runs only on its own nodes, local tasks first. */
  Result staticPartitioning() {
    List<List<Task>> jobs = jobs();
    int local = 0;
    long makespan = 0;
    for (int f = 0; f < FRAMEWORKS; f++) {
      int from = f * NODES / FRAMEWORKS;
      int to = (f + 1) * NODES / FRAMEWORKS;
      List<Task> pending = new ArrayList<>(jobs.get(f));
      // Each slot takes the next task when it frees: a local one if any is left.
      long[] slotFree = new long[(to - from) * SLOTS_PER_NODE];
      while (!pending.isEmpty()) {
        int slot = earliest(slotFree);
        int node = from + slot / SLOTS_PER_NODE;
        Task task = takeLocal(pending, node);
        if (task != null) {
          local++;
        } else {
          task = pending.remove(0);
        }
        slotFree[slot] += task.durationMs();
        makespan = Math.max(makespan, slotFree[slot]);
      }
    }
    return new Result(FRAMEWORKS * TASKS_PER_FRAMEWORK, local, makespan);
  }

  private static int earliest(long[] times) {
    int best = 0;
    for (int i = 1; i < times.length; i++) {
      if (times[i] < times[best]) {
        best = i;
      }
    }
    return best;
  }

  private static Task takeLocal(List<Task> pending, int node) {
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).localOn(node)) {
        return pending.remove(i);
      }
    }
    return null;
  }

  /**
   * Offer mode on the Fair scheduler (DRF, one queue per framework), each framework waiting
   * up to {@code delayMs} for a local node before it takes any.
   */
  Result offers(long delayMs) {
    FairScheduler s = FairScheduler.create(SchedulerSettings.defaults(),
        new ConfigFiles().fair(
            "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>",
            "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>").source(),
        UserGroups.NONE);
    for (int n = 0; n < NODES; n++) {
      s.addNode(new NodeSpec(nodeId(n), "node" + n, "/r" + (n % 4),
          TASK.times(SLOTS_PER_NODE)));
    }
    List<List<Task>> jobs = jobs();
    List<ScanJob> frameworks = new ArrayList<>();
    for (int f = 0; f < FRAMEWORKS; f++) {
      long key = f + 1;
      s.addApplication(new AppSpec(key, "fw" + f, "user" + f, 0, true));
      s.registerFramework(key);
      frameworks.add(new ScanJob(key, new ArrayList<>(jobs.get(f))));
    }
    List<Running> running = new ArrayList<>();
    int local = 0;
    int done = 0;
    long now = 0;
    while (done < FRAMEWORKS * TASKS_PER_FRAMEWORK) {
      for (int i = running.size() - 1; i >= 0; i--) {
        if (running.get(i).endMs <= now) {
          s.release(running.remove(i).allocationId);
          done++;
        }
      }
      s.expireOfferFilters(now);
      for (Allocation offer : s.allocateAll()) {
        ScanJob fw = frameworks.get((int) offer.appKey() - 1);
        int node = nodeIndex(offer.nodeId());
        List<Task> launch = fw.choose(node, slots(offer), now, delayMs);
        if (launch.isEmpty()) {
          // Refuse the node for one step, so it goes to the next framework meanwhile.
          s.declineOffer(fw.key, offer.allocationId(), now + STEP_MS, now);
          continue;
        }
        List<ResourceVector> sizes = launch.stream().map(t -> TASK).toList();
        var answer = s.acceptOffer(fw.key, offer.allocationId(), sizes, now, now);
        for (int i = 0; i < launch.size(); i++) {
          Task task = launch.get(i);
          local += task.localOn(node) ? 1 : 0;
          running.add(new Running(answer.launched().get(i).allocationId(),
              now + task.durationMs()));
        }
        if (fw.pending.isEmpty()) {
          s.suppressOffers(fw.key);
        }
      }
      now += STEP_MS;
    }
    return new Result(FRAMEWORKS * TASKS_PER_FRAMEWORK, local, now);
  }

  private static int slots(Allocation offer) {
    return (int) Math.min(offer.resource().memoryMb() / TASK.memoryMb(),
        offer.resource().vcores() / TASK.vcores());
  }

  private static String nodeId(int n) {
    return "node" + n + ":8041";
  }

  private static int nodeIndex(String nodeId) {
    return Integer.parseInt(nodeId.substring(4, nodeId.indexOf(':')));
  }

  private record Running(long allocationId, long endMs) {}

  /** A framework's scheduler doing delay scheduling (Zaharia et al., EuroSys 2010). */
  private static final class ScanJob {
    final long key;
    final List<Task> pending;
    /** When it first passed up a non-local offer since its last launch, or -1. */
    long waitingSince = -1;

    ScanJob(long key, List<Task> pending) {
      this.key = key;
      this.pending = pending;
    }

    /** The tasks to launch on an offer of {@code slots} on {@code node}; empty: decline. */
    List<Task> choose(int node, int slots, long now, long delayMs) {
      List<Task> out = new ArrayList<>();
      while (out.size() < slots) {
        Task task = takeLocal(pending, node);
        if (task == null) {
          break;
        }
        out.add(task);
      }
      if (out.isEmpty() && !pending.isEmpty()) {
        if (waitingSince < 0) {
          waitingSince = now;
        }
        if (now - waitingSince >= delayMs) {
          while (out.size() < slots && !pending.isEmpty()) {
            out.add(pending.remove(0));
          }
        }
      }
      if (!out.isEmpty() && out.get(0).localOn(node)) {
        waitingSince = -1;
      }
      return out;
    }
  }
}
