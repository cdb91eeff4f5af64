package dev.spindle.scheduler;

/**
 * Placement stage hook for queue and user limits: may the application be charged one more
 * container of this size? FIFO has no limits beyond the nodes' free space.
 */
@FunctionalInterface
interface AssignmentLimit {

  boolean admits(AppState app, ResourceVector size);

  AssignmentLimit NONE = (app, size) -> true;
}
