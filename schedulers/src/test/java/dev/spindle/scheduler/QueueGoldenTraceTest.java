package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Golden decision traces for Capacity and Fair on the sample configuration files: one mixed
 * workload each and the exact decisions taken. A change in scheduling behaviour shows up as
 * a diff to review, not as a silent drift.
 */
class QueueGoldenTraceTest {

  private static final SchedulerConfigSource SAMPLES =
      SchedulerConfigSource.classpath(QueueGoldenTraceTest.class.getClassLoader());

  private static final UserGroups GROUPS = user -> switch (user) {
    case "etl" -> List.of("etl");
    case "ann" -> List.of("dev", "adhoc");
    default -> List.of("users");
  };

  /** Four 8 GB / 8 vcore nodes, h1 and h2 on /r1, h3 and h4 on /r2. */
  private static void addNodes(Scheduler s) {
    for (int i = 1; i <= 4; i++) {
      s.addNode(Fixtures.node("h" + i, i <= 2 ? Fixtures.R1 : Fixtures.R2, 8192, 8));
    }
  }

  private static void workload(Scheduler s, String servingQueue) {
    add(s, 1, "default", "alice", new Ask(1, -1, Ask.ANY, mb(2048, 1), 6, true));
    add(s, 2, "default", "etl", new Ask(1, -1, Ask.ANY, mb(1024, 2), 10, true));
    add(s, 3, servingQueue, "bob", new Ask(1, -1, "h2", mb(1024, 1), 2, true),
        new Ask(1, -1, Fixtures.R1, mb(1024, 1), 2, true),
        new Ask(1, -1, Ask.ANY, mb(1024, 1), 2, true));
    add(s, 4, servingQueue, "carol", new Ask(1, -1, Ask.ANY, mb(1024, 1), 4, true));
  }

  private static void add(Scheduler s, long key, String queue, String user, Ask... asks) {
    assertEquals(java.util.Optional.empty(), s.addApplication(new AppSpec(key, queue, user,
        0)));
    s.updateAsks(key, List.of(asks));
  }

  private static String run(Scheduler s) {
    List<Allocation> first = s.allocateAll();
    // Two of etl's containers end; the freed room is offered again on h1's heartbeat.
    List<Allocation> etl = new ArrayList<>(first.stream().filter(a -> a.appKey() == 2)
        .toList());
    s.release(etl.get(0).allocationId());
    s.release(etl.get(1).allocationId());
    List<Allocation> second = s.allocateAll();
    StringBuilder queues = new StringBuilder();
    for (long key = 1; key <= 4; key++) {
      AppView app = s.application(key).orElseThrow();
      queues.append(key).append(' ').append(app.queuePath()).append(' ')
          .append(app.numContainers()).append('\n');
    }
    return render(first) + "--\n" + render(second) + "--\n" + queues;
  }

  @Test
  @DisplayName("Capacity on the sample capacity-scheduler.xml yields the recorded decisions")
  void capacity() {
    CapacityScheduler s = CapacityScheduler.create(SchedulerSettings.defaults(), SAMPLES,
        GROUPS);
    addNodes(s);
    workload(s, "serving");
    // alice stops at her user limit (2.4 GB, rounded up to 3 GB, crossed by one container);
    // bob waits for serving's AM limit (20% of 5.76 GB), which carol's AM holds.
    assertEquals("""
        1 app=1 node=h1:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        2 app=2 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        3 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        4 app=2 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        5 app=1 node=h1:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        6 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        7 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        8 app=4 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        9 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        10 app=4 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        11 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        12 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        13 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        14 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        15 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        16 app=2 node=h4:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        --
        --
        1 root.dev.alice 2
        2 root.prod.etl 8
        3 root.prod.serving 0
        4 root.prod.serving 4
        """, run(s));
  }

  @Test
  @DisplayName("Fair on the sample fair-scheduler.xml yields the recorded decisions")
  void fair() {
    FairScheduler s = FairScheduler.create(SchedulerSettings.defaults(), SAMPLES, GROUPS);
    addNodes(s);
    workload(s, "prod.serving");
    // prod is below its min share, so serving goes first (fifo: bob, then carol); bob takes
    // rack-local at once (thresholds -1); alice and etl land in root.adhoc by the default
    // rule and stop at its maxResources of 20 vcores.
    assertEquals("""
        1 app=3 node=h1:8041 p=1 RACK_LOCAL <memory:1024, vCores:1>
        2 app=3 node=h1:8041 p=1 RACK_LOCAL <memory:1024, vCores:1>
        3 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        4 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        5 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        6 app=4 node=h1:8041 p=1 OFF_SWITCH <memory:1024, vCores:1>
        7 app=1 node=h1:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        8 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        9 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        10 app=1 node=h2:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        11 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        12 app=1 node=h2:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        13 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        14 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        15 app=2 node=h3:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        16 app=1 node=h3:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        17 app=1 node=h3:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        18 app=2 node=h4:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        19 app=1 node=h4:8041 p=1 OFF_SWITCH <memory:2048, vCores:1>
        --
        20 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        21 app=2 node=h2:8041 p=1 OFF_SWITCH <memory:1024, vCores:2>
        --
        1 root.adhoc 6
        2 root.adhoc 7
        3 root.prod.serving 2
        4 root.prod.serving 4
        """, run(s));
  }

  private static String render(List<Allocation> allocations) {
    return allocations.stream()
        .map(a -> a.allocationId() + " app=" + a.appKey() + " node=" + a.nodeId() + " p="
            + a.priority() + " " + a.locality() + " " + a.resource() + "\n")
        .collect(Collectors.joining());
  }
}
