package dev.spindle.whatif;

/** Replays one workload against a baseline and a candidate configuration. */
public final class WhatIf {

  private WhatIf() {}

  public static Comparison compare(Workload w, ReplayConfig baseline, ReplayConfig candidate) {
    ReplayResult b = Replay.run(w, baseline.create(), baseline.preemptionIntervalMs());
    ReplayResult c = Replay.run(w, candidate.create(), candidate.preemptionIntervalMs());
    return new Comparison(b, c);
  }
}
