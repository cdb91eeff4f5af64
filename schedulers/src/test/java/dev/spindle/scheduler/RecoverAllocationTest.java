package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Taking back containers that were running when the RM restarted: every policy charges them
 * as reported, past its limits, and frees them like any other allocation.
 */
class RecoverAllocationTest {

  static final long GB = 1024;

  /** Queue a may never use more than 20% of the 2 x 10 GB cluster under Capacity and Fair. */
  static Stream<Scheduler> policies() {
    Scheduler fifo = Fixtures.threeNodes();
    CapacityScheduler capacity = CapacitySchedulerTest.capacity(new ConfigFiles().capacity(
        "root.queues", "a,b", "root.a.capacity", "20", "root.a.maximum-capacity", "20",
        "root.a.user-limit-factor", "-1", "root.b.capacity", "80"), 2);
    FairScheduler fair = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<queue name=\"a\"><maxResources>4096 mb, 4 vcores</maxResources></queue>",
        "<queue name=\"b\"/>"), UserGroups.NONE, FairSchedulerTest.nodes(2));
    return Stream.of(fifo, capacity, fair);
  }

  private static String queueOf(Scheduler s) {
    return s instanceof FifoScheduler ? "default" : "a";
  }

  private static String nodeOf(Scheduler s) {
    return s.clusterCapacity().memoryMb() == 2 * 10 * GB ? "n00:8041" : Fixtures.id("h1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  @DisplayName("recovered containers are charged past queue limits and free like any other")
  void chargesWithoutLimits(Scheduler s) {
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(1, queueOf(s), "alice", 0)));
    String node = nodeOf(s);
    ResourceVector size = mb(GB, 1);
    Allocation am = s.recoverAllocation(1, node, size, 0, -1, true).orElseThrow();
    Allocation tasks = null;
    for (int i = 0; i < 3; i++) {
      tasks = s.recoverAllocation(1, node, size, 20, 7, false).orElseThrow();
    }
    assertEquals(4 * GB, s.clusterUsed().memoryMb());
    assertEquals(4 * GB, s.node(node).orElseThrow().used().memoryMb());
    AppView app = s.application(1).orElseThrow();
    assertEquals(4, app.numContainers());
    assertEquals(ResourceVector.ZERO, app.pending(), "asks are not counted down");
    assertEquals(20, tasks.priority());
    assertEquals(7, tasks.allocationRequestId());
    assertNotEquals(am.allocationId(), tasks.allocationId());
    if (!(s instanceof FifoScheduler)) {
      // Already over a's limit, so a new ask from the same queue gets nothing.
      s.updateAsks(1, List.of(any(20, GB, 1)));
      assertEquals(List.of(), s.allocateAll());
    }
    assertTrue(s.release(tasks.allocationId()));
    assertFalse(s.release(tasks.allocationId()));
    assertEquals(3 * GB, s.queue(queueOf(s)).orElseThrow().used().memoryMb());
    assertEquals(List.of(am.allocationId()).size(),
        s.removeApplication(1).stream().filter(id -> id == am.allocationId()).count());
    assertEquals(0, s.clusterUsed().memoryMb());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  @DisplayName("containers of unknown applications or nodes are not taken back")
  void unknownAppOrNode(Scheduler s) {
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(1, queueOf(s), "alice", 0)));
    assertEquals(Optional.empty(), s.recoverAllocation(2, nodeOf(s), mb(GB, 1), 0, -1, false));
    assertEquals(Optional.empty(), s.recoverAllocation(1, "nowhere:1", mb(GB, 1), 0, -1, false));
    assertEquals(0, s.clusterUsed().memoryMb());
  }

  @Test
  @DisplayName("a recovered AM container counts against the Capacity AM limit, not a task")
  void capacityAmMarking() {
    CapacityScheduler s = CapacitySchedulerTest.capacity(new ConfigFiles().capacity(
        "root.queues", "a", "root.a.capacity", "100"), 1);
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(1, "a", "alice", 0)));
    Allocation task = s.recoverAllocation(1, "n00:8041", mb(2 * GB, 1), 20, -1, false)
        .orElseThrow();
    Allocation am = s.recoverAllocation(1, "n00:8041", mb(GB, 1), 0, -1, true).orElseThrow();
    assertEquals(am.allocationId(), s.state.app(1).amAllocationId());
    assertNotEquals(task.allocationId(), s.state.app(1).amAllocationId());
  }
}
