package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fair's preemption decisions (after stock {@code FSPreemptionThread} and the starvation
 * checks of {@code FSLeafQueue}): a leaf below min(minShare, demand) for its
 * minSharePreemptionTimeout, or below fairSharePreemptionThreshold x fair share for its
 * fairSharePreemptionTimeout, is starved by that much. Containers are taken from leaves
 * above their fair share that allow preemption, most over-served first, newest applications
 * and containers first, AMs last, never taking a victim below its fair share. Nothing is
 * taken while the cluster is used below the utilization threshold.
 */
final class FairPreemption {

  private final FairTree tree;
  private final ClusterState state;

  FairPreemption(FairTree tree, ClusterState state) {
    this.tree = tree;
    this.state = state;
  }

  Set<Long> choose(long nowMs) {
    tree.refreshShares();
    List<FairQueue> leaves = new ArrayList<>();
    for (FairQueue q : tree.queues()) {
      if (q.isLeaf()) {
        leaves.add(q);
      }
    }
    leaves.sort(Comparator.comparing(FairQueue::path));
    ResourceVector starved = ResourceVector.ZERO;
    List<FairQueue> hungry = new ArrayList<>();
    for (FairQueue leaf : leaves) {
      ResourceVector need = starvation(leaf, nowMs);
      if (!need.isZero()) {
        starved = starved.plus(need);
        hungry.add(leaf);
      }
    }
    Set<Long> chosen = new LinkedHashSet<>();
    double used = FairOrder.dominant(state.nodes.used(), tree.cluster);
    if (starved.isZero() || used < tree.config.preemption().utilizationThreshold()) {
      return chosen;
    }
    List<FairQueue> victims = new ArrayList<>();
    for (FairQueue leaf : leaves) {
      if (!hungry.contains(leaf) && leaf.conf.allowPreemptionFrom()
          && !leaf.used.fitsInMemoryAndVcores(leaf.fairShare)) {
        victims.add(leaf);
      }
    }
    victims.sort(Comparator.comparingDouble((FairQueue q) -> -overShare(q))
        .thenComparing(FairQueue::path));
    ResourceVector left = starved;
    for (FairQueue victim : victims) {
      left = take(victim, left, chosen);
      if (left.isZero()) {
        break;
      }
    }
    return chosen;
  }

  /** How much the leaf is starved by now, updating when its starvation began. */
  private ResourceVector starvation(FairQueue leaf, long nowMs) {
    ResourceVector demand = leaf.demand(tree.cluster);
    ResourceVector wanted = demand.minus(leaf.used).clampToZero();
    ResourceVector minNeed = leaf.minShare.min(demand).minus(leaf.used).clampToZero();
    leaf.belowMinShareSince = minNeed.isZero() ? -1
        : leaf.belowMinShareSince < 0 ? nowMs : leaf.belowMinShareSince;
    double threshold = leaf.conf.fairSharePreemptionThreshold();
    ResourceVector fairLine = ResourceVector.of((long) (leaf.fairShare.memoryMb() * threshold),
        (long) (leaf.fairShare.vcores() * threshold));
    boolean belowFair = !wanted.isZero() && !fairLine.fitsIn(leaf.used);
    leaf.belowFairShareSince = !belowFair ? -1
        : leaf.belowFairShareSince < 0 ? nowMs : leaf.belowFairShareSince;
    ResourceVector need = ResourceVector.ZERO;
    if (leaf.belowMinShareSince >= 0
        && nowMs - leaf.belowMinShareSince >= leaf.conf.minSharePreemptionTimeoutMs()) {
      need = minNeed;
    }
    if (leaf.belowFairShareSince >= 0
        && nowMs - leaf.belowFairShareSince >= leaf.conf.fairSharePreemptionTimeoutMs()) {
      need = need.max(leaf.fairShare.minus(leaf.used).clampToZero());
    }
    return need.min(wanted);
  }

  /** Chooses containers of one victim, never below its fair share; returns what is left. */
  private ResourceVector take(FairQueue victim, ResourceVector left, Set<Long> chosen) {
    List<AppState> apps = new ArrayList<>(victim.apps.values());
    ResourceVector remaining = victim.used;
    for (VictimPhase phase : VictimPhase.values()) {
      for (int a = apps.size() - 1; a >= 0 && !left.isZero(); a--) {
        AppState app = apps.get(a);
        List<Long> ids = app.allocationIds();
        for (int c = ids.size() - 1; c >= 0 && !left.isZero(); c--) {
          long id = ids.get(c);
          if (!phase.takes(app, state.allocation(id))) {
            continue;
          }
          ResourceVector size = state.allocation(id).resource();
          ResourceVector after = remaining.minus(size);
          if (!victim.fairShare.fitsIn(after)) {
            return left;
          }
          chosen.add(id);
          remaining = after;
          left = left.minus(size).clampToZero();
        }
      }
    }
    return left;
  }

  private double overShare(FairQueue q) {
    double fair = FairOrder.dominant(q.fairShare, tree.cluster);
    double used = FairOrder.dominant(q.used, tree.cluster);
    return fair <= 0 ? Double.MAX_VALUE : used / fair;
  }
}
