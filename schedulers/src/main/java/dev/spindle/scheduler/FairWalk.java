package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Fair's serving order: each parent's children in the parent's policy order (min share first,
 * then least usage per weight, memory or dominant), skipping subtrees at their max share;
 * inside a leaf, its applications in the leaf's policy order. Only runnable applications
 * (under maxRunningApps) are ever added.
 */
final class FairWalk extends QueueWalk<FairQueue> {

  private final FairTree tree;

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
    countWanting(leaf, 1);
  }

  @Override
  public boolean remove(AppState app) {
    FairQueue leaf = tree.leafOf(app);
    if (leaf == null || !leaf.wanting.remove(app)) {
      return false;
    }
    countWanting(leaf, -1);
    return true;
  }

  @Override
  FairQueue root() {
    return tree.root;
  }

  @Override
  FairQueue leafOf(AppState app) {
    return tree.leafOf(app);
  }

  @Override
  boolean roomForMinimum(FairQueue queue) {
    return tree.rules.limitHasRoomForMinimum(queue.maxShare.minus(queue.used));
  }

  @Override
  List<FairQueue> servingOrder(FairQueue parent) {
    List<FairQueue> children = new ArrayList<>(parent.children);
    if (children.size() > 1) {
      children.sort(FairOrder.queues(parent.policy(), tree.cluster));
    }
    return children;
  }
}
