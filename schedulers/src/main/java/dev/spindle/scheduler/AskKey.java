package dev.spindle.scheduler;

/**
 * The (priority, allocationRequestId) part of an ask's key; one {@link AskGroup} per key.
 * Orders as YARN serves asks within an application: lower priority number first (priority 0
 * is the highest), then lower allocationRequestId.
 */
record AskKey(int priority, long allocationRequestId) implements Comparable<AskKey> {

  static AskKey of(Ask ask) {
    return new AskKey(ask.priority(), ask.allocationRequestId());
  }

  @Override
  public int compareTo(AskKey o) {
    int byPriority = Integer.compare(priority, o.priority);
    return byPriority != 0 ? byPriority : Long.compare(allocationRequestId, o.allocationRequestId);
  }
}
