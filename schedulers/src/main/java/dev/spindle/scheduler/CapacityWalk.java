package dev.spindle.scheduler;

import java.util.Arrays;
import java.util.List;

/**
 * Capacity's serving order: children most below their guarantee first (used / guaranteed, the
 * stock "utilization" queue ordering), skipping subtrees at their maximum capacity; inside a
 * leaf, its fifo or fair order. Besides the walk's counts it keeps each leaf's active users
 * (users with a wanting application), which the user limit divides by.
 */
final class CapacityWalk extends QueueWalk<CapacityQueue> {

  private final CapacityTree tree;

  CapacityWalk(CapacityTree tree) {
    this.tree = tree;
  }

  /** Only running applications are walked; max-parallel-apps holds the others back. */
  @Override
  public void add(AppState app) {
    if (!tree.runnable(app)) {
      return;
    }
    CapacityQueue leaf = tree.leafOf(app);
    if (leaf.wanting.add(app)) {
      count(leaf, app, 1);
    }
  }

  @Override
  public boolean remove(AppState app) {
    CapacityQueue leaf = tree.leafOf(app);
    if (leaf == null || !leaf.wanting.remove(app)) {
      return false;
    }
    count(leaf, app, -1);
    return true;
  }

  private static void count(CapacityQueue leaf, AppState app, int delta) {
    countWanting(leaf, delta);
    CapacityUser user = leaf.user(app.spec.user());
    int before = user.wantingApplications;
    user.wantingApplications += delta;
    if (before == 0 && delta > 0) {
      leaf.activeUsers++;
    } else if (user.wantingApplications == 0 && delta < 0) {
      leaf.activeUsers--;
    }
  }

  @Override
  CapacityQueue root() {
    return tree.root;
  }

  @Override
  CapacityQueue leafOf(AppState app) {
    return tree.leafOf(app);
  }

  @Override
  boolean roomForMinimum(CapacityQueue queue) {
    return tree.rules.limitHasRoomForMinimum(queue.maximum.minus(queue.used));
  }

  @Override
  List<CapacityQueue> servingOrder(CapacityQueue parent) {
    int n = parent.children.size();
    CapacityQueue[] children = parent.children.toArray(new CapacityQueue[n]);
    double[] keys = new double[n];
    for (int i = 0; i < n; i++) {
      keys[i] = relativeUse(children[i]);
    }
    // Insertion sort: a parent has a handful of children, and the keys are computed once.
    for (int i = 1; i < n; i++) {
      CapacityQueue q = children[i];
      double k = keys[i];
      int j = i - 1;
      while (j >= 0 && (keys[j] > k
          || keys[j] == k && children[j].path().compareTo(q.path()) > 0)) {
        children[j + 1] = children[j];
        keys[j + 1] = keys[j];
        j--;
      }
      children[j + 1] = q;
      keys[j + 1] = k;
    }
    return Arrays.asList(children);
  }

  /** Used over guaranteed; queues without a guarantee come after every queue with one. */
  private double relativeUse(CapacityQueue queue) {
    double used = tree.rules.share(queue.used, tree.cluster);
    double guaranteed = tree.rules.share(queue.guaranteed, tree.cluster);
    return guaranteed <= 0 ? 1e9 + used : used / guaranteed;
  }
}
