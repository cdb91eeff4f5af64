package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Capacity's cross-queue preemption, after the stock {@code ProportionalCapacityPreemptionPolicy}:
 * each leaf's ideal share is its demand up to its guarantee, plus a part of what is left in
 * proportion to guarantees, up to its demand and maximum. A leaf using more than its ideal
 * (beyond {@code max_ignored_over_capacity}) gives back {@code natural_termination_factor} of
 * the excess per round, all leaves together at most {@code total_preemption_per_round} of the
 * cluster. Victims: newest applications first, newest containers first, AM containers last.
 */
final class CapacityPreemption {

  private static final double EPSILON = 1e-6;

  private final CapacityTree tree;
  private final ClusterState state;

  CapacityPreemption(CapacityTree tree, ClusterState state) {
    this.tree = tree;
    this.state = state;
  }

  /** The containers this round would take back (allocation ids). */
  Set<Long> choose() {
    List<CapacityQueue> leaves = new ArrayList<>();
    for (CapacityQueue q : tree.queues()) {
      if (q.isLeaf()) {
        leaves.add(q);
      }
    }
    leaves.sort((a, b) -> a.path().compareTo(b.path()));
    double[] ideal = ideal(leaves);
    CapacityPreemptionConfig conf = tree.config.preemption();
    double[] take = new double[leaves.size()];
    double total = 0;
    for (int i = 0; i < leaves.size(); i++) {
      CapacityQueue leaf = leaves.get(i);
      double used = share(leaf.used);
      if (!leaf.conf.preemptionDisabled()
          && used > ideal[i] * (1 + CapacityTree.exact(conf.maxIgnoredOverCapacity())) + EPSILON) {
        take[i] = (used - ideal[i]) * CapacityTree.exact(conf.naturalTerminationFactor());
        total += take[i];
      }
    }
    double perRound = CapacityTree.exact(conf.totalPreemptionPerRound());
    double scale = total > perRound ? perRound / total : 1;
    Set<Long> chosen = new LinkedHashSet<>();
    for (int i = 0; i < leaves.size(); i++) {
      if (take[i] > EPSILON) {
        victims(leaves.get(i), take[i] * scale, chosen);
      }
    }
    return chosen;
  }

  /** Water-filling of the cluster (share 1) over the leaves' demands, guarantees first. */
  private double[] ideal(List<CapacityQueue> leaves) {
    int n = leaves.size();
    double[] ideal = new double[n];
    double[] cap = new double[n];
    double[] guarantee = new double[n];
    double remaining = 1;
    for (int i = 0; i < n; i++) {
      CapacityQueue leaf = leaves.get(i);
      double demand = share(leaf.used) + share(pending(leaf));
      guarantee[i] = share(leaf.guaranteed);
      cap[i] = Math.min(demand, share(leaf.maximum));
      ideal[i] = Math.min(cap[i], guarantee[i]);
      remaining -= ideal[i];
    }
    while (remaining > EPSILON) {
      double weights = 0;
      int wanting = 0;
      for (int i = 0; i < n; i++) {
        if (ideal[i] + EPSILON < cap[i]) {
          weights += guarantee[i];
          wanting++;
        }
      }
      if (wanting == 0) {
        break;
      }
      double given = 0;
      for (int i = 0; i < n; i++) {
        if (ideal[i] + EPSILON < cap[i]) {
          double part = weights > 0 ? remaining * guarantee[i] / weights : remaining / wanting;
          double give = Math.min(part, cap[i] - ideal[i]);
          ideal[i] += give;
          given += give;
        }
      }
      remaining -= given;
      if (given < EPSILON) {
        break;
      }
    }
    return ideal;
  }

  /**
   * Picks allocations of the leaf worth {@code amount} (a cluster share): outstanding offers
   * first (taking one back stops nothing), then containers, AMs last.
   */
  private void victims(CapacityQueue leaf, double amount, Set<Long> chosen) {
    List<AppState> apps = new ArrayList<>(leaf.apps.values());
    double left = amount;
    for (VictimPhase phase : VictimPhase.values()) {
      for (int a = apps.size() - 1; a >= 0 && left > EPSILON; a--) {
        AppState app = apps.get(a);
        List<Long> ids = app.allocationIds();
        for (int c = ids.size() - 1; c >= 0 && left > EPSILON; c--) {
          long id = ids.get(c);
          if (phase.takes(app, state.allocation(id))) {
            chosen.add(id);
            left -= share(state.allocation(id).resource());
          }
        }
      }
    }
  }

  private ResourceVector pending(CapacityQueue leaf) {
    ResourceVector total = ResourceVector.ZERO;
    for (AppState app : leaf.apps.values()) {
      total = total.plus(app.wanted(tree.cluster));
    }
    return total;
  }

  private double share(ResourceVector r) {
    return tree.rules.share(r, tree.cluster);
  }
}
