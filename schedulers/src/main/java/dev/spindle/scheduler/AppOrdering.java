package dev.spindle.scheduler;

import java.util.Comparator;

/**
 * The policy decision "which application goes next": a total order over applications that
 * ends in the appKey tie-break, so every pass is deterministic. FIFO orders by application
 * priority and submission; Capacity and Fair plug in their own (e.g. DRF shares).
 */
interface AppOrdering extends Comparator<AppState> {

  /**
   * True when the order depends on usage. The core then takes an application out of the
   * ordered set before charging or crediting it and puts it back after, and restarts a node's
   * pass from the head after every allocation.
   */
  default boolean usageSensitive() {
    return false;
  }

  /** Higher application priority first, then submission order (lower appKey). */
  AppOrdering FIFO = (a, b) -> {
    int byPriority = Integer.compare(b.spec.priority(), a.spec.priority());
    return byPriority != 0 ? byPriority : Long.compare(a.key(), b.key());
  };
}
