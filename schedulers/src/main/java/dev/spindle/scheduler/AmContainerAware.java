package dev.spindle.scheduler;

/**
 * A policy that treats ApplicationMaster containers specially: it counts them against the
 * queue's AM resource limit and preempts them last. The RM knows which allocation it launched
 * an AM in and says so here; until then a policy counts an application's first container as
 * its AM, which is what YARN's AM ask always yields.
 */
public interface AmContainerAware {

  /** Marks a live allocation as its application's AM container; unknown ids are ignored. */
  void markAmContainer(long allocationId);
}
