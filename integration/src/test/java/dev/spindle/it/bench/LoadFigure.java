package dev.spindle.it.bench;

import dev.spindle.it.bench.ComparisonScenario.Shape;
import dev.spindle.loadgen.LoadResult;
import java.util.List;
import java.util.function.Function;

/**
 * One figure of the comparison table: how it is read from a run, and which way is better (the
 * ratio is oriented so that above 1 means Spindle did better).
 *
 * @param read the value, or null when the run did not produce it
 */
record LoadFigure(String name, boolean higherIsBetter, int decimals,
    Function<LoadRun, Double> read) {

  /** The figures a scenario of {@code shape} reports, in table order. */
  static List<LoadFigure> of(Shape shape) {
    return switch (shape) {
      case IDLE -> List.of(cores(), heartbeatP50(), heartbeatP99(), peakRss(), heap());
      case CONTAINERS -> List.of(
          higher("allocations/s (whole run)", 0, r -> r.allocationsPerSecond()),
          higher("allocations/s (10-90 %)", 0, r -> r.allocationsPerSecond10to90()),
          lower("time to allocate all (s)", 1, r -> r.timeToAllocateAllMs() / 1000.0),
          lower("allocate p99 (ms)", 1, r -> r.allocate().count() == 0 ? null
              : r.allocate().p99Ms()),
          heartbeatP99(),
          lower("RM CPU per container (ms)", 3, r -> r.rmCpuSeconds() == null
              || r.requested() == 0 ? null : r.rmCpuSeconds() * 1000 / r.requested()),
          cores(), peakRss(), heap());
      case STORM_KILL, STORM_UNPLACED -> List.of(
          higher("submissions/s", 0, r -> r.submissionsPerSecond()),
          lower(shape == Shape.STORM_KILL ? "time until all KILLED (s)"
              : "time until all ACCEPTED (s)", 1, r -> r.timeToSettleMs() / 1000.0),
          lower("RM CPU (s)", 1, LoadResult::rmCpuSeconds),
          peakRss(), heap());
    };
  }

  private static LoadFigure cores() {
    return lower("RM CPU (cores)", 3, LoadResult::rmCores);
  }

  private static LoadFigure heartbeatP50() {
    return lower("heartbeat p50 (ms)", 1, r -> r.heartbeat().count() == 0 ? null
        : r.heartbeat().p50Ms());
  }

  private static LoadFigure heartbeatP99() {
    return lower("heartbeat p99 (ms)", 1, r -> r.heartbeat().count() == 0 ? null
        : r.heartbeat().p99Ms());
  }

  private static LoadFigure peakRss() {
    return lower("RM peak RSS (MB)", 0, r -> r.rmPeakRssMb() == null ? null
        : r.rmPeakRssMb().doubleValue());
  }

  /** Read from the run, not the generator's result: the comparison measures it afterwards. */
  private static LoadFigure heap() {
    return new LoadFigure("RM heap after full GC (MB)", false, 0,
        run -> run.heapAfterGcBytes() == null ? null : run.heapAfterGcBytes() / 1048576.0);
  }

  private static LoadFigure lower(String name, int decimals, Function<LoadResult, Double> f) {
    return new LoadFigure(name, false, decimals, fromResult(f));
  }

  private static LoadFigure higher(String name, int decimals, Function<LoadResult, Double> f) {
    return new LoadFigure(name, true, decimals, fromResult(f));
  }

  private static Function<LoadRun, Double> fromResult(Function<LoadResult, Double> f) {
    return run -> run.result() == null ? null : f.apply(run.result());
  }
}
