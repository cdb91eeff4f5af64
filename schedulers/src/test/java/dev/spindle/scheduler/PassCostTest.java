package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.app;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a scheduling pass costs, counted in nodes offered to applications
 * ({@link Scheduler#nodeVisits}), never in time: an ask that cannot be placed now must not
 * make every pass walk the cluster, and a placeable one is found without visiting the nodes
 * that cannot hold it.
 */
class PassCostTest {

  private static final int NODES = 200;
  private static final long GB = 1024;

  /** {@code NODES} FIFO nodes of 4 GB, named n000.. in id order. */
  private static FifoScheduler fifo() {
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    for (int i = 0; i < NODES; i++) {
      s.addNode(Fixtures.node(String.format("n%03d", i), "/r" + (i % 4), 4 * GB, 4));
    }
    return s;
  }

  /** A pass's decisions and the nodes it visited. */
  private record Run(List<Allocation> placed, long visits) {}

  private static Run allocateAll(Scheduler s) {
    long before = s.nodeVisits();
    List<Allocation> placed = s.allocateAll();
    return new Run(placed, s.nodeVisits() - before);
  }

  @Test
  @DisplayName("an ask no node has room for costs a pass no node visit at all")
  void unplaceableAskVisitsNothing() {
    FifoScheduler s = fifo();
    submit(s, app(1), any(1, 3 * GB, NODES));
    assertEquals(NODES, allocateAll(s).placed().size());
    submit(s, app(2), any(1, 2 * GB, 1));

    Run run = allocateAll(s);
    assertEquals(List.of(), run.placed());
    assertEquals(0, run.visits());
    // A heartbeat still offers its node, and says why nothing fits.
    assertEquals(List.of(), s.allocateOn(id("n007")));
    assertEquals(WaitReason.NO_ROOM.reason, s.application(2).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("a pass serving a small ask stops once only an unplaceable ask is left")
  void passStopsWhenTheRestCannotBePlaced() {
    FifoScheduler s = fifo();
    submit(s, app(1), any(1, 3 * GB, NODES));
    allocateAll(s);
    submit(s, app(2), any(1, 2 * GB, 1));
    submit(s, app(3), any(1, GB, 1));

    Run run = allocateAll(s);
    assertEquals(1, run.placed().size());
    assertEquals(3, run.placed().get(0).appKey());
    assertEquals(id("n000"), run.placed().get(0).nodeId());
    assertEquals(1, run.visits(), "after app 3 is served no node can hold app 2's ask");
  }

  @Test
  @DisplayName("a large ask goes to the first node in id order that can hold it, visiting only that node")
  void largeAskVisitsOnlyNodesThatFit() {
    FifoScheduler s = fifo();
    // Every node but the last gets a 3 GB container.
    submit(s, app(1), any(1, 3 * GB, NODES - 1));
    allocateAll(s);
    submit(s, app(2), any(1, 4 * GB, 1));

    Run run = allocateAll(s);
    assertEquals(1, run.placed().size());
    assertEquals(id("n199"), run.placed().get(0).nodeId());
    assertEquals(1, run.visits());
  }

  @Test
  @DisplayName("an application at its Capacity queue maximum stops the pass instead of walking every node")
  void queueLimitStopsThePass() {
    CapacityScheduler s = CapacitySchedulerTest.capacity(new ConfigFiles().capacity(
        "root.queues", "a,b", "root.a.capacity", "10", "root.a.maximum-capacity", "10",
        "root.a.user-limit-factor", "-1", "root.b.capacity", "90"), NODES);
    CapacitySchedulerTest.submit(s, CapacitySchedulerTest.app(1, "a", "alice"), 10 * NODES);

    Run first = allocateAll(s);
    // 10 % of 200 nodes of 10 GB: 200 containers of 1 GB, on the first 20 nodes.
    assertEquals(NODES, first.placed().size());
    assertTrue(first.visits() <= 21, "visited " + first.visits());
    assertEquals(WaitReason.QUEUE_LIMIT.reason, s.application(1).orElseThrow().pendingReason());

    Run again = allocateAll(s);
    assertEquals(List.of(), again.placed());
    assertTrue(again.visits() <= 1, "visited " + again.visits());
  }

  @Test
  @DisplayName("an application at its Fair maxResources stops the pass instead of walking every node")
  void fairMaxResourcesStopsThePass() {
    FairScheduler s = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<queue name=\"small\"><maxResources>5120 mb, 5 vcores</maxResources></queue>"),
        UserGroups.NONE, FairSchedulerTest.nodes(NODES));
    FairSchedulerTest.submit(s, 1, "root.small", "alice", ResourceVector.of(GB, 1), 100);

    assertEquals(5, allocateAll(s).placed().size());
    Run again = allocateAll(s);
    assertEquals(List.of(), again.placed());
    assertTrue(again.visits() <= 1, "visited " + again.visits());
    assertEquals(WaitReason.MAX_RESOURCES.reason, s.application(1).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("an allocation to another application lets a limited one try again in the same pass")
  void allocationUnblocks() {
    // 8 nodes of 10 GB; a user may hold more than a quarter of the queue only while the
    // active users' usage split between them allows it. Alice, at 40 GB, is held by the user
    // limit when Bob arrives; each container Bob gets raises the limit, until Alice may take
    // one more. Offering her every node, as before, gives the same split.
    CapacityScheduler s = CapacitySchedulerTest.capacity(new ConfigFiles().capacity(
        "root.queues", "a", "root.a.capacity", "100", "root.a.user-limit-factor", "1",
        "root.a.minimum-user-limit-percent", "25"), 8);
    CapacitySchedulerTest.submit(s, CapacitySchedulerTest.app(1, "a", "alice"), 100);
    assertEquals(80, allocateAll(s).placed().size());
    CapacitySchedulerTest.release(s, 1, 40);
    CapacitySchedulerTest.submit(s, CapacitySchedulerTest.app(2, "a", "bob"), 100);

    List<Allocation> placed = allocateAll(s).placed();
    assertEquals(40, placed.size());
    assertEquals(1, placed.stream().filter(a -> a.appKey() == 1).count());
  }
}
