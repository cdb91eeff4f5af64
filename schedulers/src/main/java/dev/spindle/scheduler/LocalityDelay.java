package dev.spindle.scheduler;

/**
 * Placement stage hook for delay scheduling: may a group accept this locality now, given the
 * application's missed opportunities at the group's priority? Capacity and Fair wait for
 * better locality here; FIFO never waits.
 */
@FunctionalInterface
interface LocalityDelay {

  boolean allows(AppState app, AskGroup group, Locality locality);

  /**
   * For explanations: the missed opportunities at the group's priority beyond which
   * {@code locality} is allowed (it is once the count exceeds this), or -1 when the policy
   * does not count them.
   */
  default long threshold(AppState app, AskGroup group, Locality locality) {
    return -1;
  }

  /** No delay scheduling: take the best locality the asks allow. */
  LocalityDelay NONE = (app, group, locality) -> true;
}
