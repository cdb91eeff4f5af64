package dev.spindle.rm.core;

import org.apache.hadoop.yarn.util.Clock;

/** A clock tests move by hand, so timers are stepped, never slept on. */
final class ManualClock implements Clock {

  private long now;

  ManualClock(long start) {
    this.now = start;
  }

  @Override
  public long getTime() {
    return now;
  }

  void advance(long ms) {
    now += ms;
  }
}
