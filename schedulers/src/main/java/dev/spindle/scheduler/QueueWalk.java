package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The serving walk shared by the queue-based policies: from the root down, skipping subtrees
 * with nothing wanted or without room for a minimum container, each parent's children in the
 * policy's order; inside a leaf, its wanting applications in the leaf's order. The order of
 * leaves is fixed by {@link #first()}; usage changes after every allocation, so the core asks
 * for a fresh {@code first()} each time. A policy says how children are ordered, what room a
 * queue has, and what else it counts as applications come and go.
 *
 * @param <Q> the policy's queue class
 */
abstract class QueueWalk<Q extends PolicyQueue<Q>> implements WantingSet {

  private final List<Q> order = new ArrayList<>();
  private long stamp;

  abstract Q root();

  /** The leaf {@code app} sits in, or null once it is gone. */
  abstract Q leafOf(AppState app);

  /** Whether {@code queue} can still take a minimum-sized container under its maximum. */
  abstract boolean roomForMinimum(Q queue);

  /** The children of a parent in the order they are served. */
  abstract List<Q> servingOrder(Q parent);

  /** Adds {@code delta} to the wanting count of {@code leaf} and every ancestor. */
  static <Q extends PolicyQueue<Q>> void countWanting(Q leaf, int delta) {
    for (Q q = leaf; q != null; q = q.parent) {
      q.wantingInSubtree += delta;
    }
  }

  @Override
  public boolean isEmpty() {
    return root().wantingInSubtree == 0;
  }

  @Override
  public AppState first() {
    order.clear();
    stamp++;
    collect(root());
    return firstFrom(0);
  }

  @Override
  public AppState after(AppState app) {
    Q leaf = leafOf(app);
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
      Q leaf = order.get(i);
      if (!leaf.wanting.isEmpty()) {
        return leaf.wanting.first();
      }
    }
    return null;
  }

  /** Appends the leaves under {@code queue} in serving order; skips what cannot be served. */
  private void collect(Q queue) {
    if (queue.wantingInSubtree == 0 || !roomForMinimum(queue)) {
      return;
    }
    if (queue.isLeaf()) {
      queue.walkIndex = order.size();
      queue.walkStamp = stamp;
      order.add(queue);
      return;
    }
    for (Q child : servingOrder(queue)) {
      collect(child);
    }
  }
}
