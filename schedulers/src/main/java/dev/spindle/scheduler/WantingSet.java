package dev.spindle.scheduler;

import java.util.TreeSet;

/**
 * The applications that still want containers, and the order in which a node-filling pass
 * offers a node to them. FIFO keeps one globally ordered set; Capacity walks its queue tree
 * (most under-served queue first) and Fair its share order, so the walk is a strategy.
 */
interface WantingSet {

  /** Files an application as wanting; adding one that is already there changes nothing. */
  void add(AppState app);

  /** Takes an application out; true when it was there. */
  boolean remove(AppState app);

  boolean isEmpty();

  /** The application a pass offers a node to first, or null when nobody wants anything. */
  AppState first();

  /**
   * The application after {@code app} in the order fixed by the last {@link #first()} call,
   * or null; {@code app} may have left the set since.
   */
  AppState after(AppState app);

  /**
   * True when the order depends on usage. The core then takes an application out before
   * charging or crediting it and puts it back after, and restarts a pass from
   * {@link #first()} after every allocation.
   */
  boolean usageSensitive();

  /** One set in a single total order over applications (FIFO, or any flat policy). */
  static WantingSet ordered(AppOrdering ordering) {
    TreeSet<AppState> set = new TreeSet<>(ordering);
    return new WantingSet() {
      @Override
      public void add(AppState app) {
        set.add(app);
      }

      @Override
      public boolean remove(AppState app) {
        return set.remove(app);
      }

      @Override
      public boolean isEmpty() {
        return set.isEmpty();
      }

      @Override
      public AppState first() {
        return set.isEmpty() ? null : set.first();
      }

      @Override
      public AppState after(AppState app) {
        // higher() works even when the application has just left the set.
        return set.higher(app);
      }

      @Override
      public boolean usageSensitive() {
        return ordering.usageSensitive();
      }
    };
  }
}
