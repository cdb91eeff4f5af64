package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * The node state machine: a pure function from (state, event) to the next state and what the
 * scheduler must be told. Only live nodes (RUNNING, UNHEALTHY, DECOMMISSIONING) take events;
 * a node that left comes back through a new registration. Entering and leaving
 * DECOMMISSIONING is {@link NodeDecommission}'s; here a draining node can still be lost, shut
 * down or rebooted like any live node (stock RMNodeImpl), while its health reports leave it
 * draining.
 */
public final class NodeLifecycle {

  private NodeLifecycle() {}

  /** Things that happen to a registered node. */
  public sealed interface Event {
    record Heartbeat(boolean healthy) implements Event {
      private static final Heartbeat HEALTHY = new Heartbeat(true);
      private static final Heartbeat UNHEALTHY = new Heartbeat(false);

      /** A shared instance: every heartbeat carries one, so none is allocated per call. */
      public static Heartbeat of(boolean healthy) {
        return healthy ? HEALTHY : UNHEALTHY;
      }
    }

    /** No heartbeat within the NM liveness interval. */
    record Expired() implements Event {}

    /** The NM unregistered on an orderly shutdown. */
    record ShutDown() implements Event {}

    /** The NM's heartbeat id is out of step: it must re-register. */
    record OutOfStep() implements Event {}
  }

  /**
   * @param remove          take the node (and every container on it) out of the scheduler
   * @param schedulableNow  the node's new schedulability, or null when unchanged
   */
  public record Step(NodeState next, boolean remove, Boolean schedulableNow) {}

  /** The next step, or null when nothing changes. */
  public static Step on(NodeState s, Event event) {
    boolean live = s == NodeState.RUNNING || s == NodeState.UNHEALTHY
        || s == NodeState.DECOMMISSIONING;
    if (!live) {
      return null;
    }
    if (event instanceof Event.Heartbeat e) {
      if (s == NodeState.DECOMMISSIONING) {
        return null;
      }
      if (e.healthy() && s == NodeState.UNHEALTHY) {
        return new Step(NodeState.RUNNING, false, true);
      }
      if (!e.healthy() && s == NodeState.RUNNING) {
        return new Step(NodeState.UNHEALTHY, false, false);
      }
      return null;
    } else if (event instanceof Event.Expired) {
      return new Step(NodeState.LOST, true, null);
    } else if (event instanceof Event.ShutDown) {
      return new Step(NodeState.SHUTDOWN, true, null);
    } else if (event instanceof Event.OutOfStep) {
      return new Step(NodeState.REBOOTED, true, null);
    }
    throw new AssertionError("unhandled node event " + event);
  }
}
