package dev.spindle.scheduler;

/**
 * Keeps Fair's books in step with the core: queue usage up the tree and the leaf's AM usage
 * (an application's first container is its AM until the RM names another).
 */
final class FairBooks implements UsageListener {

  private final FairTree tree;

  FairBooks(FairTree tree) {
    this.tree = tree;
  }

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
    apply(app, ResourceVector.ZERO.minus(allocation.resource()), am, -1);
  }

  void charge(AppState app, Allocation allocation, boolean am) {
    apply(app, allocation.resource(), am, 1);
  }

  /** Moves the AM books to the named allocation from {@code previous} (or null). */
  void markAm(AppState app, Allocation allocation, Allocation previous) {
    if (app.amAllocationId() == allocation.allocationId()) {
      return;
    }
    FairQueue leaf = tree.leafOf(app);
    if (previous != null) {
      leaf.amUsed = leaf.amUsed.minus(previous.resource());
    }
    app.setAmAllocationId(allocation.allocationId());
    leaf.amUsed = leaf.amUsed.plus(allocation.resource());
  }

  private void apply(AppState app, ResourceVector delta, boolean am, int sign) {
    FairQueue leaf = tree.leafOf(app);
    for (FairQueue q = leaf; q != null; q = q.parent) {
      q.used = q.used.plus(delta);
      q.numContainers += sign;
    }
    if (am) {
      leaf.amUsed = leaf.amUsed.plus(delta);
    }
  }
}
