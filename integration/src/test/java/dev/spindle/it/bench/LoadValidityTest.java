package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.bench.ComparisonScenario.Shape;
import dev.spindle.loadgen.LoadResult;
import dev.spindle.loadgen.LoadScenario;
import java.io.File;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load comparison's harness at CI size, against the stock RM (synchronous Capacity) and
 * Spindle (through bin/spindle), each a child JVM: 200 simulated nodes and 20 unmanaged AMs of
 * 100 short containers each. Asserts that each RM gives every container asked for exactly
 * once, that each completes, and that no call failed; never a timing.
 */
class LoadValidityTest {

  @TempDir
  File dir;

  @ParameterizedTest
  @EnumSource(value = SingleRm.Kind.class, names = {"STOCK_SYNC", "SPINDLE"})
  void everyContainerOnceAndCompleted(SingleRm.Kind kind) throws Exception {
    LoadScenario load = LoadScenario.small();
    ComparisonScenario scenario = new ComparisonScenario("small", "CI size", Shape.CONTAINERS,
        load, 0, 0);

    LoadRun run = LoadRun.play(kind, scenario, dir, "1g");

    LoadResult result = run.result();
    assertNotNull(result, () -> "no result: " + run.problems());
    System.out.println(kind.label + ":\n" + result.table());
    assertTrue(run.valid(), () -> kind.label + ": " + run.problems() + "\n" + result.table());
    assertEquals(load.requestedContainers(), result.requested());
    assertEquals(load.requestedContainers(), result.allocated());
    assertEquals(load.requestedContainers(), result.completed());
    assertEquals(0, result.rpcErrors());
    assertEquals(load.nodes(), result.nodes());
    assertTrue(run.heapAfterGcBytes() > 0, "the RM's heap was read after a full GC");
  }
}
