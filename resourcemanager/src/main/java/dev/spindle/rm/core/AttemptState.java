package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;

/** Lifecycle states of an application attempt. */
public enum AttemptState {
  /** Waiting for the scheduler to place the AM container. */
  SCHEDULED,
  /** AM container placed; the launcher is starting it. */
  ALLOCATED,
  /** The NM accepted the AM container. */
  LAUNCHED,
  /** The AM registered. */
  RUNNING,
  /** The AM unregistered; its container has not exited yet. */
  FINISHING,
  FINISHED,
  FAILED,
  KILLED;

  public boolean isFinal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  public YarnApplicationAttemptState toYarn() {
    return switch (this) {
      case SCHEDULED -> YarnApplicationAttemptState.SCHEDULED;
      case ALLOCATED -> YarnApplicationAttemptState.ALLOCATED;
      case LAUNCHED -> YarnApplicationAttemptState.LAUNCHED;
      case RUNNING -> YarnApplicationAttemptState.RUNNING;
      case FINISHING -> YarnApplicationAttemptState.FINISHING;
      case FINISHED -> YarnApplicationAttemptState.FINISHED;
      case FAILED -> YarnApplicationAttemptState.FAILED;
      case KILLED -> YarnApplicationAttemptState.KILLED;
    };
  }
}
