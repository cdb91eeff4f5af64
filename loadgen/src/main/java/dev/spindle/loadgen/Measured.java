package dev.spindle.loadgen;

import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The measured window of a run (from the first ask, or the start of the idle time or of the
 * storm, to the end of the load) with the RM's CPU read at both ends, and the result built from
 * it and the run's tally.
 */
final class Measured {

  private final RmProcess rm;
  private final Tally tally;
  private long startNanos;
  private long endNanos;
  private double cpuAtStart = Double.NaN;
  private double cpuAtEnd = Double.NaN;

  Measured(OptionalLong rmPid, Tally tally) {
    this.rm = rmPid.isPresent() ? new RmProcess(rmPid.getAsLong()) : null;
    this.tally = tally;
  }

  Tally tally() {
    return tally;
  }

  long startNanos() {
    return startNanos;
  }

  void open() {
    cpuAtStart = cpu();
    startNanos = System.nanoTime();
    tally.measuring = true;
  }

  void close() {
    tally.measuring = false;
    endNanos = System.nanoTime();
    cpuAtEnd = cpu();
  }

  /** Ends a window the run left open by failing half-way. */
  void closeIfOpen() {
    if (startNanos != 0 && endNanos == 0) {
      close();
    }
  }

  private double cpu() {
    if (rm == null) {
      return Double.NaN;
    }
    try {
      return rm.cpuSeconds();
    } catch (IOException e) {
      tally.fail("cannot read the RM's CPU: " + e);
      return Double.NaN;
    }
  }

  LoadResult result(String mode, LoadScenario scenario, long requested, long submitted,
      double submissionsPerSecond, long timeToSettleMs) {
    long runNanos = startNanos == 0 ? 0 : endNanos - startNanos;
    Rates rates = Rates.of(tally.allocationTimes.copy(), startNanos);
    Double cpuSeconds = null;
    Double cores = null;
    Long peakRss = null;
    if (rm != null) {
      if (!Double.isNaN(cpuAtStart) && !Double.isNaN(cpuAtEnd) && runNanos > 0) {
        cpuSeconds = cpuAtEnd - cpuAtStart;
        cores = cpuSeconds / (runNanos / 1e9);
      }
      try {
        peakRss = rm.peakRssMb();
      } catch (IOException e) {
        tally.fail("cannot read the RM's peak RSS: " + e);
      }
    }
    return new LoadResult(mode, scenario.nodes(), "storm".equals(mode) ? (int) submitted
        : scenario.apps(), requested, tally.allocated.get(), tally.completed.get(),
        rates.whole, rates.middle, rates.timeToAllMs, runNanos / 1_000_000,
        tally.allocates.latency(), tally.heartbeats.latency(), tally.lateHeartbeats.get(),
        cpuSeconds, cores, peakRss,
        tally.rpcErrors.get(), tally.resyncs.get(), tally.shutdowns.get(),
        tally.nodeOverAllocations.get(), tally.appOverAllocations.get(),
        tally.surplusReleased.get(), tally.foreignReleased.get(), tally.abnormalExits.get(),
        submitted, submissionsPerSecond, timeToSettleMs, tally.failures());
  }

  /** Allocation rates from the allocation times (System.nanoTime()) and the window's start. */
  record Rates(double whole, double middle, long timeToAllMs) {

    static Rates of(long[] times, long startNanos) {
      int n = times.length;
      if (n == 0) {
        return new Rates(0, 0, 0);
      }
      Arrays.sort(times);
      long span = times[n - 1] - startNanos;
      double whole = span <= 0 ? 0 : n / (span / 1e9);
      int from = (int) Math.floor(0.1 * n);
      int to = (int) Math.ceil(0.9 * n) - 1;
      long middleSpan = times[to] - times[from];
      double middle = to > from && middleSpan > 0 ? (to - from) / (middleSpan / 1e9) : whole;
      return new Rates(whole, middle, span / 1_000_000);
    }
  }
}
