package dev.spindle.loadgen;

import java.util.Arrays;

/** Collects call durations from many threads; cheap enough next to an RPC. */
final class LatencyRecorder {

  private long[] samples = new long[1024];
  private int size;

  synchronized void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized long[] copy() {
    return Arrays.copyOf(samples, size);
  }

  Latency latency() {
    return Latency.of(copy());
  }
}
