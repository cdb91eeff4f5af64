package dev.spindle.scheduler;

/**
 * Why the scheduler will not take an application or a request. "Doesn't fit" is a result,
 * not an exception: the RM turns it into the diagnostic or exception a stock client expects.
 *
 * @param reason  machine-readable reason, for metrics and tests
 * @param message the text shown to users, naming the queue or limit involved
 */
public record Rejection(Reason reason, String message) {

  /** Reason codes. */
  public enum Reason {
    UNKNOWN_QUEUE,
    QUEUE_NOT_LEAF,
    QUEUE_STOPPED,
    QUEUE_FULL,
    ACCESS_DENIED,
    ABOVE_MAXIMUM_ALLOCATION,
    NEGATIVE_RESOURCE
  }
}
