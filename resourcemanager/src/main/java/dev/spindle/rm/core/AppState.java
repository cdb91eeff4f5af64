package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/** Lifecycle states of an application inside the RM. */
public enum AppState {
  /** Accepted by the RPC layer, not yet placed in a queue. */
  SUBMITTED,
  /** In a queue; waiting for or running an AM that has not registered. */
  ACCEPTED,
  /** The current attempt's AM registered. */
  RUNNING,
  /** The AM unregistered; waiting for its container to exit. Reported as FINISHED. */
  FINISHING,
  FINISHED,
  FAILED,
  KILLED;

  public boolean isFinal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  /** The state stock clients see (FINISHING is already FINISHED to them, yarn-compat 1.4). */
  public YarnApplicationState toYarn() {
    return switch (this) {
      case SUBMITTED -> YarnApplicationState.SUBMITTED;
      case ACCEPTED -> YarnApplicationState.ACCEPTED;
      case RUNNING -> YarnApplicationState.RUNNING;
      case FINISHING, FINISHED -> YarnApplicationState.FINISHED;
      case FAILED -> YarnApplicationState.FAILED;
      case KILLED -> YarnApplicationState.KILLED;
    };
  }
}
