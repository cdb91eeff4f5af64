package dev.spindle.scheduler;

/**
 * Queue access control: may a user submit to, or administer, a queue? Groups come from the
 * {@link UserGroups} the policy was built with. A right held on any ancestor applies to the
 * whole subtree, and administering implies submitting (as in both stock schedulers).
 */
public interface QueueAcls {

  boolean canSubmit(String user, String queue);

  boolean canAdminister(String user, String queue);
}
