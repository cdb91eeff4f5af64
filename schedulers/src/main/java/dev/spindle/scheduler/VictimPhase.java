package dev.spindle.scheduler;

/**
 * The order in which preemption takes a queue's allocations back: outstanding offers first
 * (withdrawing one stops no work), then ordinary containers, the AM containers last (losing
 * an AM loses the whole application's progress).
 */
enum VictimPhase {
  OFFERS,
  CONTAINERS,
  AM_CONTAINERS;

  boolean takes(AppState app, Allocation allocation) {
    boolean am = allocation.allocationId() == app.amAllocationId();
    return switch (this) {
      case OFFERS -> allocation.offer();
      case CONTAINERS -> !allocation.offer() && !am;
      case AM_CONTAINERS -> am;
    };
  }
}
