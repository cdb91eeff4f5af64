package dev.spindle.scheduler;

import dev.spindle.scheduler.PlacementRules.Placement;
import dev.spindle.scheduler.Rejection.Reason;
import java.util.List;

/**
 * Where a Capacity submission goes: queue mappings first (when the submission names
 * {@code default}, or always with {@code queue-mappings-override.enable}), then the named
 * queue resolved by full path or unique short name, which must be a leaf. Messages follow
 * the stock CapacityScheduler's wording so users recognise them.
 */
final class CapacityPlacement {

  static final String DEFAULT_QUEUE = "default";

  private final CapacityTree tree;
  private final UserGroups groups;

  CapacityPlacement(CapacityTree tree, UserGroups groups) {
    this.tree = tree;
    this.groups = groups;
  }

  /** Places a submission; {@code what} names the application in messages. */
  Placement place(String what, String user, String requestedQueue) {
    String requested = requestedQueue == null || requestedQueue.isBlank() ? DEFAULT_QUEUE
        : requestedQueue.trim();
    String queue = requested;
    if (requested.equals(DEFAULT_QUEUE) || tree.config.mappingsOverride()) {
      String mapped = mapped(user);
      queue = mapped == null ? requested : mapped;
    }
    List<String> paths = CapacityTreeLookup.find(tree.config.queues(), queue);
    String prefix = what + " submitted by user " + user;
    if (paths.isEmpty()) {
      return Placement.refused(Reason.UNKNOWN_QUEUE, prefix + " to unknown queue: " + queue);
    }
    if (paths.size() > 1) {
      return Placement.refused(Reason.UNKNOWN_QUEUE, prefix + " to ambiguous queue: " + queue
          + "; use the full path, one of " + paths);
    }
    CapacityQueue target = tree.queue(paths.get(0));
    if (!target.isLeaf()) {
      return Placement.refused(Reason.QUEUE_NOT_LEAF,
          prefix + " to non-leaf queue: " + target.path());
    }
    return Placement.to(target.path());
  }

  /** The queue the first matching mapping names, or null when none applies. */
  private String mapped(String user) {
    List<QueueMapping> mappings = tree.config.mappings();
    if (mappings.isEmpty()) {
      return null;
    }
    List<String> userGroups = groups.groupsOf(user);
    for (QueueMapping mapping : mappings) {
      if (mapping.matches(user, userGroups)) {
        String target = mapping.resolve(user, userGroups);
        if (target != null) {
          return target;
        }
      }
    }
    return null;
  }
}
