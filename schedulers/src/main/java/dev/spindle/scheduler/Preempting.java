package dev.spindle.scheduler;

/**
 * A policy that takes containers back to serve starved queues. The RM calls a round on its
 * monitoring interval with its own clock's time (the core never reads a clock), warns the
 * AMs of the containers it is told to warn, and kills the ones it is told to kill (exit
 * status -102 PREEMPTED), then {@link Scheduler#release}s them.
 */
public interface Preempting {

  /** One preemption round at {@code nowMs}; empty when preemption is off or not needed. */
  PreemptionDecision preemptionRound(long nowMs);

  /** The grace between a container's warning and its kill, as configured now. */
  long preemptionGraceMs();
}
