package dev.spindle.scheduler;

/**
 * An application as the scheduler sees it when it is submitted.
 *
 * @param appKey   the RM's key for the application; unique and increasing in submission
 *                 order, so it doubles as the deterministic tie-break of every ordering
 * @param queue    the queue named in the submission (short name or full path)
 * @param user     the submitting user
 * @param priority application priority (higher runs first where the policy honours it)
 * @param unmanagedAm the AM runs outside the cluster: no container of the application is its
 *                 AM, so none counts against AM resource limits (stock isUnmanagedAM)
 */
public record AppSpec(long appKey, String queue, String user, int priority,
    boolean unmanagedAm) {

  /** An application whose AM runs in a container (the usual case). */
  public AppSpec(long appKey, String queue, String user, int priority) {
    this(appKey, queue, user, priority, false);
  }
}
