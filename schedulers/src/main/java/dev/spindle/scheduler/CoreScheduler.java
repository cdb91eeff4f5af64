package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The policy-independent half of every Spindle scheduler: node and application tables, asks,
 * blacklists, allocation bookkeeping, normalisation, the effective maximum allocation and the
 * scheduling passes. A policy supplies its ordering, locality delay and limits as strategies,
 * and answers the queue questions (where an application goes, headroom, queue views).
 */
abstract class CoreScheduler implements Scheduler, OfferScheduling {

  final ClusterState state;
  private final NodeFiller filler;
  private final Explainer explainer;
  /** Nodes offered to the applications by every pass so far (see {@link #nodeVisits}). */
  private long nodeVisits;

  CoreScheduler(SchedulerSettings settings, AppOrdering ordering, LocalityDelay delay,
      AssignmentLimit limit) {
    this(settings, WantingSet.ordered(ordering), delay, limit, UsageListener.NONE);
  }

  /** For policies that walk applications their own way and keep their own books. */
  CoreScheduler(SchedulerSettings settings, WantingSet wanting, LocalityDelay delay,
      AssignmentLimit limit, UsageListener listener) {
    this.state = new ClusterState(new ResourceRules(settings), wanting, listener);
    this.filler = new NodeFiller(state, delay, limit, this::offerRoom);
    this.explainer = new Explainer(state, delay, this);
  }

  // --- policy questions -------------------------------------------------------------------

  /**
   * The full path of the leaf queue an accepted application joins. Only called after
   * {@link #checkSubmission} accepted it.
   */
  abstract String queuePathOf(AppSpec app);

  // --- nodes ------------------------------------------------------------------------------

  @Override
  public void addNode(NodeSpec node) {
    state.nodes.add(node);
  }

  @Override
  public List<Long> removeNode(String nodeId) {
    return state.removeNode(nodeId);
  }

  @Override
  public void setNodeSchedulable(String nodeId, boolean schedulable) {
    NodeState node = state.nodes.get(nodeId);
    if (node != null) {
      state.nodes.setSchedulable(node, schedulable);
    }
  }

  // --- applications -----------------------------------------------------------------------

  @Override
  public Optional<Rejection> addApplication(AppSpec app) {
    Optional<Rejection> rejection = checkSubmission(app);
    if (rejection.isEmpty()) {
      state.addApp(new AppState(app, queuePathOf(app)));
    }
    return rejection;
  }

  @Override
  public List<Long> removeApplication(long appKey) {
    return state.removeApp(appKey);
  }

  /** A policy without queues cannot move (stock FifoScheduler refuses the same way). */
  @Override
  public Optional<Rejection> moveApplication(long appKey, String targetQueue) {
    return Optional.of(new Rejection(Rejection.Reason.UNKNOWN_QUEUE,
        name() + " scheduler does not support moving applications between queues"));
  }

  @Override
  public void updatePriority(long appKey, int priority) {
    AppState app = state.app(appKey);
    if (app != null && app.spec.priority() != priority) {
      AppSpec s = app.spec;
      refile(app, new AppSpec(s.appKey(), s.queue(), s.user(), priority, s.unmanagedAm()),
          app.queuePath);
    }
  }

  /** Re-files an application under a new spec and leaf; queue policies move it in their tree. */
  void refile(AppState app, AppSpec spec, String queuePath) {
    state.rehome(app, spec, queuePath, () -> { }, () -> { });
  }

  /** Calls for an application the scheduler does not know (already removed) are ignored. */
  @Override
  public void updateAsks(long appKey, Collection<Ask> asks) {
    AppState app = state.app(appKey);
    if (app != null) {
      state.updateAsks(app, asks);
    }
  }

  @Override
  public void clearAsks(long appKey) {
    AppState app = state.app(appKey);
    if (app != null) {
      state.clearAsks(app);
    }
  }

  @Override
  public void updateBlacklist(long appKey, Collection<String> additions,
      Collection<String> removals) {
    AppState app = state.app(appKey);
    if (app != null) {
      app.updateBlacklist(additions, removals);
    }
  }

  @Override
  public boolean release(long allocationId) {
    return state.free(allocationId);
  }

  @Override
  public Optional<Allocation> recoverAllocation(long appKey, String nodeId,
      ResourceVector size, int priority, long allocationRequestId, boolean isAm) {
    AppState app = state.app(appKey);
    NodeState node = state.nodes.get(nodeId);
    if (app == null || node == null) {
      return Optional.empty();
    }
    Allocation allocation = state.recover(app, node, size,
        new AskKey(priority, allocationRequestId));
    if (isAm && this instanceof AmContainerAware aware) {
      aware.markAmContainer(allocation.allocationId());
    }
    return Optional.of(allocation);
  }

  // --- scheduling -------------------------------------------------------------------------

  @Override
  public List<Allocation> allocateOn(String nodeId) {
    NodeState node = state.nodes.get(nodeId);
    if (node == null) {
      return List.of();
    }
    Pass pass = new Pass();
    List<Allocation> placed = filler.fill(node, pass);
    nodeVisits += pass.visits();
    return placed;
  }

  /**
   * Fills nodes in node-id order, visiting only nodes with room for the smallest memory an
   * application that can still place something wants; stops as soon as no such application
   * is left (nobody wants anything, or limits refuse everything that is wanted) or no node
   * could hold what is wanted. An ask that cannot be placed now therefore costs a visit to
   * the nodes that could hold it, not a walk over the cluster.
   */
  @Override
  public List<Allocation> allocateAll() {
    List<Allocation> placed = new ArrayList<>();
    Pass pass = new Pass();
    String nodeId = null;
    while (true) {
      long smallest = pass.smallestWanted(state.wanting(),
          state.rules.settings().minimumAllocation().memoryMb());
      nodeId = smallest < 0 ? null : state.nodes.nextWithRoom(nodeId, smallest);
      if (nodeId == null) {
        break;
      }
      placed.addAll(filler.fill(state.nodes.get(nodeId), pass));
    }
    nodeVisits += pass.visits();
    return placed;
  }

  @Override
  public long nodeVisits() {
    return nodeVisits;
  }

  // --- offer mode -----------------------------------------------------------------------

  /**
   * The most a framework may be offered now (before the node's own free space): its
   * headroom, unless a policy caps offers otherwise.
   */
  ResourceVector offerRoom(AppState app) {
    return headroom(app.key());
  }

  @Override
  public boolean registerFramework(long appKey) {
    AppState app = state.app(appKey);
    if (app == null) {
      return false;
    }
    if (app.framework == null) {
      app.framework = new Framework();
      state.refreshWanting(app);
    }
    return true;
  }

  @Override
  public boolean isFramework(long appKey) {
    AppState app = state.app(appKey);
    return app != null && app.framework != null;
  }

  @Override
  public void suppressOffers(long appKey) {
    AppState app = state.app(appKey);
    if (app != null && app.framework != null) {
      app.framework.suppress();
      state.refreshWanting(app);
    }
  }

  @Override
  public void reviveOffers(long appKey) {
    AppState app = state.app(appKey);
    if (app != null && app.framework != null) {
      app.framework.revive();
      state.refreshWanting(app);
    }
  }

  @Override
  public OfferAnswer acceptOffer(long appKey, long offerId, List<ResourceVector> launches,
      long refuseUntil, long now) {
    AppState app = state.app(appKey);
    String refused = checkOffer(app, appKey, offerId);
    if (refused != null) {
      return OfferAnswer.refused(refused);
    }
    Allocation offer = state.allocation(offerId);
    List<ResourceVector> sizes = new ArrayList<>(launches.size());
    ResourceVector total = ResourceVector.ZERO;
    for (ResourceVector launch : launches) {
      ResourceVector size = state.rules.normalize(launch);
      sizes.add(size);
      total = total.plus(size);
    }
    if (!total.fitsIn(offer.resource())) {
      return OfferAnswer.refused("Offer " + offerId + " holds " + offer.resource()
          + " but the launches need " + total);
    }
    NodeState node = state.nodes.get(offer.nodeId());
    state.free(offerId);
    List<Allocation> launched = new ArrayList<>(sizes.size());
    for (ResourceVector size : sizes) {
      launched.add(state.launch(app, node, size));
    }
    if (!offer.resource().minus(total).isZero()) {
      app.framework.refuse(offer.nodeId(), refuseUntil, now);
    }
    return new OfferAnswer(launched, null);
  }

  @Override
  public OfferAnswer declineOffer(long appKey, long offerId, long refuseUntil, long now) {
    AppState app = state.app(appKey);
    String refused = checkOffer(app, appKey, offerId);
    if (refused != null) {
      return OfferAnswer.refused(refused);
    }
    String nodeId = state.allocation(offerId).nodeId();
    state.free(offerId);
    app.framework.refuse(nodeId, refuseUntil, now);
    return new OfferAnswer(List.of(), null);
  }

  /** Why the framework may not answer the offer, or null when it may. */
  private String checkOffer(AppState app, long appKey, long offerId) {
    if (app == null || app.framework == null) {
      return "Application " + appKey + " is not a registered framework";
    }
    Allocation offer = state.allocation(offerId);
    if (offer == null || !offer.offer()) {
      return "Offer " + offerId + " is not outstanding: unknown, already answered, expired"
          + " or rescinded";
    }
    if (offer.appKey() != appKey) {
      return "Offer " + offerId + " was made to another framework";
    }
    return null;
  }

  @Override
  public boolean rescindOffer(long offerId) {
    Allocation offer = state.allocation(offerId);
    return offer != null && offer.offer() && state.free(offerId);
  }

  @Override
  public boolean expireOfferFilters(long now) {
    boolean any = false;
    for (AppState app : state.apps()) {
      if (app.framework != null) {
        any |= app.framework.expireFilters(now);
      }
    }
    return any;
  }

  @Override
  public Optional<FrameworkView> framework(long appKey) {
    AppState app = state.app(appKey);
    if (app == null || app.framework == null) {
      return Optional.empty();
    }
    List<Allocation> offers = outstandingOffers(appKey);
    ResourceVector offered = ResourceVector.ZERO;
    for (Allocation offer : offers) {
      offered = offered.plus(offer.resource());
    }
    return Optional.of(new FrameworkView(appKey, app.framework.suppressed(),
        app.framework.filters(), offers.size(), offered, app.used()));
  }

  @Override
  public List<Allocation> outstandingOffers(long appKey) {
    AppState app = state.app(appKey);
    List<Allocation> out = new ArrayList<>();
    if (app != null && app.framework != null) {
      for (long id : app.framework.offers()) {
        out.add(state.allocation(id));
      }
    }
    return out;
  }

  // --- limits and normalisation -----------------------------------------------------------

  @Override
  public ResourceVector normalize(ResourceVector ask) {
    return state.rules.normalize(ask);
  }

  @Override
  public ResourceVector maximumAllocation(String queue) {
    return state.rules.effectiveMaximum(state.nodes.largestNode());
  }

  // --- views ------------------------------------------------------------------------------

  @Override
  public Optional<NodeView> node(String nodeId) {
    return Optional.ofNullable(state.nodes.get(nodeId)).map(NodeState::view);
  }

  @Override
  public Optional<AppView> application(long appKey) {
    AppState app = state.app(appKey);
    if (app == null) {
      return Optional.empty();
    }
    ResourceVector pending = app.asks.pending();
    String reason = app.asks.hasPending() ? pendingReason(app) : null;
    return Optional.of(new AppView(app.key(), app.queuePath, app.spec.user(), app.used(),
        app.numContainers(), pending, reason));
  }

  @Override
  public List<AskExplanation> explain(long appKey) {
    AppState app = state.app(appKey);
    return app == null ? List.of() : explainer.explain(app);
  }

  @Override
  public void observeTime(long nowMs) {
    state.now = nowMs;
  }

  /**
   * What holds the whole application back before any node is offered to it (a queue at its
   * maximum, a running-applications limit), or null: policies with queues answer.
   */
  WaitReason heldBack(AppState app) {
    return null;
  }

  /** A more precise reason than the recorded one, where the policy knows one. */
  WaitReason refine(AppState app, WaitReason recorded) {
    return recorded;
  }

  /** The numbers of a policy's reason ("; queue root.a uses ..."), or "". */
  String detail(AppState app, ResourceVector size, WaitReason reason) {
    return "";
  }

  /** Why an application with pending asks has not got them (yet). */
  String pendingReason(AppState app) {
    return app.lastMiss() == null ? "waiting for a node heartbeat" : app.lastMiss().reason;
  }

  @Override
  public ResourceVector clusterCapacity() {
    return state.nodes.capacity();
  }

  @Override
  public ResourceVector clusterUsed() {
    return state.nodes.used();
  }
}
