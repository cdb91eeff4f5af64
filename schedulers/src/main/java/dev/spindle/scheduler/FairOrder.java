package dev.spindle.scheduler;

import java.util.Comparator;

/**
 * The three Fair policies as orders over queues and over applications (stock
 * {@code FairSharePolicy}, {@code DominantResourceFairnessPolicy}, {@code FifoPolicy}).
 * Queues below their min share come first; then the lowest usage per weight (memory for
 * fair, dominant share for drf). Every order ends in a deterministic tie-break.
 */
final class FairOrder {

  private FairOrder() {}

  /** Orders the children of a parent by the parent's policy; {@code cluster} sizes shares. */
  static Comparator<FairQueue> queues(FairPolicy policy, ResourceVector cluster) {
    Comparator<FairQueue> byNeed = policy == FairPolicy.DRF
        ? Comparator.comparingDouble(q -> drfNeed(q, cluster))
        : Comparator.comparingDouble(FairOrder::fairNeed);
    return byNeed.thenComparing(FairQueue::path);
  }

  /**
   * One number per queue that sorts like the stock comparator: queues under their min share
   * map to [-1, 0) by how far they have got to it; the rest to usage divided by weight.
   */
  private static double fairNeed(FairQueue q) {
    long min = Math.min(q.minShare.memoryMb(), minDemand(q).memoryMb());
    if (q.used.memoryMb() < min) {
      return -1 + (double) q.used.memoryMb() / min;
    }
    return perWeight(q.used.memoryMb(), q.conf.weight());
  }

  private static double drfNeed(FairQueue q, ResourceVector cluster) {
    ResourceVector min = q.minShare.min(minDemand(q));
    double used = dominant(q.used, cluster);
    double minShare = dominant(min, cluster);
    if (!min.isZero() && !q.used.max(min).equals(q.used)) {
      // Below the min share in some resource.
      return minShare <= 0 ? -1 : -1 + Math.min(1, used / minShare);
    }
    return perWeight(used, q.conf.weight());
  }

  private static ResourceVector minDemand(FairQueue q) {
    // Demand is costly (it walks the subtree), so it is only computed when there is a min.
    return q.minShare.isZero() ? ResourceVector.ZERO : q.demand();
  }

  private static double perWeight(double usage, double weight) {
    return weight <= 0 ? Double.MAX_VALUE / 2 + usage : usage / weight;
  }

  /** The largest share over memory, vcores and every further resource type (GPUs, ...). */
  static double dominant(ResourceVector r, ResourceVector cluster) {
    return r.dominantShare(cluster);
  }

  /**
   * Orders a leaf's applications by the leaf's policy. The drf order compares the shares
   * stored by {@link #setKeys} when the application was filed; a leaf's set is re-filed when
   * the cluster changes size.
   */
  static Comparator<AppState> apps(FairPolicy policy) {
    return switch (policy) {
      case FIFO -> AppOrdering.FIFO;
      case FAIR -> Comparator.comparingLong((AppState a) -> a.used().memoryMb())
          .thenComparingLong(AppState::key);
      case DRF -> Comparator.comparingDouble((AppState a) -> a.orderKey)
          .thenComparingDouble(a -> a.orderKey2)
          .thenComparingLong(AppState::key);
    };
  }

  /** Stores the drf sort keys (dominant, then minor share) before filing an application. */
  static void setKeys(AppState app, ResourceVector cluster) {
    app.orderKey = dominant(app.used(), cluster);
    app.orderKey2 = minor(app.used(), cluster);
  }

  private static double minor(ResourceVector r, ResourceVector cluster) {
    return r.minorShare(cluster);
  }
}
