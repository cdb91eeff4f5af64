package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Fair queue tree at run time: declared and dynamic queues, shares resolved against the
 * cluster size, the applications of each leaf with the maxRunningApps gate, and fair shares
 * (recomputed lazily when the active queues or the cluster change).
 */
final class FairTree {

  final ResourceRules rules;
  FairConfig config;
  FairQueue root;
  private Map<String, FairQueue> byPath = new HashMap<>();
  /** Running applications per user, for the per-user maxRunningApps. */
  private final Map<String, Integer> runnableByUser = new HashMap<>();
  ResourceVector cluster = ResourceVector.ZERO;
  int numNodes;
  private boolean sharesStale = true;

  FairTree(ResourceRules rules, FairConfig config) {
    this.rules = rules;
    this.config = config;
    build();
  }

  FairQueue queue(String path) {
    return byPath.get(path);
  }

  Collection<FairQueue> queues() {
    return byPath.values();
  }

  FairQueue leafOf(AppState app) {
    return byPath.get(app.queuePath);
  }

  /** A queue by full path, or by path without the {@code root.} prefix. */
  FairQueue find(String nameOrPath) {
    FairQueue q = byPath.get(nameOrPath);
    return q != null ? q : byPath.get(FairConfig.ROOT + "." + nameOrPath);
  }

  // --- structure --------------------------------------------------------------------------

  private void build() {
    byPath = new HashMap<>();
    for (FairQueueConfig conf : config.queues().values()) {
      add(conf, false);
    }
    resize(cluster, numNodes);
  }

  private FairQueue add(FairQueueConfig conf, boolean dynamic) {
    FairQueue parent = conf.parentPath() == null ? null : byPath.get(conf.parentPath());
    FairQueue queue = new FairQueue(conf, parent, dynamic);
    queue.wanting = new TreeSet<>(FairOrder.apps(conf.policy()));
    byPath.put(conf.path(), queue);
    if (parent == null) {
      root = queue;
    } else {
      parent.children.add(queue);
    }
    resolve(queue);
    sharesStale = true;
    return queue;
  }

  /** Creates a leaf a placement rule named, with any missing parents, from the defaults. */
  FairQueue createLeaf(String path) {
    FairQueue existing = byPath.get(path);
    if (existing != null) {
      return existing;
    }
    String parentPath = path.substring(0, path.lastIndexOf('.'));
    FairQueue parent = byPath.get(parentPath);
    if (parent == null) {
      parent = createParent(parentPath);
    }
    return add(dynamicConfig(path, parent, false), true);
  }

  private FairQueue createParent(String path) {
    String parentPath = path.substring(0, path.lastIndexOf('.'));
    FairQueue parent = byPath.get(parentPath);
    if (parent == null) {
      parent = createParent(parentPath);
    }
    return add(dynamicConfig(path, parent, true), true);
  }

  private FairQueueConfig dynamicConfig(String path, FairQueue parent, boolean asParent) {
    try {
      FairQueueConfig leaf = FairQueueBuilder.dynamic(path, parent.conf, config.dynamicDefaults());
      return asParent ? new FairQueueConfig(leaf.path(), leaf.name(), List.of(), true,
          leaf.weight(), leaf.minResources(), leaf.maxResources(), leaf.maxRunningApps(),
          leaf.maxAmShare(), parent.conf.policy(), leaf.submitAcl(), leaf.adminAcl(),
          leaf.minSharePreemptionTimeoutMs(), leaf.fairSharePreemptionTimeoutMs(),
          leaf.fairSharePreemptionThreshold(), leaf.allowPreemptionFrom(),
          leaf.maxContainerAllocation()) : leaf;
    } catch (ConfigProblem e) {
      // The defaults were validated with the file, so under a valid parent this cannot fail;
      // the parent's policy may forbid the default (fair under fifo is not possible).
      throw new IllegalStateException(e.rejection.message(), e);
    }
  }

  /** True when {@code path} exists as a leaf or could be created as one. */
  boolean leafPossible(String path) {
    FairQueue q = byPath.get(path);
    if (q != null) {
      return q.isLeaf();
    }
    int dot = path.lastIndexOf('.');
    return dot > 0 && parentPossible(path.substring(0, dot));
  }

  boolean parentPossible(String path) {
    FairQueue q = byPath.get(path);
    if (q != null) {
      return !q.isLeaf();
    }
    int dot = path.lastIndexOf('.');
    return dot > 0 && parentPossible(path.substring(0, dot));
  }

  /** Swaps in a new configuration, keeping dynamic queues that still hold applications. */
  void rebuild(FairConfig newConfig, Collection<AppState> apps, AllocationLedger ledger,
      FairBooks books, FairWalk walk) {
    this.config = newConfig;
    runnableByUser.clear();
    build();
    for (AppState app : apps) {
      if (!byPath.containsKey(app.queuePath)) {
        createLeaf(app.queuePath);
      }
      addApp(app, walk);
      for (long id : app.allocationIds()) {
        books.charge(app, ledger.get(id), id == app.amAllocationId());
      }
    }
  }

  // --- sizes and shares -------------------------------------------------------------------

  void resize(ResourceVector newCluster, int nodes) {
    this.cluster = newCluster;
    this.numNodes = nodes;
    for (FairQueue q : byPath.values()) {
      resolve(q);
      if (q.policy() == FairPolicy.DRF && !q.wanting.isEmpty()) {
        // The drf order depends on the cluster size: re-sort.
        List<AppState> all = new ArrayList<>(q.wanting);
        q.wanting.clear();
        for (AppState app : all) {
          FairOrder.setKeys(app, newCluster);
          q.wanting.add(app);
        }
      }
    }
    sharesStale = true;
  }

  private void resolve(FairQueue q) {
    q.minShare = q.conf.minResources().resolve(cluster);
    q.maxShare = q.conf.maxResources().resolve(cluster).min(
        ResourceVector.of(Long.MAX_VALUE, Long.MAX_VALUE));
  }

  /** Fair shares for the current active queues; recomputed only when something changed. */
  void refreshShares() {
    if (sharesStale) {
      root.fairShare = cluster;
      FairShares.distribute(root);
      sharesStale = false;
    }
  }

  void sharesChanged() {
    sharesStale = true;
  }

  // --- applications and maxRunningApps ----------------------------------------------------

  /** Files an application in its leaf, runnable if the limits allow, else waiting. */
  void addApp(AppState app, FairWalk walk) {
    FairQueue leaf = leafOf(app);
    leaf.apps.put(app.key(), app);
    if (canRun(leaf, app.spec.user())) {
      makeRunnable(leaf, app, walk);
    } else {
      leaf.waiting.put(app.key(), app);
    }
  }

  /** Forgets an application and lets waiting ones run in submission order. */
  void removeApp(AppState app, FairWalk walk) {
    FairQueue leaf = leafOf(app);
    if (leaf == null || leaf.apps.remove(app.key()) == null) {
      return;
    }
    if (leaf.waiting.remove(app.key()) == null) {
      for (FairQueue q = leaf; q != null; q = q.parent) {
        q.runnableInSubtree--;
      }
      runnableByUser.merge(app.spec.user(), -1, Integer::sum);
      sharesStale = true;
      promoteWaiting(walk);
    }
  }

  boolean runnable(AppState app) {
    FairQueue leaf = leafOf(app);
    return leaf != null && leaf.apps.containsKey(app.key())
        && !leaf.waiting.containsKey(app.key());
  }

  /**
   * Which limit keeps a waiting application from running, as canRun checks them, for
   * explanations: ": user U runs N of at most M applications" or the same of the first queue
   * on its path at its limit; empty when none holds it any more.
   */
  String runningAppsHolder(AppState app) {
    FairQueue leaf = leafOf(app);
    String user = app.spec.user();
    int userRuns = runnableByUser.getOrDefault(user, 0);
    if (userRuns >= config.maxAppsOf(user)) {
      return ": user " + user + " runs " + userRuns + " of at most " + config.maxAppsOf(user)
          + " applications (maxRunningApps)";
    }
    for (FairQueue q = leaf; q != null; q = q.parent) {
      if (q.runnableInSubtree >= q.conf.maxRunningApps()) {
        return ": queue " + q.path() + " runs " + q.runnableInSubtree + " of at most "
            + q.conf.maxRunningApps() + " applications (maxRunningApps)";
      }
    }
    return "";
  }

  private boolean canRun(FairQueue leaf, String user) {
    if (runnableByUser.getOrDefault(user, 0) >= config.maxAppsOf(user)) {
      return false;
    }
    for (FairQueue q = leaf; q != null; q = q.parent) {
      if (q.runnableInSubtree >= q.conf.maxRunningApps()) {
        return false;
      }
    }
    return true;
  }

  private void makeRunnable(FairQueue leaf, AppState app, FairWalk walk) {
    for (FairQueue q = leaf; q != null; q = q.parent) {
      q.runnableInSubtree++;
    }
    runnableByUser.merge(app.spec.user(), 1, Integer::sum);
    sharesStale = true;
    if (app.asks.hasPending()) {
      walk.add(app);
    }
  }

  private void promoteWaiting(FairWalk walk) {
    List<AppState> candidates = new ArrayList<>();
    for (FairQueue q : byPath.values()) {
      candidates.addAll(q.waiting.values());
    }
    candidates.sort((a, b) -> Long.compare(a.key(), b.key()));
    for (AppState app : candidates) {
      FairQueue leaf = leafOf(app);
      if (canRun(leaf, app.spec.user())) {
        leaf.waiting.remove(app.key());
        makeRunnable(leaf, app, walk);
      }
    }
  }
}
