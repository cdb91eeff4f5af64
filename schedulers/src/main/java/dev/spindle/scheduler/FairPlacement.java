package dev.spindle.scheduler;

import dev.spindle.scheduler.FairPlacementRule.Kind;
import dev.spindle.scheduler.PlacementRules.Placement;
import dev.spindle.scheduler.Rejection.Reason;
import java.util.List;

/**
 * Runs a Fair {@code queuePlacementPolicy}: each rule in order either names a queue, passes
 * (it does not apply, or its queue does not exist and it may not create it), or rejects.
 * User and group names have {@code .} replaced by {@code _dot_}, as stock does.
 */
final class FairPlacement {

  private final FairTree tree;
  private final UserGroups groups;

  FairPlacement(FairTree tree, UserGroups groups) {
    this.tree = tree;
    this.groups = groups;
  }

  Placement place(String what, String user, String requested) {
    List<String> userGroups = groups.groupsOf(user);
    for (FairPlacementRule rule : tree.config.placement()) {
      if (rule.kind() == Kind.REJECT) {
        return Placement.refused(Reason.UNKNOWN_QUEUE, what + " submitted by user " + user
            + " to queue " + requested + " was rejected by the queue placement policy");
      }
      String path = target(rule, user, userGroups, requested, false);
      if (path != null) {
        return Placement.to(path);
      }
    }
    return Placement.refused(Reason.UNKNOWN_QUEUE, what + " submitted by user " + user
        + " to queue " + requested + ": no queue placement rule placed it");
  }

  /**
   * The queue a rule names when it applies and the queue exists (as a leaf, or a parent when
   * {@code asParent}) or may be created; null when the rule passes.
   */
  private String target(FairPlacementRule rule, String user, List<String> userGroups,
      String requested, boolean asParent) {
    String path = switch (rule.kind()) {
      case SPECIFIED -> specified(requested);
      case USER -> FairConfig.ROOT + "." + clean(user);
      case PRIMARY_GROUP -> userGroups.isEmpty() ? null
          : FairConfig.ROOT + "." + clean(userGroups.get(0));
      case SECONDARY_GROUP_EXISTING_QUEUE -> secondary(userGroups, asParent);
      case NESTED_USER_QUEUE -> {
        String parent = target(rule.inner(), user, userGroups, requested, true);
        yield parent == null ? null : parent + "." + clean(user);
      }
      case DEFAULT -> rule.queue();
      case REJECT -> null;
    };
    if (path == null) {
      return null;
    }
    FairQueue existing = tree.queue(path);
    if (existing != null) {
      return existing.isLeaf() != asParent ? path : null;
    }
    boolean creatable = asParent ? tree.parentPossible(path) : tree.leafPossible(path);
    return rule.create() && creatable ? path : null;
  }

  /** The submitted queue, unless it is {@code default} (then later rules decide). */
  private static String specified(String requested) {
    if (requested == null || requested.isBlank() || requested.trim().equals("default")) {
      return null;
    }
    String q = requested.trim();
    return q.startsWith(FairConfig.ROOT + ".") || q.equals(FairConfig.ROOT) ? q
        : FairConfig.ROOT + "." + q;
  }

  /** The first secondary group that already has a queue under root. */
  private String secondary(List<String> userGroups, boolean asParent) {
    for (int i = 1; i < userGroups.size(); i++) {
      FairQueue q = tree.queue(FairConfig.ROOT + "." + clean(userGroups.get(i)));
      if (q != null && q.isLeaf() != asParent) {
        return q.path();
      }
    }
    return null;
  }

  static String clean(String name) {
    return name.trim().replace(".", "_dot_");
  }
}
