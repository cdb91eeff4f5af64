package dev.spindle.scheduler;

/**
 * Queue placement for a submission: which leaf queue a user's application goes to, given the
 * queue the submission names (Capacity's {@code queue-mappings}, Fair's
 * {@code queuePlacementPolicy}).
 */
public interface PlacementRules {

  /** The leaf queue path the application would be placed in, or why it cannot be placed. */
  Placement place(String user, String requestedQueue);

  /** A placement decision: exactly one of {@code queuePath} and {@code rejection} is set. */
  record Placement(String queuePath, Rejection rejection) {

    public static Placement to(String queuePath) {
      return new Placement(queuePath, null);
    }

    public static Placement refused(Rejection.Reason reason, String message) {
      return new Placement(null, new Rejection(reason, message));
    }

    public boolean placed() {
      return rejection == null;
    }
  }
}
