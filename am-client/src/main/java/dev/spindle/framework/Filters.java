package dev.spindle.framework;

/**
 * How long resources a framework declined (or left unused in an accept) stay away from it.
 * {@link FrameworkDriver#revive()} clears all of a framework's filters.
 *
 * @param refuseSeconds seconds before the same node's resources are offered to this framework
 *     again
 */
public record Filters(double refuseSeconds) {

  /** Mesos' and Spindle's default: five seconds. */
  public static final Filters DEFAULT = new Filters(5.0);

  public Filters {
    if (refuseSeconds < 0 || Double.isNaN(refuseSeconds)) {
      throw new IllegalArgumentException("refuseSeconds must be >= 0: " + refuseSeconds);
    }
  }

  public static Filters refuseSeconds(double seconds) {
    return new Filters(seconds);
  }
}
