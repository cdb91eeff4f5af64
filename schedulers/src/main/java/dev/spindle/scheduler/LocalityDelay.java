package dev.spindle.scheduler;

/**
 * Placement stage hook for delay scheduling: may a group accept this locality now, given the
 * application's missed opportunities at the group's priority? Capacity and Fair wait for
 * better locality here; FIFO never waits.
 */
@FunctionalInterface
interface LocalityDelay {

  boolean allows(AppState app, AskGroup group, Locality locality);

  /** No delay scheduling: take the best locality the asks allow. */
  LocalityDelay NONE = (app, group, locality) -> true;
}
