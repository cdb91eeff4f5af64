package dev.spindle.loadgen;

import java.util.Arrays;

/**
 * Percentiles of one kind of call, in milliseconds. Computed exactly from every sample
 * (nearest rank over the sorted samples) rather than from a histogram: a run records at most
 * a few million calls, a few megabytes of longs.
 */
public record Latency(long count, double p50Ms, double p99Ms, double maxMs) {

  public static final Latency NONE = new Latency(0, 0, 0, 0);

  /** Percentiles of {@code nanos} (sorted here, in place). */
  public static Latency of(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    Arrays.sort(nanos);
    return new Latency(nanos.length, ms(rank(nanos, 0.50)), ms(rank(nanos, 0.99)),
        ms(nanos[nanos.length - 1]));
  }

  /** Nearest rank: the smallest sample with at least a share {@code q} of them at or below it. */
  static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
