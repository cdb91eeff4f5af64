package dev.spindle.scheduler;

import dev.spindle.scheduler.PlacementRules.Placement;
import dev.spindle.scheduler.Rejection.Reason;
import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Fair policy, the replacement for YARN's FairScheduler: queues from the allocation file
 * (and created by placement rules) share the cluster by weight, with min and max shares,
 * running-application limits and an AM share; each queue orders its children fair (memory),
 * drf (dominant resource) or fifo.
 */
public final class FairScheduler extends QueueScheduler<FairQueue, FairWalk>
    implements Reconfigurable, QueueAcls, PlacementRules, AmContainerAware, Preempting,
    EffectiveQueues {

  /** The registered policy name. */
  public static final String NAME = "fair";

  private final FairTree tree;
  private final FairLimits limits;
  private final FairBooks books;
  private final FairPlacement placement;
  private final UserGroups groups;
  private final FairPreemption preemption;

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
    super(settings, walk, new FairDelay(tree), limits, books, WaitReason.MAX_RESOURCES);
    this.tree = tree;
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
  void resizeQueues(ResourceVector cluster, int nodes) {
    tree.resize(cluster, nodes);
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
  boolean fitsAfterMove(FairQueue q, ResourceVector more) {
    return q.used.plus(more).fitsIn(q.maxShare);
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

  /** A queue not created yet is judged by its nearest existing ancestor. */
  @Override
  boolean allowed(String user, String queue, boolean submit) {
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
    Optional<ConfigRejection> refused = refusal(next);
    if (refused.isEmpty()) {
      tree.rebuild(next, state.apps(), state.ledger, books, walk);
    }
    return refused;
  }

  @Override
  public Optional<ConfigRejection> check(SchedulerConfigSource source) {
    try {
      return refusal(FairConfigParser.load(source));
    } catch (ConfigProblem problem) {
      return Optional.of(problem.rejection);
    }
  }

  /** Why a parsed allocation file cannot replace the running one, if it cannot. */
  private Optional<ConfigRejection> refusal(FairConfig next) {
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

  // --- effective queues -------------------------------------------------------------------

  @Override
  public List<QueueSettings> effectiveQueues() {
    List<QueueSettings> out = new ArrayList<>();
    describe(tree.queue("root"), out);
    return out;
  }

  private void describe(FairQueue q, List<QueueSettings> out) {
    FairQueueConfig c = q.conf;
    Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("weight", String.valueOf(c.weight()));
    s.put("minResources", EffectiveQueues.resources(q.minShare));
    s.put("maxResources", EffectiveQueues.resources(q.maxShare));
    s.put("schedulingPolicy", c.policy().name().toLowerCase(java.util.Locale.ROOT));
    s.put("maxRunningApps", c.maxRunningApps() == Integer.MAX_VALUE ? "unlimited"
        : String.valueOf(c.maxRunningApps()));
    // Administering implies submitting, as in the stock scheduler.
    s.put("aclSubmitApps", !tree.config.aclsEnabled() ? "* (ACLs off)"
        : EffectiveQueues.effectiveAcl(c.path(), p -> aclOf(p, true)));
    s.put("aclAdministerApps", !tree.config.aclsEnabled() ? "* (ACLs off)"
        : EffectiveQueues.effectiveAcl(c.path(), p -> aclOf(p, false)));
    if (q.isLeaf()) {
      s.put("maxAMShare", c.maxAmShare() < 0 ? "unlimited"
          : EffectiveQueues.percent(c.maxAmShare()));
      s.put("allowPreemptionFrom", String.valueOf(c.allowPreemptionFrom()));
      s.put("fairSharePreemptionThreshold", String.valueOf(c.fairSharePreemptionThreshold()));
    }
    if (c.maxContainerAllocation() != null) {
      s.put("maxContainerAllocation", EffectiveQueues.resources(c.maxContainerAllocation()));
    }
    out.add(new QueueSettings(c.path(), s));
    for (FairQueue child : q.children) {
      describe(child, out);
    }
  }

  /** A configured queue's own ACL (submit includes administer), or null for a dynamic one. */
  private Acl aclOf(String path, boolean submit) {
    FairQueueConfig q = tree.config.queue(path);
    if (q == null) {
      return null;
    }
    return submit ? q.submitAcl().union(q.adminAcl()) : q.adminAcl();
  }

  @Override
  public List<String> placementRules() {
    List<String> out = new ArrayList<>();
    for (FairPlacementRule rule : tree.config.placement()) {
      out.add(describe(rule));
    }
    return out;
  }

  private static String describe(FairPlacementRule rule) {
    String text = rule.kind().element + (rule.create() ? " (create)" : "")
        + (rule.queue() == null ? "" : " queue=" + rule.queue());
    return rule.inner() == null ? text : text + " under " + describe(rule.inner());
  }

  // --- preemption ------------------------------------------------------------------------

  /**
   * A round of min-share and fair-share preemption when {@code yarn.scheduler.fair.preemption}
   * is on; the grace period is {@code yarn.scheduler.fair.waitTimeBeforeKill}.
   */
  @Override
  public PreemptionDecision preemptionRound(long nowMs) {
    FairPreemptionConfig conf = tree.config.preemption();
    return decidePreemption(conf.enabled(), () -> preemption.choose(nowMs), nowMs,
        conf.waitBeforeKillMs());
  }
  @Override
  public long preemptionGraceMs() {
    return tree.config.preemption().waitBeforeKillMs();
  }


  // --- limits and views -------------------------------------------------------------------

  @Override
  ResourceVector headroomOf(AppState app, ResourceVector clusterFree) {
    return limits.headroom(app, clusterFree);
  }

  @Override
  FairQueue find(String nameOrPath) {
    return tree.find(nameOrPath);
  }

  /** The queue's maxContainerAllocation. */
  @Override
  ResourceVector ownMaximumAllocation(FairQueue queue) {
    return queue.conf.maxContainerAllocation();
  }

  @Override
  public String rootQueue() {
    return FairConfig.ROOT;
  }

  /** Capacities are fractions of the cluster, as the stock FSQueue reports them. */
  @Override
  QueueView view(FairQueue q) {
    tree.refreshShares();
    ResourceVector cluster = clusterCapacity();
    float capacity = fraction(q.fairShare, cluster);
    float maximum = Math.min(1f, fraction(q.maxShare, cluster));
    List<String> children = q.children.stream().map(FairQueue::path).toList();
    return new QueueView(q.conf.name(), q.path(), true, capacity,
        cluster.memoryMb() == 0 ? 1f : maximum, capacity, q.used, q.pending(), q.numContainers,
        children, new ArrayList<>(q.apps.keySet()));
  }

  private static float fraction(ResourceVector part, ResourceVector whole) {
    return whole.memoryMb() <= 0 ? 0 : (float) ((double) part.memoryMb() / whole.memoryMb());
  }

  @Override
  ResourceVector usedOf(FairQueue q) {
    return q.used;
  }

  @Override
  ResourceVector maximumOf(FairQueue q) {
    return q.maxShare;
  }

  @Override
  ResourceVector shareOf(FairQueue q) {
    tree.refreshShares();
    return q.fairShare.max(q.minShare);
  }

  @Override
  String policyDetail(AppState app, ResourceVector size, WaitReason reason) {
    if (reason == WaitReason.AM_LIMIT) {
      FairQueue leaf = tree.leafOf(app);
      return "; AMs in " + leaf.path() + " use " + Explainer.text(leaf.amUsed)
          + " (maxAMShare " + leaf.conf.maxAmShare() + " of its fair share), this AM asks "
          + Explainer.text(size);
    }
    return "";
  }

  FairTree tree() {
    return tree;
  }
}
