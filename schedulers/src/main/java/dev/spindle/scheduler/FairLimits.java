package dev.spindle.scheduler;

/**
 * Fair's limits on one more container: the leaf's maxAMShare while the application has no
 * AM yet (stock {@code FSLeafQueue#canRunAppAM}), then maxResources of the leaf and every
 * ancestor (stock {@code FSQueue#fitsInMaxShare}).
 */
final class FairLimits implements AssignmentLimit {

  private final FairTree tree;

  FairLimits(FairTree tree) {
    this.tree = tree;
  }

  @Override
  public boolean admits(AppState app, ResourceVector size) {
    return check(app, size) == null;
  }

  @Override
  public WaitReason check(AppState app, ResourceVector size) {
    FairQueue leaf = tree.leafOf(app);
    if (app.nextIsAm() && !amFits(leaf, size)) {
      return WaitReason.AM_LIMIT;
    }
    for (FairQueue q = leaf; q != null; q = q.parent) {
      if (!q.used.plus(size).fitsInMemoryAndVcores(q.maxShare)) {
        return WaitReason.MAX_RESOURCES;
      }
    }
    return null;
  }

  /**
   * maxAMShare of the leaf's fair share, rounded up; a resource whose fair share is zero
   * falls back to the smaller of the queue's max share and what the cluster has free. Every
   * resource must fit (stock {@code FSLeafQueue#computeMaxAMResource}).
   */
  boolean amFits(FairQueue leaf, ResourceVector size) {
    double share = leaf.conf.maxAmShare();
    if (share < 0) {
      return true;
    }
    tree.refreshShares();
    ResourceVector free = tree.cluster.minus(tree.root.used).clampToZero();
    ResourceVector fallback = leaf.maxShare.min(free);
    long memory = leaf.fairShare.memoryMb() == 0 ? fallback.memoryMb()
        : leaf.fairShare.memoryMb();
    long vcores = leaf.fairShare.vcores() == 0 ? fallback.vcores() : leaf.fairShare.vcores();
    ResourceVector limit = ResourceVector.of((long) Math.ceil(memory * share),
        (long) Math.ceil(vcores * share));
    return leaf.amUsed.plus(size).fitsInMemoryAndVcores(limit);
  }

  /**
   * Room under every max share on the path, capped by the cluster's free space; max shares
   * do not limit further resource types, so for those it is the cluster's free space.
   */
  ResourceVector headroom(AppState app, ResourceVector clusterFree) {
    ResourceVector room = clusterFree;
    for (FairQueue q = tree.leafOf(app); q != null; q = q.parent) {
      room = room.min(q.maxShare.minus(q.used));
    }
    ResourceVector free = clusterFree.clampToZero();
    return free.withMemoryAndVcores(Math.max(0, room.memoryMb()), Math.max(0, room.vcores()));
  }
}
