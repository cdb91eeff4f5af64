package dev.spindle.scheduler;

/**
 * Placement stage hook for queue and user limits: may the application be charged one more
 * container of this size? FIFO has no limits beyond the nodes' free space.
 */
@FunctionalInterface
interface AssignmentLimit {

  boolean admits(AppState app, ResourceVector size);

  /**
   * The limit that refuses the container, or null when it is admitted. Policies with
   * several limits override this so the pending reason names the one that applies.
   */
  default WaitReason check(AppState app, ResourceVector size) {
    return admits(app, size) ? null : WaitReason.LIMIT;
  }

  AssignmentLimit NONE = (app, size) -> true;
}
