package dev.spindle.scheduler;

/**
 * The live state of one ask: how many containers are still wanted at its resource name.
 * Mutable because allocations decrement it; {@link Ask} stays the immutable input.
 */
final class PendingAsk {

  final ResourceVector capability;
  final boolean relaxLocality;
  private int count;

  PendingAsk(Ask ask, ResourceVector normalised) {
    this.capability = normalised;
    this.relaxLocality = ask.relaxLocality();
    this.count = ask.numContainers();
  }

  int count() {
    return count;
  }

  boolean wanted() {
    return count > 0;
  }

  /** Counts down one container, never below zero (a stale preference is just exhausted). */
  void decrement() {
    if (count > 0) {
      count--;
    }
  }
}
