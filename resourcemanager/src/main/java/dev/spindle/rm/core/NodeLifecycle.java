package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * The node state machine, decommissioning included: a pure function from (state, event) to
 * the next state and what the scheduler must be told, with the transitions of the stock
 * RMNodeImpl. Only live nodes (RUNNING, UNHEALTHY, DECOMMISSIONING) take events; a node that
 * left comes back through a new registration.
 *
 * <p>Decommissioning: an excluded node leaves at once ({@link Event.Decommission}) or drains
 * ({@link Event.Drain}): DECOMMISSIONING takes no new containers and whatever its health
 * says stays draining until it is idle ({@link Event.Drained}), its timeout passes
 * ({@link Event.DrainTimedOut}), or it is back on the include list
 * ({@link Event.Recommission}). A draining node can still be lost, shut down or rebooted like
 * any live node: a silent one becomes LOST once, its containers with it.
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

    /** Off the include list, decommissioned at once (refreshNodes NORMAL or FORCEFUL). */
    record Decommission() implements Event {}

    /**
     * Off the include list, decommissioned gracefully; again while draining when the
     * timeout changed.
     *
     * @param timeoutSecs how long to wait for the node's work to finish (negative: no limit)
     */
    record Drain(int timeoutSecs) implements Event {}

    /** Back on the include list while draining. */
    record Recommission() implements Event {}

    /** A draining node runs nothing any live application needs. */
    record Drained() implements Event {}

    /** A draining node's timeout passed with work still on it. */
    record DrainTimedOut() implements Event {}
  }

  /**
   * @param remove          take the node (and every container on it) out of the scheduler
   * @param schedulableNow  the node's new schedulability, or null when unchanged
   * @param drainTimeout    while DECOMMISSIONING, the graceful timeout in seconds (negative:
   *                        none); null in every other state
   */
  public record Step(NodeState next, boolean remove, Boolean schedulableNow,
      Integer drainTimeout) {

    static Step to(NodeState next, Boolean schedulableNow) {
      return new Step(next, false, schedulableNow, null);
    }

    static Step removedAs(NodeState next) {
      return new Step(next, true, null, null);
    }
  }

  /**
   * The next step, or null when nothing changes. A {@link Event.Drain} of a draining node
   * steps to DECOMMISSIONING again with the timeout it names, which may be the one it has.
   */
  public static Step on(NodeState s, Event event) {
    boolean draining = s == NodeState.DECOMMISSIONING;
    if (s != NodeState.RUNNING && s != NodeState.UNHEALTHY && !draining) {
      return null;
    }
    if (event instanceof Event.Heartbeat e) {
      if (e.healthy() && s == NodeState.UNHEALTHY) {
        return Step.to(NodeState.RUNNING, true);
      }
      if (!e.healthy() && s == NodeState.RUNNING) {
        return Step.to(NodeState.UNHEALTHY, false);
      }
      return null;
    } else if (event instanceof Event.Expired) {
      return Step.removedAs(NodeState.LOST);
    } else if (event instanceof Event.ShutDown) {
      return Step.removedAs(NodeState.SHUTDOWN);
    } else if (event instanceof Event.OutOfStep) {
      return Step.removedAs(NodeState.REBOOTED);
    } else if (event instanceof Event.Decommission) {
      return Step.removedAs(NodeState.DECOMMISSIONED);
    } else if (event instanceof Event.Drain e) {
      // Stock updates a changed timeout silently: the AMs were told when draining began.
      return new Step(NodeState.DECOMMISSIONING, false, draining ? null : false,
          e.timeoutSecs());
    } else if (event instanceof Event.Recommission) {
      // Stock returns a recommissioned node to RUNNING whatever its last health report.
      return draining ? Step.to(NodeState.RUNNING, true) : null;
    } else if (event instanceof Event.Drained || event instanceof Event.DrainTimedOut) {
      return draining ? Step.removedAs(NodeState.DECOMMISSIONED) : null;
    }
    throw new AssertionError("unhandled node event " + event);
  }
}
