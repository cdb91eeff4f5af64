package dev.spindle.scheduler;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One queue of the Capacity tree at run time: its configuration, its resources as derived
 * from the cluster size (guaranteed and maximum), and its books. A leaf also holds its
 * applications, its users and the applications that want containers in the leaf's ordering
 * policy (fifo, or fair: least memory used first).
 */
final class CapacityQueue extends PolicyQueue<CapacityQueue> {

  /** Stock FairOrderingPolicy: less memory in use first, then submission order. */
  static final Comparator<AppState> FAIR_ORDER = Comparator
      .comparingLong((AppState a) -> a.used().memoryMb()).thenComparingLong(AppState::key);

  final CapacityQueueConfig conf;
  /** The configured fractions as the decimals written (see CapacityTree#exact), once. */
  final double userLimitFactor;
  final double minUserLimitFraction;
  final double maxAmFraction;

  // --- derived from the cluster size (see CapacityTree#resize) -----------------------------
  ResourceVector guaranteed = ResourceVector.ZERO;
  ResourceVector maximum = ResourceVector.ZERO;
  /** Shares of the parent and of the cluster, for views (QueueInfo reports fractions). */
  float capacity;
  float maximumCapacity;
  float absoluteCapacity;

  // --- books ------------------------------------------------------------------------------
  ResourceVector used = ResourceVector.ZERO;
  int numContainers;
  /** Applications in this queue's subtree (for the removed-queue check on reload). */
  int applicationsInSubtree;
  /** Running applications in the subtree: max-parallel-apps counts these. */
  int runnableInSubtree;

  // --- leaf only ----------------------------------------------------------------------
  ResourceVector amUsed = ResourceVector.ZERO;
  /** Applications held back by max-parallel-apps, in submission order. */
  final TreeMap<Long, AppState> waiting = new TreeMap<>();
  final Map<String, CapacityUser> users = new HashMap<>();
  int activeUsers;

  CapacityQueue(CapacityQueueConfig conf, CapacityQueue parent) {
    super(parent);
    this.conf = conf;
    this.userLimitFactor = CapacityTree.exact(conf.userLimitFactor());
    this.minUserLimitFraction = CapacityTree.exact(conf.minUserLimitPercent()) / 100;
    this.maxAmFraction = CapacityTree.exact(conf.maxAmPercent());
    this.wanting = new TreeSet<>(conf.fairOrdering() ? FAIR_ORDER : AppOrdering.FIFO);
  }

  @Override
  String path() {
    return conf.path();
  }

  @Override
  boolean isLeaf() {
    return conf.isLeaf();
  }

  /** Running unless it or an ancestor is STOPPED. */
  boolean running() {
    return conf.running() && (parent == null || parent.running());
  }

  CapacityUser user(String name) {
    return users.computeIfAbsent(name, CapacityUser::new);
  }
}
