package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * A container the scheduler allocated. Loop-owned: read on the core thread, written only by
 * {@link Containers}.
 */
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

  final ContainerId id;
  final NodeId nodeId;
  /** The node's host:httpPort when the container was allocated. */
  final String nodeHttpAddress;
  final ResourceVector resource;
  final int priority;
  final long allocationRequestId;
  final long allocationId;
  /** The attempt holding it; changes when a retried app keeps containers (yarn-compat 7.3). */
  RmAttempt attempt;
  final boolean isAm;
  /** Offer mode: the tag the framework gave the launch at accept, echoed in its statuses. */
  String tag = "";
  final long creationTime;
  /** Usage before this time is charged already (to this or an earlier attempt). */
  long accountedFrom;
  State state = State.ALLOCATED;
  int exitStatus = ContainerExitStatus.INVALID;
  String diagnostics = "";
  long finishTime;

  RmContainer(ContainerId id, NodeId nodeId, String nodeHttpAddress, ResourceVector resource,
      int priority, long allocationRequestId, long allocationId, RmAttempt attempt,
      boolean isAm, long now) {
    this.id = id;
    this.nodeId = nodeId;
    this.nodeHttpAddress = nodeHttpAddress;
    this.resource = resource;
    this.priority = priority;
    this.allocationRequestId = allocationRequestId;
    this.allocationId = allocationId;
    this.attempt = attempt;
    this.isAm = isAm;
    this.creationTime = now;
    this.accountedFrom = now;
  }

  public ContainerId id() {
    return id;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public State state() {
    return state;
  }

  /** What its AM (or the launcher) is handed. */
  ContainerGrant grant() {
    return new ContainerGrant(id, nodeId, nodeHttpAddress, resource, priority,
        allocationRequestId, creationTime, isAm, attempt.app.submission.user());
  }

  /** Moves along the lifecycle; a completed container never changes again. */
  boolean advance(State next) {
    if (state == State.COMPLETED || next.ordinal() <= state.ordinal()) {
      return false;
    }
    state = next;
    return true;
  }

  CompletedContainer completed() {
    return new CompletedContainer(id, exitStatus, diagnostics, tag);
  }
}
