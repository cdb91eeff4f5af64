package dev.spindle.scheduler;

/**
 * One outstanding resource request of an application, already normalised and validated.
 *
 * <p>The key is ({@code priority}, {@code allocationRequestId}, {@code resourceName}); a new
 * ask with the same key replaces the previous one. {@code numContainers} is the absolute
 * number still wanted at that key (zero cancels), as in YARN's AM-RM protocol. The ask named
 * {@link #ANY} carries the authoritative total; host and rack asks are locality preferences.
 *
 * @param resourceName  a host name, a rack path, or {@link #ANY}
 * @param relaxLocality on a rack ask: false forbids rack-local placement on that rack; on the
 *                      ANY ask: false forbids off-switch placement
 */
public record Ask(
    int priority,
    long allocationRequestId,
    String resourceName,
    ResourceVector capability,
    int numContainers,
    boolean relaxLocality) {

  /** The resource name that matches every node. */
  public static final String ANY = "*";

  public boolean isAny() {
    return ANY.equals(resourceName);
  }
}
