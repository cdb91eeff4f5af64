package dev.spindle.scheduler;

/**
 * Capacity's limits on one more container, checked in the order the stock scheduler does:
 * the AM resource limit (while the application has no AM yet), the maximum capacity of the
 * leaf and every ancestor, then the user limit. Also the headroom an AM is told.
 */
final class CapacityLimits implements AssignmentLimit {

  private final CapacityTree tree;
  private final ResourceRules rules;

  CapacityLimits(CapacityTree tree) {
    this.tree = tree;
    this.rules = tree.rules;
  }

  @Override
  public boolean admits(AppState app, ResourceVector size) {
    return check(app, size) == null;
  }

  @Override
  public WaitReason check(AppState app, ResourceVector size) {
    CapacityQueue leaf = tree.leafOf(app);
    if (app.nextIsAm() && !amFits(leaf, size)) {
      return WaitReason.AM_LIMIT;
    }
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      if (!rules.withinLimit(q.used.plus(size), q.maximum)) {
        return WaitReason.QUEUE_LIMIT;
      }
    }
    CapacityUser user = leaf.user(app.spec.user());
    // As stock canAssignToUser: refused once usage is above the limit, so the last
    // container may cross it.
    if (!rules.withinLimit(user.used, userLimit(leaf, user))) {
      return WaitReason.USER_LIMIT;
    }
    return null;
  }

  /**
   * The AM limit: the queue's guaranteed resources times maximum-am-resource-percent, at
   * least one minimum container. A queue running no AM always activates one application, so
   * a small queue cannot starve forever (stock {@code LeafQueue#activateApplications}).
   */
  boolean amFits(CapacityQueue leaf, ResourceVector size) {
    return leaf.amUsed.isZero() || rules.withinLimit(leaf.amUsed.plus(size), amLimit(leaf));
  }

  ResourceVector amLimit(CapacityQueue leaf) {
    return CapacityTree.scale(leaf.guaranteed, leaf.maxAmFraction)
        .max(rules.settings().minimumAllocation());
  }

  /**
   * The user limit in a leaf (stock {@code UsersManager#computeUserLimit}): the larger of the
   * active users' usage (plus one minimum container) split among them and the queue's current
   * capacity times minimum-user-limit-percent; capped at capacity times user-limit-factor (or
   * the queue maximum when the factor is -1); rounded up to the minimum allocation.
   */
  ResourceVector userLimit(CapacityQueue leaf, CapacityUser user) {
    ResourceVector minimum = rules.settings().minimumAllocation();
    ResourceVector capacity = leaf.guaranteed.max(minimum);
    boolean below = rules.withinLimit(leaf.used, capacity)
        && !rules.withinLimit(capacity, leaf.used);
    ResourceVector current = below ? capacity : leaf.used.plus(minimum);
    int active = Math.max(1, leaf.activeUsers);
    ResourceVector activeUsed = minimum;
    for (CapacityUser u : leaf.users.values()) {
      if (u.wantingApplications > 0) {
        activeUsed = activeUsed.plus(u.used);
      }
    }
    ResourceVector limit = ceilDiv(activeUsed, active)
        .max(CapacityTree.scale(current, leaf.minUserLimitFraction));
    ResourceVector cap = leaf.conf.userLimitFactor() == -1 ? leaf.maximum
        : CapacityTree.scale(capacity, leaf.userLimitFactor);
    return roundUp(limit.min(cap), minimum);
  }

  /**
   * What the application could still be given now: the least of the room under the user
   * limit, under every queue maximum on its path, and the free space of the cluster. Queues
   * do not limit further resource types, so for those it is the cluster's free space.
   */
  ResourceVector headroom(AppState app, ResourceVector clusterFree) {
    CapacityQueue leaf = tree.leafOf(app);
    CapacityUser user = leaf.user(app.spec.user());
    return room(leaf, userLimit(leaf, user).minus(user.used).min(clusterFree), clusterFree);
  }

  /**
   * What a framework may be offered: the room under every queue maximum on its path and the
   * cluster's free space. The user limit is not a cap here: as for a container (stock
   * canAssignToUser), it only decides whether the user gets anything more, and the last
   * grant may cross it; offers are whole, so one offer may cross it by more.
   */
  ResourceVector offerRoom(AppState app, ResourceVector clusterFree) {
    return room(tree.leafOf(app), clusterFree, clusterFree);
  }

  private static ResourceVector room(CapacityQueue leaf, ResourceVector start,
      ResourceVector clusterFree) {
    ResourceVector room = start;
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      room = room.min(q.maximum.minus(q.used));
    }
    ResourceVector free = clusterFree.clampToZero();
    return free.withMemoryAndVcores(Math.max(0, room.memoryMb()), Math.max(0, room.vcores()));
  }

  private static ResourceVector ceilDiv(ResourceVector r, int n) {
    return ResourceVector.of(-Math.floorDiv(-r.memoryMb(), n), -Math.floorDiv(-r.vcores(), n));
  }

  private static ResourceVector roundUp(ResourceVector r, ResourceVector step) {
    return ResourceVector.of(roundUp(r.memoryMb(), step.memoryMb()),
        roundUp(r.vcores(), step.vcores()));
  }

  private static long roundUp(long v, long step) {
    return step <= 0 ? v : -Math.floorDiv(-v, step) * step;
  }
}
