package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The durable part of an application's lifecycle: what a state store must keep so that a
 * restarted RM reports the same state. Immutable; changed only by replaying a record.
 */
public record AppFacts(
    AppState state,
    FinalApplicationStatus finalStatus,
    String diagnostics,
    long finishTime,
    boolean killRequested) {

  static AppFacts submitted() {
    return new AppFacts(AppState.SUBMITTED, FinalApplicationStatus.UNDEFINED, "", 0, false);
  }

  AppFacts withState(AppState s) {
    return new AppFacts(s, finalStatus, diagnostics, finishTime, killRequested);
  }

  AppFacts ended(AppState s, FinalApplicationStatus status, String diag, long now) {
    return new AppFacts(s, status, diag, now, killRequested);
  }

  AppFacts killing(String diag) {
    return new AppFacts(state, finalStatus, diag, finishTime, true);
  }
}
