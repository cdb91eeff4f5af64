package dev.spindle.scheduler;

import dev.spindle.scheduler.PlacementRules.Placement;
import dev.spindle.scheduler.Rejection.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Capacity policy, the replacement for YARN's CapacityScheduler: a tree of queues with
 * guaranteed and maximum capacities read from {@code capacity-scheduler.xml}; idle guaranteed
 * capacity is lent to whoever wants it and comes back as containers end (or through
 * {@link CapacityPreemption}). Leaves serve their applications fifo or fair, under user
 * limits and an AM resource limit, with delay scheduling for locality.
 */
public final class CapacityScheduler extends QueueScheduler<CapacityQueue, CapacityWalk>
    implements Reconfigurable, QueueAcls, PlacementRules, AmContainerAware, Preempting,
    EffectiveQueues {

  /** The registered policy name. */
  public static final String NAME = "capacity";

  private final CapacityTree tree;
  private final CapacityLimits limits;
  private final CapacityBooks books;
  private final CapacityPlacement placement;
  private final UserGroups groups;
  private final CapacityPreemption preemption;

  /** The stock shipped layout (one leaf {@code root.default}) and no groups. */
  public CapacityScheduler(SchedulerSettings settings) {
    this(settings, load(SchedulerConfigSource.empty()), UserGroups.NONE);
  }

  /**
   * A scheduler on the configuration in {@code source}.
   *
   * @throws InvalidSchedulerConfigException naming the file, queue and problem
   */
  public static CapacityScheduler create(SchedulerSettings settings,
      SchedulerConfigSource source, UserGroups groups) {
    return new CapacityScheduler(settings, load(source), groups);
  }

  CapacityScheduler(SchedulerSettings settings, CapacityConfig config, UserGroups groups) {
    this(new CapacityTree(new ResourceRules(adjust(settings, config)), config),
        adjust(settings, config), groups);
  }

  private CapacityScheduler(CapacityTree tree, SchedulerSettings settings, UserGroups groups) {
    this(tree, new CapacityWalk(tree), new CapacityLimits(tree), new CapacityBooks(tree),
        settings, groups);
  }

  private CapacityScheduler(CapacityTree tree, CapacityWalk walk, CapacityLimits limits,
      CapacityBooks books, SchedulerSettings settings, UserGroups groups) {
    super(settings, walk, new CapacityDelay(tree), limits, books, WaitReason.QUEUE_LIMIT);
    this.tree = tree;
    this.limits = limits;
    this.books = books;
    this.groups = groups;
    this.placement = new CapacityPlacement(tree, groups);
    this.preemption = new CapacityPreemption(tree, state);
  }

  private static CapacityConfig load(SchedulerConfigSource source) {
    try {
      return CapacityConfigParser.load(source);
    } catch (ConfigProblem problem) {
      throw new InvalidSchedulerConfigException(problem.rejection);
    }
  }

  /** The calculator is Capacity's own setting; the normalisation step is the minimum. */
  private static SchedulerSettings adjust(SchedulerSettings s, CapacityConfig config) {
    return new SchedulerSettings(s.minimumAllocation(), s.maximumAllocation(),
        s.minimumAllocation(), config.calculator());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void resizeQueues(ResourceVector cluster, int nodes) {
    tree.resize(cluster, nodes);
  }

  // --- applications -------------------------------------------------------------------

  @Override
  public Optional<Rejection> checkSubmission(AppSpec app) {
    String what = "Application " + app.appKey();
    Placement placed = placement.place(what, app.user(), app.queue());
    if (!placed.placed()) {
      return Optional.of(placed.rejection());
    }
    CapacityQueue leaf = tree.queue(placed.queuePath());
    if (!leaf.running()) {
      return reject(Reason.QUEUE_STOPPED, "Queue " + leaf.path()
          + " is STOPPED. Cannot accept submission of application: " + app.appKey());
    }
    if (!canSubmit(app.user(), leaf.path())) {
      return reject(Reason.ACCESS_DENIED, "User " + app.user()
          + " does not have permission to submit application " + app.appKey()
          + " to queue " + leaf.path());
    }
    if (leaf.apps.size() >= tree.maxApplications(leaf)) {
      return reject(Reason.QUEUE_FULL, "Queue " + leaf.path() + " already has "
          + leaf.apps.size() + " applications, cannot accept submission of application: "
          + app.appKey());
    }
    CapacityUser user = leaf.users.get(app.user());
    int userApps = user == null ? 0 : user.applications;
    if (userApps >= tree.maxApplicationsPerUser(leaf)) {
      return reject(Reason.QUEUE_FULL, "Queue " + leaf.path() + " already has " + userApps
          + " applications from user " + app.user()
          + " cannot accept submission of application: " + app.appKey());
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(Reason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }

  @Override
  String queuePathOf(AppSpec app) {
    return placement.place("Application " + app.appKey(), app.user(), app.queue()).queuePath();
  }

  @Override
  boolean fitsAfterMove(CapacityQueue q, ResourceVector more) {
    return tree.rules.fits(q.used.plus(more), q.maximum);
  }

  @Override
  void joinQueue(AppState app) {
    tree.addApp(app, walk);
  }

  @Override
  void leaveQueue(AppState app) {
    tree.removeApp(app, walk);
  }

  @Override
  void markAm(AppState app, Allocation allocation, Allocation previous) {
    books.markAm(app, allocation, previous);
  }

  @Override
  boolean runnable(AppState app) {
    return tree.runnable(app);
  }

  @Override
  String runningAppsHolder(AppState app) {
    return tree.runningAppsHolder(app);
  }

  // --- placement and ACLs -----------------------------------------------------------------

  @Override
  Placement placed(String what, String user, String requestedQueue) {
    return placement.place(what, user, requestedQueue);
  }

  /** An unknown queue allows nobody, even with ACLs off. */
  @Override
  boolean allowed(String user, String queue, boolean submit) {
    CapacityQueue q = tree.find(queue);
    if (q == null) {
      return false;
    }
    if (!tree.config.aclsEnabled()) {
      return true;
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

  /**
   * Validates the new files, then checks that every running application keeps a leaf queue
   * and that the calculator is unchanged, and only then swaps the tree.
   */
  @Override
  public Optional<ConfigRejection> reconfigure(SchedulerConfigSource source) {
    CapacityConfig next;
    try {
      next = CapacityConfigParser.load(source);
    } catch (ConfigProblem problem) {
      return Optional.of(problem.rejection);
    }
    Optional<ConfigRejection> refused = refusal(next);
    if (refused.isEmpty()) {
      tree.rebuild(next, state.apps(), state.ledger, books, walk);
    }
    return refused;
  }

  @Override
  public Optional<ConfigRejection> check(SchedulerConfigSource source) {
    try {
      return refusal(CapacityConfigParser.load(source));
    } catch (ConfigProblem problem) {
      return Optional.of(problem.rejection);
    }
  }

  /** Why a parsed configuration cannot replace the running one, if it cannot. */
  private Optional<ConfigRejection> refusal(CapacityConfig next) {
    if (next.calculator() != tree.config.calculator()) {
      return Optional.of(new ConfigRejection(CapacityConfig.FILE, null,
          "resource-calculator cannot change while the scheduler runs; restart instead"));
    }
    Map<String, Integer> appsByQueue = new HashMap<>();
    for (AppState app : state.apps()) {
      appsByQueue.merge(app.queuePath, 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> entry : appsByQueue.entrySet()) {
      CapacityQueueConfig queue = next.queue(entry.getKey());
      if (queue == null || !queue.isLeaf()) {
        String what = queue == null ? "is removed" : "would become a parent queue";
        return Optional.of(new ConfigRejection(CapacityConfig.FILE, entry.getKey(),
            "queue " + entry.getKey() + " " + what + " but still has " + entry.getValue()
            + " application(s); stop it and let them finish first"));
      }
    }
    return Optional.empty();
  }

  // --- effective queues -------------------------------------------------------------------

  @Override
  public List<QueueSettings> effectiveQueues() {
    List<QueueSettings> out = new ArrayList<>();
    describe(tree.queue("root"), out);
    return out;
  }

  private void describe(CapacityQueue q, List<QueueSettings> out) {
    CapacityQueueConfig c = q.conf;
    Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("state", c.running() ? "RUNNING" : "STOPPED");
    s.put("capacity", String.valueOf(c.capacity()));
    s.put("guaranteed", EffectiveQueues.resources(q.guaranteed));
    s.put("maximum-capacity", String.valueOf(c.maximumCapacity()));
    s.put("maximum", EffectiveQueues.resources(q.maximum));
    // Administering implies submitting, as in the stock scheduler.
    s.put("submit-applications", !tree.config.aclsEnabled() ? "* (ACLs off)"
        : EffectiveQueues.effectiveAcl(c.path(), p -> tree.config.queue(p).submitAcl()
            .union(tree.config.queue(p).adminAcl())));
    s.put("administer-queue", !tree.config.aclsEnabled() ? "* (ACLs off)"
        : EffectiveQueues.effectiveAcl(c.path(), p -> tree.config.queue(p).adminAcl()));
    if (c.isLeaf()) {
      s.put("user-limit-factor", String.valueOf(c.userLimitFactor()));
      s.put("minimum-user-limit-percent", String.valueOf(c.minUserLimitPercent()));
      s.put("maximum-applications", String.valueOf(tree.maxApplications(q)));
      s.put("maximum-am-resource-percent", EffectiveQueues.percent(c.maxAmPercent()));
      s.put("am-limit", EffectiveQueues.resources(limits.amLimit(q)));
      s.put("ordering-policy", c.fairOrdering() ? "fair" : "fifo");
      s.put("disable_preemption", String.valueOf(c.preemptionDisabled()));
    }
    if (c.maximumAllocation() != null) {
      s.put("maximum-allocation", EffectiveQueues.resources(c.maximumAllocation()));
    }
    if (c.maxParallelApps() != Integer.MAX_VALUE) {
      s.put("max-parallel-apps", String.valueOf(c.maxParallelApps()));
    }
    out.add(new QueueSettings(c.path(), s));
    for (String child : c.children()) {
      describe(tree.queue(child), out);
    }
  }

  @Override
  public List<String> placementRules() {
    List<String> out = new ArrayList<>();
    for (QueueMapping m : tree.config.mappings()) {
      out.add((m.byGroup() ? "g:" : "u:") + m.source() + ":" + m.target());
    }
    if (!out.isEmpty()) {
      out.add("override: " + tree.config.mappingsOverride());
    }
    return out;
  }

  // --- preemption ------------------------------------------------------------------------

  /**
   * A round of cross-queue preemption when the monitor is enabled in yarn-site.xml; the
   * grace period is {@code max_wait_before_kill}.
   */
  @Override
  public PreemptionDecision preemptionRound(long nowMs) {
    CapacityPreemptionConfig conf = tree.config.preemption();
    return decidePreemption(conf.enabled(), preemption::choose, nowMs,
        conf.maxWaitBeforeKillMs());
  }
  @Override
  public long preemptionGraceMs() {
    return tree.config.preemption().maxWaitBeforeKillMs();
  }


  // --- limits and views -------------------------------------------------------------------

  @Override
  ResourceVector offerRoom(AppState app) {
    return limits.offerRoom(app, state.nodes.schedulableFree());
  }

  @Override
  ResourceVector headroomOf(AppState app, ResourceVector clusterFree) {
    return limits.headroom(app, clusterFree);
  }

  @Override
  CapacityQueue find(String nameOrPath) {
    return tree.find(nameOrPath);
  }

  /** The queue's maximum-allocation. */
  @Override
  ResourceVector ownMaximumAllocation(CapacityQueue queue) {
    return queue.conf.maximumAllocation();
  }

  @Override
  public String rootQueue() {
    return CapacityConfig.ROOT;
  }

  @Override
  QueueView view(CapacityQueue q) {
    List<String> children = q.children.stream().map(CapacityQueue::path).toList();
    List<Long> appKeys = new ArrayList<>(q.apps.keySet());
    return new QueueView(q.conf.name(), q.path(), q.running(), q.capacity, q.maximumCapacity,
        q.absoluteCapacity, q.used, q.pending(), q.numContainers, children, appKeys);
  }

  @Override
  ResourceVector usedOf(CapacityQueue q) {
    return q.used;
  }

  @Override
  ResourceVector maximumOf(CapacityQueue q) {
    return q.maximum;
  }

  @Override
  ResourceVector shareOf(CapacityQueue q) {
    return q.guaranteed;
  }

  @Override
  String policyDetail(AppState app, ResourceVector size, WaitReason reason) {
    CapacityQueue leaf = tree.leafOf(app);
    if (reason == WaitReason.USER_LIMIT) {
      CapacityUser user = leaf.user(app.spec.user());
      return "; user " + app.spec.user() + " uses " + Explainer.text(user.used)
          + " in " + leaf.path() + ", the user limit is "
          + Explainer.text(limits.userLimit(leaf, user));
    }
    if (reason == WaitReason.AM_LIMIT) {
      return "; AMs in " + leaf.path() + " use " + Explainer.text(leaf.amUsed) + " of "
          + Explainer.text(limits.amLimit(leaf)) + ", this AM asks " + Explainer.text(size);
    }
    return "";
  }

  /** The user limit of a user in a leaf now, for reports and tests. */
  ResourceVector userLimit(String leafPath, String user) {
    CapacityQueue leaf = tree.queue(leafPath);
    return limits.userLimit(leaf, leaf.user(user));
  }

  CapacityTree tree() {
    return tree;
  }
}
