package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RatesTest {

  @Test
  void wholeRunAndMiddleRatesFromAllocationTimes() {
    long start = 1_000_000_000L;
    // 100 allocations, one every 10 ms from 10 ms after the start, but the last one late.
    long[] times = new long[100];
    for (int i = 0; i < 100; i++) {
      times[i] = start + (i + 1) * 10_000_000L;
    }
    times[99] = start + 2_000_000_000L;
    Measured.Rates rates = Measured.Rates.of(times, start);
    assertEquals(2000, rates.timeToAllMs());
    assertEquals(50.0, rates.whole(), 1e-9);
    // Allocations 10..89 (indices 10 and 89) are 790 ms apart: 79 intervals, 100/s.
    assertEquals(100.0, rates.middle(), 1e-9);
  }

  @Test
  void noAllocationsNoRates() {
    Measured.Rates rates = Measured.Rates.of(new long[0], 5);
    assertEquals(0, rates.whole());
    assertEquals(0, rates.timeToAllMs());
  }
}
