package dev.spindle.rm.core;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import java.util.Collection;

/**
 * Where the core reports its scheduler's workload for what-if replay: nodes joining and
 * leaving, applications arriving and ending, asks as the AM sent them, and each container's
 * start and end (so a replay knows how long it ran). Decisions are reported only to tie run
 * times and outstanding counts to asks; a replay makes its own. Called on the core thread,
 * so an implementation must be cheap and never block (hand events to another thread).
 * Every method does nothing by default; {@link #OFF} records nothing.
 */
public interface WorkloadRecorder {

  WorkloadRecorder OFF = new WorkloadRecorder() { };

  default void nodeJoined(long now, NodeSpec node) { }

  default void nodeLeft(long now, String nodeId) { }

  /** An application submitted (accepted or not) and the size of its AM container. */
  default void appSubmitted(long now, AppSpec app, ResourceVector amSize, int amPriority) { }

  default void appEnded(long now, long appKey, String finalState) { }

  /** Asks as the AM sent them, normalised as the scheduler got them. */
  default void asked(long now, long appKey, Collection<Ask> asks) { }

  default void containerStarted(long now, Allocation allocation, boolean isAm) { }

  default void containerEnded(long now, long allocationId, int exitStatus) { }
}
