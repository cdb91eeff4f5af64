package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;

/** A container the scheduler allocated. Loop-owned: read and written only on the core thread. */
public final class RmContainer {

  /** Lifecycle of a container as the RM tracks it. */
  public enum State {
    /** Allocated, not yet handed to the AM. */
    ALLOCATED,
    /** Handed to the AM (or to the launcher, for the AM container). */
    ACQUIRED,
    /** Its NM reported it running. */
    RUNNING,
    COMPLETED
  }

  final Container container;
  final long allocationId;
  /** The attempt holding it; changes when a retried app keeps containers (yarn-compat 7.3). */
  RmAttempt attempt;
  final boolean isAm;
  final long creationTime;
  /** Usage before this time is charged already (to this or an earlier attempt). */
  long accountedFrom;
  State state = State.ALLOCATED;
  int exitStatus = ContainerExitStatus.INVALID;
  String diagnostics = "";
  long finishTime;
  /** Its NM reported it COMPLETE and still needs an ack (containers_to_be_removed_from_nm). */
  boolean nmReportedComplete;

  RmContainer(Container container, long allocationId, RmAttempt attempt, boolean isAm,
      long now) {
    this.container = container;
    this.allocationId = allocationId;
    this.attempt = attempt;
    this.isAm = isAm;
    this.creationTime = now;
    this.accountedFrom = now;
  }

  public ContainerId id() {
    return container.getId();
  }

  public Container container() {
    return container;
  }

  public State state() {
    return state;
  }

  /** Moves along the lifecycle; a completed container never changes again. */
  boolean advance(State next) {
    if (state == State.COMPLETED || next.ordinal() <= state.ordinal()) {
      return false;
    }
    state = next;
    return true;
  }

  ContainerStatus completedStatus() {
    return ContainerStatus.newInstance(id(), ContainerState.COMPLETE, diagnostics, exitStatus);
  }
}
