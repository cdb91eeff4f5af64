package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {

  @Test
  void nearestRankPercentilesOfOneToHundredMilliseconds() {
    long[] nanos = LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).toArray();
    // Shuffled input: Latency sorts.
    for (int i = 0; i < nanos.length; i += 2) {
      long t = nanos[i];
      nanos[i] = nanos[nanos.length - 1 - i];
      nanos[nanos.length - 1 - i] = t;
    }
    Latency latency = Latency.of(nanos);
    assertEquals(100, latency.count());
    assertEquals(50.0, latency.p50Ms());
    assertEquals(99.0, latency.p99Ms());
    assertEquals(100.0, latency.maxMs());
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Latency latency = Latency.of(new long[] {2_500_000});
    assertEquals(2.5, latency.p50Ms());
    assertEquals(2.5, latency.p99Ms());
    assertEquals(2.5, latency.maxMs());
  }

  @Test
  void noSamplesIsNone() {
    assertEquals(Latency.NONE, Latency.of(new long[0]));
  }

  @Test
  void theTailIsNotTheMedian() {
    long[] nanos = new long[1000];
    java.util.Arrays.fill(nanos, 1_000_000);
    nanos[0] = 900_000_000;
    for (int i = 1; i <= 10; i++) {
      nanos[i] = 50_000_000;
    }
    Latency latency = Latency.of(nanos);
    assertEquals(1.0, latency.p50Ms());
    assertEquals(50.0, latency.p99Ms());
    assertEquals(900.0, latency.maxMs());
  }

  @Test
  void theRecorderKeepsEverySampleAcrossGrowth() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 1; i <= 5000; i++) {
      recorder.record(i * 1_000L);
    }
    Latency latency = recorder.latency();
    assertEquals(5000, latency.count());
    assertEquals(5.0, latency.maxMs());
    assertEquals(2.5, latency.p50Ms());
  }
}
