package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Capacity's serving order: from the root down, children most below their guarantee first
 * (used / guaranteed, the stock "utilization" queue ordering), skipping subtrees with nothing
 * pending and subtrees at their maximum capacity; inside a leaf, its fifo or fair order. The
 * order of leaves is fixed by {@link #first()}; usage changes after every allocation, so the
 * core asks for a fresh {@code first()} each time.
 */
final class CapacityWalk implements WantingSet {

  private final CapacityTree tree;
  private final List<CapacityQueue> order = new ArrayList<>();
  private long stamp;

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
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      q.wantingInSubtree += delta;
    }
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
    CapacityQueue leaf = tree.leafOf(app);
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
      CapacityQueue leaf = order.get(i);
      if (!leaf.wanting.isEmpty()) {
        return leaf.wanting.first();
      }
    }
    return null;
  }

  /** Appends the leaves under {@code queue} in serving order; skips what cannot be served. */
  private void collect(CapacityQueue queue) {
    if (queue.wantingInSubtree == 0 || !roomForMinimum(queue)) {
      return;
    }
    if (queue.isLeaf()) {
      queue.walkIndex = order.size();
      queue.walkStamp = stamp;
      order.add(queue);
      return;
    }
    int n = queue.children.size();
    CapacityQueue[] children = queue.children.toArray(new CapacityQueue[n]);
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
    for (CapacityQueue child : children) {
      collect(child);
    }
  }

  private boolean roomForMinimum(CapacityQueue queue) {
    return tree.rules.hasRoomForMinimum(queue.maximum.minus(queue.used));
  }

  /** Used over guaranteed; queues without a guarantee come after every queue with one. */
  private double relativeUse(CapacityQueue queue) {
    double used = tree.rules.share(queue.used, tree.cluster);
    double guaranteed = tree.rules.share(queue.guaranteed, tree.cluster);
    return guaranteed <= 0 ? 1e9 + used : used / guaranteed;
  }
}
