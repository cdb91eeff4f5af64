package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.R1;
import static dev.spindle.scheduler.Fixtures.R2;
import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.app;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.mb;
import static dev.spindle.scheduler.Fixtures.node;
import static dev.spindle.scheduler.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** FIFO ordering, bookkeeping and headroom on h1, h2 (/r1) and h3 (/r2), 4 GB each. */
class FifoSchedulerTest {

  private final FifoScheduler s = Fixtures.threeNodes();

  private static List<Long> appsOf(List<Allocation> allocations) {
    return allocations.stream().map(Allocation::appKey).toList();
  }

  @Test
  @DisplayName("applications are served by priority, then in submission order")
  void orderAcrossApplications() {
    submit(s, app(1), any(1, 2048, 1));
    submit(s, app(2), any(1, 2048, 1));
    submit(s, app(3, 5), any(1, 2048, 1));
    // One 4 GB node takes two of the three 2 GB containers.
    assertEquals(List.of(3L, 1L), appsOf(s.allocateOn(id("h1"))));
    assertEquals(List.of(2L), appsOf(s.allocateOn(id("h2"))));
  }

  @Test
  @DisplayName("within an application, lower priority numbers then lower request ids go first")
  void orderWithinApplication() {
    submit(s, app(1), any(20, 1024, 1), any(10, 1024, 1),
        new Ask(10, 7, Ask.ANY, mb(1024, 1), 1, true), new Ask(10, 3, Ask.ANY, mb(1024, 1), 1, true));
    List<Allocation> placed = s.allocateOn(id("h1"));
    assertEquals(List.of(10, 10, 10, 20), placed.stream().map(Allocation::priority).toList());
    assertEquals(List.of(-1L, 3L, 7L, -1L),
        placed.stream().map(Allocation::allocationRequestId).toList());
  }

  @Test
  @DisplayName("a high-priority ask that does not fit is not overtaken by the same app's lower one")
  void noPriorityInversionOnSize() {
    s.addNode(node("h0", R1, 3072, 4));
    submit(s, app(1), any(1, 4096, 1), any(2, 1024, 1));
    submit(s, app(2), any(1, 1024, 1));
    assertEquals(List.of(2L), appsOf(s.allocateOn(id("h0"))));
    assertEquals(WaitReason.NO_ROOM.reason, s.application(1).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("allocateOn fills a node as far as it can; allocateAll walks nodes in id order")
  void fillsNodesInOrder() {
    submit(s, app(1), any(1, 1024, 9));
    List<Allocation> placed = s.allocateAll();
    assertEquals(9, placed.size());
    assertEquals(List.of(id("h1"), id("h1"), id("h1"), id("h1"), id("h2"), id("h2"), id("h2"),
        id("h2"), id("h3")), placed.stream().map(Allocation::nodeId).toList());
    assertEquals(mb(9216, 9), s.clusterUsed());
    assertEquals(List.of(), s.allocateAll());
  }

  @Test
  @DisplayName("with the memory calculator vcores do not limit how many containers fit")
  void memoryCalculatorIgnoresVcores() {
    FifoScheduler one = new FifoScheduler(SchedulerSettings.defaults());
    one.addNode(node("h1", R1, 4096, 1));
    submit(one, app(1), any(1, 1024, 8));
    assertEquals(4, one.allocateAll().size());
    FifoScheduler drf = new FifoScheduler(Fixtures.dominant());
    drf.addNode(node("h1", R1, 4096, 1));
    submit(drf, app(1), any(1, 1024, 8));
    assertEquals(1, drf.allocateAll().size());
  }

  @Test
  @DisplayName("allocation ids are unique and increasing")
  void allocationIds() {
    submit(s, app(1), any(1, 1024, 5));
    List<Long> ids = s.allocateAll().stream().map(Allocation::allocationId).toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids);
  }

  @Test
  @DisplayName("a release frees the container exactly once")
  void releaseOnce() {
    submit(s, app(1), any(1, 2048, 1));
    Allocation a = s.allocateOn(id("h1")).get(0);
    assertTrue(s.release(a.allocationId()));
    assertFalse(s.release(a.allocationId()));
    assertFalse(s.release(999));
    assertEquals(ResourceVector.ZERO, s.clusterUsed());
    assertEquals(ResourceVector.ZERO, s.node(id("h1")).orElseThrow().used());
    assertEquals(0, s.application(1).orElseThrow().numContainers());
  }

  @Test
  @DisplayName("removing a node returns its allocations and frees them")
  void removeNode() {
    submit(s, app(1), any(1, 1024, 5));
    List<Allocation> placed = s.allocateAll();
    List<Long> onH1 = placed.stream().filter(a -> a.nodeId().equals(id("h1")))
        .map(Allocation::allocationId).toList();
    assertEquals(onH1, s.removeNode(id("h1")));
    assertEquals(mb(1024, 1), s.application(1).orElseThrow().used());
    assertEquals(mb(8192, 8), s.clusterCapacity());
    assertFalse(s.release(onH1.get(0)));
    assertTrue(s.node(id("h1")).isEmpty());
    assertEquals(List.of(), s.removeNode(id("h1")));
  }

  @Test
  @DisplayName("removing an application frees its containers and drops its asks")
  void removeApplication() {
    submit(s, app(1), any(1, 1024, 10));
    submit(s, app(2), any(1, 1024, 1));
    List<Long> ids = s.allocateOn(id("h1")).stream().map(Allocation::allocationId).toList();
    assertEquals(ids, s.removeApplication(1));
    assertEquals(ResourceVector.ZERO, s.node(id("h1")).orElseThrow().used());
    assertTrue(s.application(1).isEmpty());
    assertEquals(List.of(2L), appsOf(s.allocateAll()));
    assertEquals(List.of(), s.removeApplication(1));
    // Late calls for a removed application are ignored.
    s.updateAsks(1, List.of(any(1, 1024, 1)));
    assertEquals(List.of(), s.allocateAll());
  }

  @Test
  @DisplayName("an unschedulable node keeps its containers but gets no new ones")
  void unschedulableNode() {
    submit(s, app(1), any(1, 1024, 1));
    s.allocateOn(id("h1"));
    s.setNodeSchedulable(id("h1"), false);
    s.updateAsks(1, List.of(any(1, 1024, 2)));
    assertEquals(List.of(), s.allocateOn(id("h1")));
    NodeView h1 = s.node(id("h1")).orElseThrow();
    assertFalse(h1.schedulable());
    assertEquals(1, h1.numContainers());
    assertEquals(List.of(id("h2"), id("h2")),
        s.allocateAll().stream().map(Allocation::nodeId).toList());
    s.setNodeSchedulable(id("h1"), true);
    s.updateAsks(1, List.of(any(1, 1024, 1)));
    assertEquals(id("h1"), s.allocateAll().get(0).nodeId());
  }

  @Test
  @DisplayName("headroom is the free space of the schedulable nodes, the same for every app")
  void headroom() {
    submit(s, app(1), any(1, 1024, 2));
    submit(s, app(2));
    assertEquals(mb(12288, 12), s.headroom(1));
    s.allocateOn(id("h1"));
    assertEquals(mb(10240, 10), s.headroom(1));
    assertEquals(mb(10240, 10), s.headroom(2));
    s.setNodeSchedulable(id("h3"), false);
    assertEquals(mb(6144, 6), s.headroom(2));
    assertEquals(ResourceVector.ZERO, s.headroom(42));
  }

  @Test
  @DisplayName("headroom never goes negative when memory-only containers overcommit vcores")
  void headroomClamped() {
    FifoScheduler one = new FifoScheduler(SchedulerSettings.defaults());
    one.addNode(node("h1", R1, 4096, 1));
    submit(one, app(1), any(1, 1024, 3));
    one.allocateAll();
    assertEquals(mb(1024, 0), one.headroom(1));
  }

  @Test
  @DisplayName("the same calls in the same order give the same allocations")
  void deterministic() {
    assertEquals(scenario(), scenario());
  }

  private List<Allocation> scenario() {
    FifoScheduler f = new FifoScheduler(SchedulerSettings.defaults());
    for (int n = 9; n >= 0; n--) {
      f.addNode(node("n" + n, n % 2 == 0 ? R1 : R2, 8192, 8));
    }
    for (long a = 1; a <= 5; a++) {
      submit(f, app(a, (int) (a % 2)), any(1, 1024 * a, 7),
          Fixtures.ask(1, "n" + a, 1024 * a, 2, true), Fixtures.ask(1, R2, 1024 * a, 3, true));
    }
    List<Allocation> out = new java.util.ArrayList<>(f.allocateAll());
    f.release(out.get(3).allocationId());
    out.addAll(f.allocateOn("n7:8041"));
    return out;
  }

  @Test
  @DisplayName("node, application and queue views report usage, pending and membership")
  void views() {
    submit(s, app(1), any(1, 1024, 3));
    submit(s, new AppSpec(2, "somewhere", "bob", 0), any(1, 2048, 1));
    s.allocateOn(id("h1"));

    assertEquals(new NodeView(id("h1"), "h1", R1, mb(4096, 4), mb(3072, 3), 3, true),
        s.node(id("h1")).orElseThrow());
    assertEquals(new AppView(1, "root.default", "alice", mb(3072, 3), 3, ResourceVector.ZERO,
        null), s.application(1).orElseThrow());
    AppView bob = s.application(2).orElseThrow();
    assertEquals("root.default", bob.queuePath());
    assertEquals(mb(2048, 1), bob.pending());
    assertEquals(WaitReason.NO_ROOM.reason, bob.pendingReason());

    QueueView leaf = s.queue("default").orElseThrow();
    assertEquals(leaf, s.queue("root.default").orElseThrow());
    assertEquals(new QueueView("default", "root.default", true, 1f, 1f, 1f, mb(3072, 3),
        mb(2048, 1), 3, List.of(), List.of(1L, 2L)), leaf);
    assertTrue(leaf.isLeaf());
    QueueView root = s.queue(s.rootQueue()).orElseThrow();
    assertEquals(List.of("root.default"), root.children());
    assertEquals(List.of(), root.appKeys());
    assertTrue(s.queue("nope").isEmpty());
    assertEquals(mb(12288, 12), s.clusterCapacity());
    assertEquals("fifo", s.name());
  }

  @Test
  @DisplayName("any queue name is accepted, as the stock FifoScheduler does")
  void anyQueueAccepted() {
    assertTrue(s.checkSubmission(new AppSpec(7, "root.nope", "u", 0)).isEmpty());
    assertTrue(s.checkSubmission(new AppSpec(8, null, "u", 0)).isEmpty());
  }

  @Test
  @DisplayName("adding the same application or node twice is a bug and throws")
  void duplicatesThrow() {
    s.addApplication(app(1));
    assertThrows(IllegalArgumentException.class, () -> s.addApplication(app(1)));
    assertThrows(IllegalArgumentException.class, () -> s.addNode(node("h1", R2, 1024, 1)));
  }
}
