package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.R1;
import static dev.spindle.scheduler.Fixtures.R2;
import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.app;
import static dev.spindle.scheduler.Fixtures.ask;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.mb;
import static dev.spindle.scheduler.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A golden decision trace: one small mixed workload and the exact decisions FIFO takes. A
 * change in scheduling behaviour shows up here as a diff to review, not as a silent drift.
 */
class GoldenTraceTest {

  @Test
  @DisplayName("a mixed workload on three nodes yields exactly the recorded decisions")
  void mixedWorkload() {
    FifoScheduler s = Fixtures.threeNodes();
    // An AM-like ask, an MR-like job (reduce at 10, maps at 20 preferring h3), and a
    // higher-priority application that must run on h2 alone (AMRMClient strict pattern).
    submit(s, app(1), any(0, 1024, 1));
    submit(s, app(2), any(10, 1024, 1),
        ask(20, "h3", 2048, 2, true), ask(20, R2, 2048, 2, true), any(20, 2048, 2));
    submit(s, app(3, 1), ask(5, "h2", 4096, 1, true), ask(5, R1, 4096, 1, false),
        new Ask(5, -1, Ask.ANY, mb(4096, 1), 1, false));

    List<Allocation> first = s.allocateAll();
    // Free 2 GB on h1 (the AM-like container and the reduce), then ask for one more map.
    s.release(first.get(0).allocationId());
    s.release(first.get(1).allocationId());
    s.updateAsks(2, List.of(any(20, 2048, 1)));
    List<Allocation> second = s.allocateOn(id("h1"));

    assertEquals("""
        1 app=1 node=h1:8041 p=0 OFF_SWITCH <memory:1024, vCores:1>
        2 app=2 node=h1:8041 p=10 OFF_SWITCH <memory:1024, vCores:1>
        3 app=2 node=h1:8041 p=20 OFF_SWITCH <memory:2048, vCores:1>
        4 app=3 node=h2:8041 p=5 NODE_LOCAL <memory:4096, vCores:1>
        5 app=2 node=h3:8041 p=20 NODE_LOCAL <memory:2048, vCores:1>
        --
        6 app=2 node=h1:8041 p=20 OFF_SWITCH <memory:2048, vCores:1>
        """, render(first) + "--\n" + render(second));
  }

  private static String render(List<Allocation> allocations) {
    return allocations.stream()
        .map(a -> a.allocationId() + " app=" + a.appKey() + " node=" + a.nodeId() + " p="
            + a.priority() + " " + a.locality() + " " + a.resource() + "\n")
        .collect(Collectors.joining());
  }
}
