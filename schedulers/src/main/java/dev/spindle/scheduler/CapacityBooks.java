package dev.spindle.scheduler;

/**
 * Keeps Capacity's books in step with the core: every charge and credit is applied to the
 * application's leaf and all its ancestors, to the user, and to the AM usage when the
 * container is the application's AM.
 */
final class CapacityBooks implements UsageListener {

  private final CapacityTree tree;

  CapacityBooks(CapacityTree tree) {
    this.tree = tree;
  }

  /**
   * An application's first container is its AM until the RM says otherwise: YARN always
   * allocates the AM container before any other of the attempt.
   */
  @Override
  public void charged(AppState app, Allocation allocation) {
    boolean am = app.amAllocationId() < 0 && app.numContainers() == 1
        && !app.spec.unmanagedAm();
    if (am) {
      app.setAmAllocationId(allocation.allocationId());
    }
    charge(app, allocation, am);
  }

  @Override
  public void recharged(AppState app, Allocation allocation, boolean am) {
    if (am) {
      app.setAmAllocationId(allocation.allocationId());
    }
    charge(app, allocation, am);
  }

  @Override
  public void credited(AppState app, Allocation allocation) {
    boolean am = app.amAllocationId() == allocation.allocationId();
    if (am) {
      app.setAmAllocationId(-1);
    }
    apply(app, allocation.resource(), am, -1);
  }

  /** Charges one live allocation (also used to rebuild the books after a reload). */
  void charge(AppState app, Allocation allocation, boolean am) {
    apply(app, allocation.resource(), am, 1);
  }

  /**
   * Moves the AM books to the allocation the RM names; {@code previous} is the live
   * allocation counted as the AM so far, or null.
   */
  void markAm(AppState app, Allocation allocation, Allocation previous) {
    if (app.amAllocationId() == allocation.allocationId()) {
      return;
    }
    CapacityQueue leaf = tree.leafOf(app);
    CapacityUser user = leaf.user(app.spec.user());
    if (previous != null) {
      leaf.amUsed = leaf.amUsed.minus(previous.resource());
      user.amUsed = user.amUsed.minus(previous.resource());
    }
    app.setAmAllocationId(allocation.allocationId());
    leaf.amUsed = leaf.amUsed.plus(allocation.resource());
    user.amUsed = user.amUsed.plus(allocation.resource());
  }

  private void apply(AppState app, ResourceVector r, boolean am, int sign) {
    ResourceVector delta = sign > 0 ? r : ResourceVector.ZERO.minus(r);
    CapacityQueue leaf = tree.leafOf(app);
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      q.used = q.used.plus(delta);
      q.numContainers += sign;
    }
    CapacityUser user = leaf.user(app.spec.user());
    user.used = user.used.plus(delta);
    if (am) {
      leaf.amUsed = leaf.amUsed.plus(delta);
      user.amUsed = user.amUsed.plus(delta);
    }
  }
}
