package dev.spindle.scheduler;

import dev.spindle.scheduler.PlacementRules.Placement;
import dev.spindle.scheduler.Rejection.Reason;
import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Fair policy, the replacement for YARN's FairScheduler: queues from the allocation file
 * (and created by placement rules) share the cluster by weight, with min and max shares,
 * running-application limits and an AM share; each queue orders its children fair (memory),
 * drf (dominant resource) or fifo.
 */
public final class FairScheduler extends CoreScheduler
    implements Reconfigurable, QueueAcls, PlacementRules, AmContainerAware, Preempting {

  /** The registered policy name. */
  public static final String NAME = "fair";

  private final FairTree tree;
  private final FairWalk walk;
  private final FairLimits limits;
  private final FairBooks books;
  private final FairPlacement placement;
  private final UserGroups groups;
  private final FairPreemption preemption;
  private final PreemptionMarks marks = new PreemptionMarks();

  /** Stock defaults: no allocation file, so every user gets {@code root.<user>}. */
  public FairScheduler(SchedulerSettings settings) {
    this(settings, load(SchedulerConfigSource.empty()), UserGroups.NONE);
  }

  /**
   * A scheduler on the allocation file and yarn-site.xml in {@code source}.
   *
   * @throws InvalidSchedulerConfigException naming the file, queue and problem
   */
  public static FairScheduler create(SchedulerSettings settings, SchedulerConfigSource source,
      UserGroups groups) {
    return new FairScheduler(settings, load(source), groups);
  }

  FairScheduler(SchedulerSettings settings, FairConfig config, UserGroups groups) {
    this(new FairTree(new ResourceRules(adjust(settings)), config), adjust(settings), groups);
  }

  private FairScheduler(FairTree tree, SchedulerSettings settings, UserGroups groups) {
    this(tree, new FairWalk(tree), new FairLimits(tree), new FairBooks(tree), settings, groups);
  }

  private FairScheduler(FairTree tree, FairWalk walk, FairLimits limits, FairBooks books,
      SchedulerSettings settings, UserGroups groups) {
    super(settings, walk, new FairDelay(tree), limits, books);
    this.tree = tree;
    this.walk = walk;
    this.limits = limits;
    this.books = books;
    this.groups = groups;
    this.placement = new FairPlacement(tree, groups);
    this.preemption = new FairPreemption(tree, state);
  }

  private static FairConfig load(SchedulerConfigSource source) {
    try {
      return FairConfigParser.load(source);
    } catch (ConfigProblem problem) {
      throw new InvalidSchedulerConfigException(problem.rejection);
    }
  }

  /** FairScheduler always normalises and fits with DRF semantics (memory and vcores). */
  private static SchedulerSettings adjust(SchedulerSettings s) {
    return new SchedulerSettings(s.minimumAllocation(), s.maximumAllocation(), s.increment(),
        Calculator.DOMINANT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void addNode(NodeSpec node) {
    super.addNode(node);
    tree.resize(clusterCapacity(), state.nodes.size());
  }

  @Override
  public List<Long> removeNode(String nodeId) {
    List<Long> freed = super.removeNode(nodeId);
    tree.resize(clusterCapacity(), state.nodes.size());
    return freed;
  }

  // --- applications -----------------------------------------------------------------------

  @Override
  public Optional<Rejection> checkSubmission(AppSpec app) {
    Placement placed = placement.place("Application " + app.appKey(), app.user(), app.queue());
    if (!placed.placed()) {
      return Optional.of(placed.rejection());
    }
    if (!canSubmit(app.user(), placed.queuePath())) {
      return Optional.of(new Rejection(Reason.ACCESS_DENIED, "User " + app.user()
          + " does not have permission to submit application " + app.appKey() + " to queue "
          + placed.queuePath()));
    }
    return Optional.empty();
  }

  @Override
  String queuePathOf(AppSpec app) {
    String path = placement.place("Application " + app.appKey(), app.user(), app.queue())
        .queuePath();
    tree.createLeaf(path);
    return path;
  }

  @Override
  public Optional<Rejection> addApplication(AppSpec app) {
    Optional<Rejection> rejection = super.addApplication(app);
    if (rejection.isEmpty()) {
      tree.addApp(state.app(app.appKey()), walk);
    }
    return rejection;
  }

  @Override
  public List<Long> removeApplication(long appKey) {
    AppState app = state.app(appKey);
    List<Long> freed = super.removeApplication(appKey);
    if (app != null) {
      tree.removeApp(app, walk);
    }
    return freed;
  }

  @Override
  public void markAmContainer(long allocationId) {
    Allocation allocation = state.allocation(allocationId);
    AppState app = allocation == null ? null : state.app(allocation.appKey());
    if (app != null) {
      books.markAm(app, allocation, state.allocation(app.amAllocationId()));
    }
  }

  @Override
  String pendingReason(AppState app) {
    if (!tree.runnable(app)) {
      return Miss.RUNNING_APPS_LIMIT.reason;
    }
    for (FairQueue q = tree.leafOf(app); q != null; q = q.parent) {
      if (!tree.rules.hasRoomForMinimum(q.maxShare.minus(q.used))) {
        return Miss.MAX_RESOURCES.reason;
      }
    }
    return super.pendingReason(app);
  }

  // --- placement and ACLs -----------------------------------------------------------------

  @Override
  public Placement place(String user, String requestedQueue) {
    return placement.place("Application", user, requestedQueue);
  }

  @Override
  public boolean canSubmit(String user, String queue) {
    return allowed(user, queue, true);
  }

  @Override
  public boolean canAdminister(String user, String queue) {
    return allowed(user, queue, false);
  }

  /** A queue not created yet is judged by its nearest existing ancestor. */
  private boolean allowed(String user, String queue, boolean submit) {
    if (!tree.config.aclsEnabled()) {
      return true;
    }
    String path = queue.startsWith(FairConfig.ROOT) ? queue : FairConfig.ROOT + "." + queue;
    FairQueue q = tree.queue(path);
    while (q == null && path.contains(".")) {
      path = path.substring(0, path.lastIndexOf('.'));
      q = tree.queue(path);
    }
    List<String> userGroups = groups.groupsOf(user);
    for (; q != null; q = q.parent) {
      if (q.conf.adminAcl().allows(user, userGroups)
          || submit && q.conf.submitAcl().allows(user, userGroups)) {
        return true;
      }
    }
    return false;
  }

  // --- reconfiguration --------------------------------------------------------------------

  @Override
  public Optional<ConfigRejection> reconfigure(SchedulerConfigSource source) {
    FairConfig next;
    try {
      next = FairConfigParser.load(source);
    } catch (ConfigProblem problem) {
      return Optional.of(problem.rejection);
    }
    Set<String> checked = new HashSet<>();
    for (AppState app : state.apps()) {
      if (!checked.add(app.queuePath)) {
        continue;
      }
      FairQueueConfig q = next.queue(app.queuePath);
      boolean keeps = q != null ? q.isLeaf()
          : tree.queue(app.queuePath).dynamic && leafStillPossible(next, app.queuePath);
      if (!keeps) {
        return Optional.of(new ConfigRejection(FairConfig.FILE, app.queuePath, "queue "
            + app.queuePath + " still has applications and would no longer be a leaf queue"));
      }
    }
    tree.rebuild(next, state.apps(), state.ledger, books, walk);
    return Optional.empty();
  }

  /** A dynamic leaf survives a reload unless a configured ancestor became a leaf. */
  private static boolean leafStillPossible(FairConfig next, String path) {
    for (String p = path; p.contains("."); ) {
      p = p.substring(0, p.lastIndexOf('.'));
      FairQueueConfig q = next.queue(p);
      if (q != null) {
        return !q.isLeaf();
      }
    }
    return false;
  }

  // --- preemption ------------------------------------------------------------------------

  /**
   * A round of min-share and fair-share preemption when {@code yarn.scheduler.fair.preemption}
   * is on; the grace period is {@code yarn.scheduler.fair.waitTimeBeforeKill}.
   */
  @Override
  public PreemptionDecision preemptionRound(long nowMs) {
    FairPreemptionConfig conf = tree.config.preemption();
    if (!conf.enabled()) {
      marks.clear();
      return PreemptionDecision.NONE;
    }
    return marks.decide(preemption.choose(nowMs), nowMs, conf.waitBeforeKillMs(),
        id -> state.allocation(id) != null);
  }

  // --- limits and views -------------------------------------------------------------------

  @Override
  public ResourceVector headroom(long appKey) {
    AppState app = state.app(appKey);
    return app == null ? ResourceVector.ZERO
        : limits.headroom(app, state.nodes.schedulableFree());
  }

  /** The cluster-wide effective maximum, capped by the queue's maxContainerAllocation. */
  @Override
  public ResourceVector maximumAllocation(String queue) {
    ResourceVector max = super.maximumAllocation(queue);
    FairQueue q = queue == null ? null : tree.find(queue);
    ResourceVector own = q == null ? null : q.conf.maxContainerAllocation();
    return own == null ? max : max.min(own);
  }

  @Override
  public Optional<QueueView> queue(String nameOrPath) {
    return Optional.ofNullable(tree.find(nameOrPath)).map(this::view);
  }

  @Override
  public String rootQueue() {
    return FairConfig.ROOT;
  }

  /** Capacities are fractions of the cluster, as the stock FSQueue reports them. */
  private QueueView view(FairQueue q) {
    tree.refreshShares();
    ResourceVector cluster = clusterCapacity();
    float capacity = fraction(q.fairShare, cluster);
    float maximum = Math.min(1f, fraction(q.maxShare, cluster));
    List<String> children = q.children.stream().map(FairQueue::path).toList();
    return new QueueView(q.conf.name(), q.path(), true, capacity,
        cluster.memoryMb() == 0 ? 1f : maximum, capacity, q.used, pending(q), q.numContainers,
        children, new ArrayList<>(q.apps.keySet()));
  }

  private static float fraction(ResourceVector part, ResourceVector whole) {
    return whole.memoryMb() <= 0 ? 0 : (float) ((double) part.memoryMb() / whole.memoryMb());
  }

  private static ResourceVector pending(FairQueue q) {
    ResourceVector total = ResourceVector.ZERO;
    for (AppState app : q.apps.values()) {
      total = total.plus(app.asks.pending());
    }
    for (FairQueue child : q.children) {
      total = total.plus(pending(child));
    }
    return total;
  }

  FairTree tree() {
    return tree;
  }
}
