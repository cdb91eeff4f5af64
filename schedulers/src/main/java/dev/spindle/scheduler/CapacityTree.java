package dev.spindle.scheduler;

import dev.spindle.scheduler.CapacityValue.Mode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Capacity queue tree at run time: queues by path, their resources derived from the
 * cluster size, and the applications filed in their leaves. Swapped as a whole on reload
 * ({@link #rebuild}); the strategies hold this object, never a queue, across calls.
 */
final class CapacityTree {

  final ResourceRules rules;
  CapacityConfig config;
  CapacityQueue root;
  private Map<String, CapacityQueue> byPath = new HashMap<>();
  /** Running applications per user, for the per-user max-parallel-apps. */
  private final Map<String, Integer> runnableByUser = new HashMap<>();
  ResourceVector cluster = ResourceVector.ZERO;
  int numNodes;

  CapacityTree(ResourceRules rules, CapacityConfig config) {
    this.rules = rules;
    this.config = config;
    build();
  }

  CapacityQueue queue(String path) {
    return byPath.get(path);
  }

  Collection<CapacityQueue> queues() {
    return byPath.values();
  }

  CapacityQueue leafOf(AppState app) {
    return byPath.get(app.queuePath);
  }

  /** A queue named by short name or (partial) path; null when unknown or ambiguous. */
  CapacityQueue find(String nameOrPath) {
    List<String> paths = CapacityTreeLookup.find(config.queues(), nameOrPath);
    return paths.size() == 1 ? byPath.get(paths.get(0)) : null;
  }

  // --- structure --------------------------------------------------------------------------

  private void build() {
    byPath = new HashMap<>();
    for (CapacityQueueConfig conf : config.queues().values()) {
      CapacityQueue parent = conf.parentPath() == null ? null : byPath.get(conf.parentPath());
      CapacityQueue queue = new CapacityQueue(conf, parent);
      byPath.put(conf.path(), queue);
      if (parent == null) {
        root = queue;
      } else {
        parent.children.add(queue);
      }
    }
    resize(cluster, numNodes);
  }

  /**
   * Swaps in a new configuration and files the applications again, recharging every live
   * allocation, so books and wanting sets are rebuilt from the core's truth.
   */
  void rebuild(CapacityConfig newConfig, Collection<AppState> apps, AllocationLedger ledger,
      CapacityBooks books, CapacityWalk walk) {
    this.config = newConfig;
    runnableByUser.clear();
    build();
    for (AppState app : apps) {
      addApp(app, walk);
      for (long id : app.allocationIds()) {
        books.charge(app, ledger.get(id), id == app.amAllocationId());
      }
    }
  }

  // --- applications -----------------------------------------------------------------------

  /** Files an application in its leaf, running if max-parallel-apps allows, else waiting. */
  void addApp(AppState app, CapacityWalk walk) {
    CapacityQueue leaf = leafOf(app);
    leaf.apps.put(app.key(), app);
    leaf.user(app.spec.user()).applications++;
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      q.applicationsInSubtree++;
    }
    if (canRun(leaf, app.spec.user())) {
      makeRunnable(leaf, app, walk);
    } else {
      leaf.waiting.put(app.key(), app);
    }
  }

  /** Forgets an application and lets waiting ones run, in submission order. */
  void removeApp(AppState app, CapacityWalk walk) {
    CapacityQueue leaf = leafOf(app);
    if (leaf.apps.remove(app.key()) == null) {
      return;
    }
    CapacityUser user = leaf.user(app.spec.user());
    if (--user.applications == 0 && user.used.isZero()) {
      leaf.users.remove(user.name);
    }
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      q.applicationsInSubtree--;
    }
    if (leaf.waiting.remove(app.key()) == null) {
      for (CapacityQueue q = leaf; q != null; q = q.parent) {
        q.runnableInSubtree--;
      }
      runnableByUser.merge(app.spec.user(), -1, Integer::sum);
      promoteWaiting(walk);
    }
  }

  boolean runnable(AppState app) {
    CapacityQueue leaf = leafOf(app);
    return leaf != null && leaf.apps.containsKey(app.key())
        && !leaf.waiting.containsKey(app.key());
  }

  /**
   * Which limit keeps a waiting application from running, as canRun checks them, for
   * explanations: ": user U runs N of at most M applications" or the same of the first queue
   * on its path at its limit; empty when none holds it any more.
   */
  String runningAppsHolder(AppState app) {
    CapacityQueue leaf = leafOf(app);
    String user = app.spec.user();
    int userRuns = runnableByUser.getOrDefault(user, 0);
    if (userRuns >= config.maxParallelAppsOf(user)) {
      return ": user " + user + " runs " + userRuns + " of at most " + config.maxParallelAppsOf(user)
          + " applications (max-parallel-apps)";
    }
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      if (q.runnableInSubtree >= q.conf.maxParallelApps()) {
        return ": queue " + q.path() + " runs " + q.runnableInSubtree + " of at most "
            + q.conf.maxParallelApps() + " applications (max-parallel-apps)";
      }
    }
    return "";
  }

  private boolean canRun(CapacityQueue leaf, String user) {
    if (runnableByUser.getOrDefault(user, 0) >= config.maxParallelAppsOf(user)) {
      return false;
    }
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      if (q.runnableInSubtree >= q.conf.maxParallelApps()) {
        return false;
      }
    }
    return true;
  }

  private void makeRunnable(CapacityQueue leaf, AppState app, CapacityWalk walk) {
    for (CapacityQueue q = leaf; q != null; q = q.parent) {
      q.runnableInSubtree++;
    }
    runnableByUser.merge(app.spec.user(), 1, Integer::sum);
    if (app.asks.hasPending()) {
      walk.add(app);
    }
  }

  private void promoteWaiting(CapacityWalk walk) {
    List<AppState> candidates = new ArrayList<>();
    for (CapacityQueue q : byPath.values()) {
      candidates.addAll(q.waiting.values());
    }
    if (candidates.isEmpty()) {
      return;
    }
    candidates.sort((a, b) -> Long.compare(a.key(), b.key()));
    for (AppState app : candidates) {
      CapacityQueue leaf = leafOf(app);
      if (canRun(leaf, app.spec.user())) {
        leaf.waiting.remove(app.key());
        makeRunnable(leaf, app, walk);
      }
    }
  }

  // --- sizes ------------------------------------------------------------------------------

  /** Recomputes every queue's guaranteed and maximum resources for a new cluster size. */
  void resize(ResourceVector newCluster, int nodes) {
    this.cluster = newCluster;
    this.numNodes = nodes;
    root.guaranteed = newCluster;
    root.maximum = newCluster;
    root.capacity = 1;
    root.maximumCapacity = 1;
    root.absoluteCapacity = 1;
    sizeChildren(root);
  }

  private void sizeChildren(CapacityQueue parent) {
    float weights = 0;
    for (CapacityQueue child : parent.children) {
      weights += child.conf.capacity().mode() == Mode.WEIGHT ? child.conf.capacity().amount() : 0;
    }
    for (CapacityQueue child : parent.children) {
      CapacityValue cap = child.conf.capacity();
      CapacityValue max = child.conf.maximumCapacity();
      if (cap.mode() == Mode.ABSOLUTE) {
        child.guaranteed = cap.absolute().min(parent.guaranteed);
        child.capacity = fraction(child.guaranteed, parent.guaranteed);
      } else {
        double share = cap.mode() == Mode.WEIGHT ? exact(cap.amount()) / exact(weights)
            : exact(cap.amount()) / 100;
        child.capacity = (float) share;
        child.guaranteed = scale(parent.guaranteed, share);
      }
      if (max.mode() == Mode.ABSOLUTE) {
        child.maximum = max.absolute().min(parent.maximum);
        child.maximumCapacity = parent.maximum.isZero() ? 1 : fraction(child.maximum,
            parent.maximum);
      } else {
        double share = exact(max.amount()) / 100;
        child.maximumCapacity = (float) share;
        child.maximum = scale(parent.maximum, share);
      }
      child.maximum = child.maximum.max(child.guaranteed);
      child.absoluteCapacity = parent.absoluteCapacity * child.capacity;
      sizeChildren(child);
    }
  }

  /** {@code r} times {@code f}, rounded down per resource. */
  static ResourceVector scale(ResourceVector r, double f) {
    return r.scaleDown(f);
  }

  /**
   * The decimal a config float was written as: 0.02f widens to 0.0199999995..., which
   * would turn 2% of 100 GB into 2047 MB instead of 2048.
   */
  static double exact(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  private static float fraction(ResourceVector part, ResourceVector whole) {
    return whole.memoryMb() <= 0 ? 0 : Math.min(1f, (float) part.memoryMb() / whole.memoryMb());
  }

  // --- application limits -----------------------------------------------------------------

  /**
   * {@code maximum-applications} of a leaf: the explicit value, else the system-wide maximum
   * times the leaf's absolute capacity (stock {@code LeafQueue}).
   */
  int maxApplications(CapacityQueue leaf) {
    int explicit = leaf.conf.maxApplications();
    return explicit >= 0 ? explicit
        : (int) (config.maximumApplications() * leaf.absoluteCapacity);
  }

  /** Per user: the queue's maximum times minimum-user-limit-percent and user-limit-factor. */
  int maxApplicationsPerUser(CapacityQueue leaf) {
    float factor = leaf.conf.userLimitFactor() == -1 ? 1 : leaf.conf.userLimitFactor();
    double perUser = maxApplications(leaf) * (leaf.conf.minUserLimitPercent() / 100.0) * factor;
    return (int) Math.min(Integer.MAX_VALUE, perUser);
  }
}
