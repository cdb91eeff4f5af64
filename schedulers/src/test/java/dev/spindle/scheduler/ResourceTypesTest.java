package dev.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Further countable resource types (a GPU type at index 0) through every policy: nodes fit on
 * every type, usage is counted everywhere, and DRF's dominant share includes them.
 */
class ResourceTypesTest {

  static final long GB = 1024;

  /** {@code gpus} GPUs at further-type index 0. */
  static ResourceVector r(long memoryMb, long vcores, long gpus) {
    return ResourceVector.of(memoryMb, vcores, gpus);
  }

  static NodeSpec node(String host, long memoryMb, long vcores, long gpus) {
    return new NodeSpec(host + ":8041", host, "/r", r(memoryMb, vcores, gpus));
  }

  static void submit(Scheduler s, long key, String queue, ResourceVector size, int count) {
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(key, queue, "alice", 0)));
    s.updateAsks(key, List.of(new Ask(1, -1, Ask.ANY, size, count, true)));
  }

  static long gpus(Allocation a) {
    return a.resource().other(0);
  }

  @Test
  @DisplayName("vectors: missing further types are zero, and every type must fit")
  void vectorArithmetic() {
    assertEquals(ResourceVector.of(GB, 1), r(GB, 1, 0));
    assertEquals(ResourceVector.of(GB, 1).hashCode(), r(GB, 1, 0).hashCode());
    assertNotEquals(ResourceVector.of(GB, 1), r(GB, 1, 1));
    assertEquals(r(2 * GB, 2, 3), r(GB, 1, 1).plus(r(GB, 1, 2)));
    assertEquals(ResourceVector.of(GB, 1), r(2 * GB, 2, 2).minus(r(GB, 1, 2)));
    assertFalse(r(GB, 1, 1).fitsIn(ResourceVector.of(8 * GB, 8)));
    assertTrue(r(GB, 1, 1).fitsIn(r(GB, 1, 1)));
    assertTrue(r(GB, 1, 1).fitsInMemoryAndVcores(ResourceVector.of(GB, 1)));
    // An over-committed node's free space (negative GPUs) holds no GPU-less container either.
    assertFalse(ResourceVector.of(GB, 1).fitsIn(r(4 * GB, 4, -1)));
    assertEquals(0.5, r(GB, 1, 2).dominantShare(r(8 * GB, 8, 4)));
    assertEquals(r(GB, 1, 1), r(GB, 1, 3).scaleDown(0.5).withMemoryAndVcores(GB, 1));
  }

  @Test
  @DisplayName("FIFO: a GPU ask goes only to a node with a free GPU, and GPUs are counted")
  void fifoPlacesGpuAsksOnGpuNodes() {
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    s.addNode(node("plain", 8 * GB, 8, 0));
    s.addNode(node("gpu", 8 * GB, 8, 2));
    submit(s, 1, "default", r(GB, 1, 1), 3);

    assertEquals(List.of(), s.allocateOn("plain:8041"));
    List<Allocation> placed = s.allocateOn("gpu:8041");
    // Memory would take eight; the two GPUs take two.
    assertEquals(2, placed.size());
    assertEquals(List.of(1L, 1L), placed.stream().map(ResourceTypesTest::gpus).toList());

    assertEquals(r(2 * GB, 2, 2), s.node("gpu:8041").orElseThrow().used());
    assertEquals(r(16 * GB, 16, 2), s.clusterCapacity());
    assertEquals(r(2 * GB, 2, 2), s.clusterUsed());
    AppView app = s.application(1).orElseThrow();
    assertEquals(r(2 * GB, 2, 2), app.used());
    assertEquals(r(GB, 1, 1), app.pending());
    assertEquals(0, s.headroom(1).other(0));

    assertTrue(s.release(placed.get(0).allocationId()));
    assertEquals(r(GB, 1, 1), s.node("gpu:8041").orElseThrow().used());
    List<Allocation> third = s.allocateOn("gpu:8041");
    assertEquals(1, third.size());
    assertEquals(1, gpus(third.get(0)));
  }

  @Test
  @DisplayName("normalisation keeps the GPUs, even under the memory-only calculator")
  void normalizeKeepsGpus() {
    SchedulerSettings memoryOnly = SchedulerSettings.defaults();
    assertEquals(Calculator.MEMORY, memoryOnly.calculator());
    FifoScheduler s = new FifoScheduler(memoryOnly);
    assertEquals(r(GB, 1, 2), s.normalize(r(100, 3, 2)));
  }

  @Test
  @DisplayName("the maximum allocation of a type is capped by the largest node having it")
  void maximumFollowsLargestGpuNode() {
    SchedulerSettings settings = new SchedulerSettings(ResourceVector.of(GB, 1),
        r(8 * GB, 4, 8), ResourceVector.of(GB, 1), Calculator.DOMINANT);
    FifoScheduler s = new FifoScheduler(settings);
    assertEquals(r(8 * GB, 4, 8), s.maximumAllocation("default"));
    s.addNode(node("plain", 16 * GB, 16, 0));
    // No node has a GPU: no GPU ask can ever be placed.
    assertEquals(ResourceVector.of(8 * GB, 4), s.maximumAllocation("default"));
    s.addNode(node("gpu", 16 * GB, 16, 2));
    assertEquals(r(8 * GB, 4, 2), s.maximumAllocation("default"));
    s.removeNode("gpu:8041");
    assertEquals(ResourceVector.of(8 * GB, 4), s.maximumAllocation("default"));
  }

  @Test
  @DisplayName("Fair DRF: the dominant share counts GPUs (three dimensions)")
  void drfOverThreeDimensions() {
    // One node <24 GB, 24 vcores, 4 GPUs>. A's tasks need <1 GB, 1 vcore, 1 GPU> (GPU-heavy),
    // B's <5 GB, 1 vcore, 0 GPUs> (memory-heavy). Dominant shares after each assignment:
    //
    //  step | picked | A: mem vc gpu  dominant    | B: mem vc  dominant
    //  -----+--------+-----------------------------+---------------------
    //    1  |   A    |    1   1   1   gpu 1/4=.25 |    0   0   0
    //    2  |   B    |    1   1   1   .25         |    5   1   mem 5/24=.21
    //    3  |   B    |    1   1   1   .25         |   10   2   .42
    //    4  |   A    |    2   2   2   .50         |   10   2   .42
    //    5  |   B    |    2   2   2   .50         |   15   3   .63
    //    6  |   A    |    3   3   3   .75         |   15   3   .63
    //    7  |   B    |    3   3   3   .75         |   20   4   .83
    //    8  |   A    |    4   4   4   1.0         |   20   4   .83
    //  then memory (24 GB) and GPUs (4) are used up. Counting memory and vcores alone, A's
    //  share would stay at 4/24 and A would take its four containers first.
    ConfigFiles files = new ConfigFiles().fair(
        "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>",
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>",
        "<queue name=\"a\"/>", "<queue name=\"b\"/>");
    FairScheduler s = FairScheduler.create(SchedulerSettings.defaults(), files.source(),
        UserGroups.NONE);
    s.addNode(node("big", 24 * GB, 24, 4));
    submit(s, 1, "a", r(GB, 1, 1), 10);
    submit(s, 2, "b", r(5 * GB, 1, 0), 10);
    List<Allocation> placed = s.allocateAll();
    assertEquals(List.of(1L, 2L, 2L, 1L, 2L, 1L, 2L, 1L),
        placed.stream().map(Allocation::appKey).toList());
    assertEquals(r(4 * GB, 4, 4), s.queue("a").orElseThrow().used());
    assertEquals(ResourceVector.of(20 * GB, 4), s.queue("b").orElseThrow().used());
  }

  @Test
  @DisplayName("Capacity: GPU asks land on the GPU node and queue usage counts GPUs")
  void capacityCountsGpus() {
    ConfigFiles files = new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "50", "root.a.maximum-capacity", "100",
        "root.a.user-limit-factor", "-1",
        "root.b.capacity", "50", "root.b.maximum-capacity", "100",
        "root.b.user-limit-factor", "-1",
        "resource-calculator", "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator",
        "maximum-am-resource-percent", "1.0");
    CapacityScheduler s = CapacityScheduler.create(SchedulerSettings.defaults(), files.source(),
        UserGroups.NONE);
    s.addNode(node("plain", 10 * GB, 10, 0));
    s.addNode(node("gpu", 10 * GB, 10, 2));
    submit(s, 1, "a", r(GB, 1, 1), 3);
    submit(s, 2, "b", r(GB, 1, 0), 2);
    List<Allocation> placed = s.allocateAll();

    List<Allocation> gpuContainers = placed.stream().filter(a -> a.appKey() == 1).toList();
    assertEquals(2, gpuContainers.size());
    assertTrue(gpuContainers.stream().allMatch(a -> a.nodeId().equals("gpu:8041")));
    assertEquals(2, placed.stream().filter(a -> a.appKey() == 2).count());
    assertEquals(r(2 * GB, 2, 2), s.queue("a").orElseThrow().used());
    assertEquals(ResourceVector.of(2 * GB, 2), s.queue("b").orElseThrow().used());
    assertEquals(2, s.clusterUsed().other(0));
    assertEquals(r(GB, 1, 1), s.application(1).orElseThrow().pending());
  }
}
