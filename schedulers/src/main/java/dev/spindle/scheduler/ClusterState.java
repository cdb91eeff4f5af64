package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy-independent state of a scheduler: nodes, applications with their asks, the
 * allocation ledger, and the applications that still want containers in policy order. Every
 * charge and credit goes through here so node, application and cluster totals agree.
 */
final class ClusterState {

  final ResourceRules rules;
  final NodeTable nodes;
  final AllocationLedger ledger = new AllocationLedger();
  /** By appKey, so listings come out in submission order. */
  private final Map<Long, AppState> apps = new TreeMap<>();
  /** Applications whose asks want containers, in policy order: what a pass walks. */
  private final WantingSet wanting;
  private final UsageListener listener;
  /**
   * Counts node fills: stamps misses so an explanation can tell the newer of an application's
   * and an ask's last miss. Never an input to decisions.
   */
  long tick;
  /** The caller's time (see {@link Scheduler#observeTime}): only for "waiting since". */
  long now;

  ClusterState(ResourceRules rules, WantingSet wanting, UsageListener listener) {
    this.rules = rules;
    this.nodes = new NodeTable(rules);
    this.wanting = wanting;
    this.listener = listener;
  }

  // --- applications -----------------------------------------------------------------------

  void addApp(AppState app) {
    if (apps.putIfAbsent(app.key(), app) != null) {
      throw new IllegalArgumentException("Application already added: " + app.key());
    }
  }

  AppState app(long appKey) {
    return apps.get(appKey);
  }

  /** Every application, in appKey order. */
  Collection<AppState> apps() {
    return apps.values();
  }

  /** Frees an application's allocations, drops it, and returns the freed ids. */
  List<Long> removeApp(long appKey) {
    AppState app = apps.get(appKey);
    if (app == null) {
      return List.of();
    }
    List<Long> ids = app.allocationIds();
    ids.forEach(this::free);
    wanting.remove(app);
    apps.remove(appKey);
    return ids;
  }

  /**
   * Re-files an application under a new spec and leaf (a move or a priority change), keeping
   * its asks and live allocations: its allocations are credited under the old spec,
   * {@code leave} and {@code join} take it out of the old leaf and into the new, and they are
   * charged again under the new spec (the AM container staying the AM).
   */
  void rehome(AppState app, AppSpec spec, String queuePath, Runnable leave, Runnable join) {
    boolean wanted = wanting.remove(app);
    long am = app.amAllocationId();
    List<Allocation> live = new ArrayList<>();
    for (long id : app.allocationIds()) {
      live.add(ledger.get(id));
    }
    live.forEach(a -> listener.credited(app, a));
    leave.run();
    app.respec(spec, queuePath);
    join.run();
    live.forEach(a -> listener.recharged(app, a, a.allocationId() == am));
    if (wanted) {
      wanting.add(app);
    }
  }

  /** Normalises and applies asks, then files the application as wanting or not. */
  void updateAsks(AppState app, Collection<Ask> asks) {
    for (Ask ask : asks) {
      app.asks.update(ask, rules.normalize(ask.capability()), now);
    }
    refreshWanting(app);
  }

  void clearAsks(AppState app) {
    app.asks.clear();
    refreshWanting(app);
  }

  /** Applications wanting containers, in policy order (a live view). */
  WantingSet wanting() {
    return wanting;
  }

  boolean usageSensitiveOrder() {
    return wanting.usageSensitive();
  }

  /** A live allocation by id, or null. */
  Allocation allocation(long allocationId) {
    return ledger.get(allocationId);
  }

  // --- allocations ------------------------------------------------------------------------

  /** Charges one container of the group's ANY size on the node and counts the asks down. */
  Allocation assign(AppState app, NodeState node, AskGroup group, Locality locality) {
    ResourceVector size = group.any().capability;
    Allocation allocation = ledger.record(app.key(), node.id(), size, group.key, locality);
    boolean reorder = wanting.usageSensitive() && wanting.remove(app);
    nodes.charge(node, allocation.allocationId(), size);
    app.charge(allocation.allocationId(), size);
    app.asks.allocated(group, locality, node.spec);
    listener.charged(app, allocation);
    if (reorder) {
      wanting.add(app);
    }
    refreshWanting(app);
    return allocation;
  }

  /**
   * Offers a framework {@code size} on the node: charged like a container until the framework
   * answers, so outstanding offers count against its share and its queue.
   */
  Allocation offer(AppState app, NodeState node, ResourceVector size) {
    Allocation offer = ledger.record(app.key(), node.id(), size, OFFER_KEY,
        Locality.OFF_SWITCH, true);
    charge(app, node, offer);
    app.framework.offered(node.id(), offer.allocationId());
    return offer;
  }

  /** Charges a container a framework launched out of an offer it accepted. */
  Allocation launch(AppState app, NodeState node, ResourceVector size) {
    Allocation container = ledger.record(app.key(), node.id(), size, OFFER_KEY,
        Locality.OFF_SWITCH, false);
    charge(app, node, container);
    return container;
  }

  /** The key of offers and of containers launched from them: no ask behind them. */
  private static final AskKey OFFER_KEY = new AskKey(0, 0);

  private void charge(AppState app, NodeState node, Allocation allocation) {
    boolean reorder = wanting.usageSensitive() && wanting.remove(app);
    nodes.charge(node, allocation.allocationId(), allocation.resource());
    app.charge(allocation.allocationId(), allocation.resource());
    listener.charged(app, allocation);
    if (reorder) {
      wanting.add(app);
    }
  }

  /**
   * Charges a container that already runs (recovered after an RM restart) as reported, with
   * no limit or room check and without touching the asks. Its locality is unknown, so it is
   * filed as off-switch.
   */
  Allocation recover(AppState app, NodeState node, ResourceVector size, AskKey key) {
    Allocation allocation = ledger.record(app.key(), node.id(), size, key, Locality.OFF_SWITCH);
    charge(app, node, allocation);
    return allocation;
  }

  /** Frees a live allocation exactly once; false when it was not live. */
  boolean free(long allocationId) {
    Allocation allocation = ledger.remove(allocationId);
    if (allocation == null) {
      return false;
    }
    NodeState node = nodes.get(allocation.nodeId());
    if (node != null) {
      nodes.credit(node, allocationId, allocation.resource());
    }
    AppState app = apps.get(allocation.appKey());
    if (app != null && allocation.offer() && app.framework != null) {
      app.framework.offerGone(allocation.nodeId());
    }
    if (app != null) {
      boolean reorder = wanting.usageSensitive() && wanting.remove(app);
      app.credit(allocationId, allocation.resource());
      listener.credited(app, allocation);
      if (reorder) {
        wanting.add(app);
      }
    }
    return true;
  }

  /** Frees every allocation on a node, forgets the node, and returns the freed ids. */
  List<Long> removeNode(String nodeId) {
    NodeState node = nodes.get(nodeId);
    if (node == null) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>(node.allocationIds());
    ids.forEach(this::free);
    nodes.remove(node);
    return ids;
  }

  /** Files an application as wanting or not after its asks or offer state changed. */
  void refreshWanting(AppState app) {
    if (app.wants()) {
      wanting.add(app);
    } else {
      wanting.remove(app);
    }
  }
}
