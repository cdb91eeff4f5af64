package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Fair's serving order: from the root down, each parent's children in the parent's policy
 * order (min share first, then least usage per weight, memory or dominant), skipping
 * subtrees with nothing wanted or at their max share; inside a leaf, its applications in the
 * leaf's policy order. Only runnable applications (under maxRunningApps) are ever added.
 */
final class FairWalk implements WantingSet {

  private final FairTree tree;
  private final List<FairQueue> order = new ArrayList<>();
  private long stamp;

  FairWalk(FairTree tree) {
    this.tree = tree;
  }

  @Override
  public void add(AppState app) {
    if (!tree.runnable(app)) {
      return;
    }
    FairQueue leaf = tree.leafOf(app);
    if (leaf.wanting.contains(app)) {
      return;
    }
    if (leaf.policy() == FairPolicy.DRF) {
      FairOrder.setKeys(app, tree.cluster);
    }
    leaf.wanting.add(app);
    for (FairQueue q = leaf; q != null; q = q.parent) {
      q.wantingInSubtree++;
    }
  }

  @Override
  public boolean remove(AppState app) {
    FairQueue leaf = tree.leafOf(app);
    if (leaf == null || !leaf.wanting.remove(app)) {
      return false;
    }
    for (FairQueue q = leaf; q != null; q = q.parent) {
      q.wantingInSubtree--;
    }
    return true;
  }

  @Override
  public boolean isEmpty() {
    return tree.root.wantingInSubtree == 0;
  }

  @Override
  public AppState first() {
    order.clear();
    stamp++;
    collect(tree.root);
    return firstFrom(0);
  }

  @Override
  public AppState after(AppState app) {
    FairQueue leaf = tree.leafOf(app);
    if (leaf == null || leaf.walkStamp != stamp) {
      return null;
    }
    AppState next = leaf.wanting.higher(app);
    return next != null ? next : firstFrom(leaf.walkIndex + 1);
  }

  @Override
  public boolean usageSensitive() {
    return true;
  }

  private AppState firstFrom(int index) {
    for (int i = index; i < order.size(); i++) {
      FairQueue leaf = order.get(i);
      if (!leaf.wanting.isEmpty()) {
        return leaf.wanting.first();
      }
    }
    return null;
  }

  private void collect(FairQueue queue) {
    if (queue.wantingInSubtree == 0
        || !tree.rules.hasRoomForMinimum(queue.maxShare.minus(queue.used))) {
      return;
    }
    if (queue.isLeaf()) {
      queue.walkIndex = order.size();
      queue.walkStamp = stamp;
      order.add(queue);
      return;
    }
    List<FairQueue> children = new ArrayList<>(queue.children);
    if (children.size() > 1) {
      children.sort(FairOrder.queues(queue.policy(), tree.cluster));
    }
    for (FairQueue child : children) {
      collect(child);
    }
  }
}
