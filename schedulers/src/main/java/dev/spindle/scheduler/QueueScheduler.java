package dev.spindle.scheduler;

import dev.spindle.scheduler.PlacementRules.Placement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The half that the queue-based policies (Capacity, Fair) share on top of the core: keeping the
 * queue tree in step with nodes and applications, the ACL questions, headroom, queue views,
 * why an application waits, and the grace period of preemption. Each policy answers the
 * questions that differ (placement, ACL lookup, limits, what a view reports) through the
 * hooks below.
 *
 * @param <Q> the policy's queue class
 * @param <W> the policy's serving walk
 */
abstract class QueueScheduler<Q extends PolicyQueue<Q>, W extends QueueWalk<Q>>
    extends CoreScheduler implements QueueAcls, PlacementRules, AmContainerAware {

  final W walk;
  private final WaitReason atMaximum;
  private final PreemptionMarks marks = new PreemptionMarks();
  /** The grace period of the last preemption round, for explanations. */
  private long lastGraceMs;

  /**
   * @param atMaximum the reason reported while a queue on the application's path has no room
   *     for a minimum container
   */
  QueueScheduler(SchedulerSettings settings, W walk, LocalityDelay delay, AssignmentLimit limit,
      UsageListener books, WaitReason atMaximum) {
    super(settings, walk, delay, limit, books);
    this.walk = walk;
    this.atMaximum = atMaximum;
  }

  // --- policy hooks -----------------------------------------------------------------------

  /** Resizes every queue to a cluster of {@code cluster} on {@code nodes} nodes. */
  abstract void resizeQueues(ResourceVector cluster, int nodes);

  /** Puts a just-added application into its leaf (and the walk, if it may run). */
  abstract void joinQueue(AppState app);

  /** Takes a removed application out of its leaf, letting waiting ones run. */
  abstract void leaveQueue(AppState app);

  /** Books {@code allocation} as the AM container of {@code app}, replacing {@code previous}. */
  abstract void markAm(AppState app, Allocation allocation, Allocation previous);

  /** Where an application of {@code user} asking for {@code requestedQueue} goes. */
  abstract Placement placed(String what, String user, String requestedQueue);

  /** Whether {@code user} may administer ({@code submit} false) or submit to {@code queue}. */
  abstract boolean allowed(String user, String queue, boolean submit);

  /** Whether the application may run now, not held back by a running-applications limit. */
  abstract boolean runnable(AppState app);

  /** Which running-applications limit holds a waiting application, for explanations. */
  abstract String runningAppsHolder(AppState app);

  abstract ResourceVector headroomOf(AppState app, ResourceVector clusterFree);

  /** The queue by full path or leaf name, or null. */
  abstract Q find(String nameOrPath);

  /** The queue's own cap on a single container, or null for none. */
  abstract ResourceVector ownMaximumAllocation(Q queue);

  abstract QueueView view(Q queue);

  /** What the queue holds now, its maximum, and its share (guarantee, or fair share). */
  abstract ResourceVector usedOf(Q queue);

  abstract ResourceVector maximumOf(Q queue);

  abstract ResourceVector shareOf(Q queue);

  /** The numbers of a reason only this policy knows (user limit, AM limit), or "". */
  String policyDetail(AppState app, ResourceVector size, WaitReason reason) {
    return "";
  }

  // --- nodes: the cluster size sets every queue's resources -------------------------------

  @Override
  public void addNode(NodeSpec node) {
    super.addNode(node);
    resizeQueues(clusterCapacity(), state.nodes.size());
  }

  @Override
  public List<Long> removeNode(String nodeId) {
    List<Long> freed = super.removeNode(nodeId);
    resizeQueues(clusterCapacity(), state.nodes.size());
    return freed;
  }

  // --- applications -----------------------------------------------------------------------

  @Override
  public Optional<Rejection> addApplication(AppSpec app) {
    Optional<Rejection> rejection = super.addApplication(app);
    if (rejection.isEmpty()) {
      joinQueue(state.app(app.appKey()));
    }
    return rejection;
  }

  @Override
  public List<Long> removeApplication(long appKey) {
    AppState app = state.app(appKey);
    List<Long> freed = super.removeApplication(appKey);
    if (app != null) {
      leaveQueue(app);
    }
    return freed;
  }

  /**
   * Moves an application to {@code targetQueue}: the target must take it as a submission of
   * its owner would be taken, and its current usage must fit under the maximum of every queue
   * it newly enters (stock Fair verifyMoveDoesNotViolateConstraints; Capacity likewise).
   */
  @Override
  public Optional<Rejection> moveApplication(long appKey, String targetQueue) {
    AppState app = state.app(appKey);
    if (app == null) {
      return Optional.of(new Rejection(Rejection.Reason.UNKNOWN_QUEUE,
          "Application " + appKey + " is not known to the scheduler"));
    }
    AppSpec s = app.spec;
    AppSpec moved = new AppSpec(appKey, targetQueue, s.user(), s.priority(), s.unmanagedAm());
    Optional<Rejection> refused = checkSubmission(moved);
    if (refused.isPresent()) {
      return refused;
    }
    String path = queuePathOf(moved);
    if (path.equals(app.queuePath)) {
      return Optional.empty();
    }
    Q from = find(app.queuePath);
    for (Q q = find(path); q != null && !isAncestorOrSelf(q, from); q = q.parent) {
      if (!fitsAfterMove(q, app.used())) {
        return Optional.of(new Rejection(Rejection.Reason.QUEUE_FULL, "Moving application "
            + appKey + " to " + path + " would exceed the maximum resources of queue "
            + q.path()));
      }
    }
    refile(app, moved, path);
    return Optional.empty();
  }

  private static <Q extends PolicyQueue<Q>> boolean isAncestorOrSelf(Q q, Q of) {
    for (Q p = of; p != null; p = p.parent) {
      if (p == q) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code q} can take {@code more} on top of what it uses, within its maximum. */
  abstract boolean fitsAfterMove(Q q, ResourceVector more);

  @Override
  void refile(AppState app, AppSpec spec, String queuePath) {
    state.rehome(app, spec, queuePath, () -> leaveQueue(app), () -> joinQueue(app));
  }

  @Override
  public void markAmContainer(long allocationId) {
    Allocation allocation = state.allocation(allocationId);
    AppState app = allocation == null ? null : state.app(allocation.appKey());
    if (app != null) {
      markAm(app, allocation, state.allocation(app.amAllocationId()));
    }
  }

  // --- placement and ACLs -----------------------------------------------------------------

  @Override
  public Placement place(String user, String requestedQueue) {
    return placed("Application", user, requestedQueue);
  }

  /** With {@code yarn.acl.enable=false} (the default) every user may submit anywhere. */
  @Override
  public boolean canSubmit(String user, String queue) {
    return allowed(user, queue, true);
  }

  @Override
  public boolean canAdminister(String user, String queue) {
    return allowed(user, queue, false);
  }

  // --- preemption -------------------------------------------------------------------------

  /**
   * A preemption round: nothing, and no marks kept, while preemption is off; otherwise the
   * victims are chosen and those still alive {@code graceMs} after being marked are killed.
   */
  PreemptionDecision decidePreemption(boolean enabled, Supplier<Set<Long>> victims, long nowMs,
      long graceMs) {
    lastGraceMs = graceMs;
    if (!enabled) {
      marks.clear();
      return PreemptionDecision.NONE;
    }
    return marks.decide(victims.get(), nowMs, graceMs, id -> state.allocation(id) != null);
  }

  // --- limits and views -------------------------------------------------------------------

  @Override
  public ResourceVector headroom(long appKey) {
    AppState app = state.app(appKey);
    return app == null ? ResourceVector.ZERO
        : headroomOf(app, state.nodes.schedulableFree());
  }

  /** The cluster-wide effective maximum, capped by the queue's own maximum. */
  @Override
  public ResourceVector maximumAllocation(String queue) {
    ResourceVector max = super.maximumAllocation(queue);
    Q q = queue == null ? null : find(queue);
    ResourceVector own = q == null ? null : ownMaximumAllocation(q);
    return own == null ? max : max.min(own);
  }

  @Override
  public Optional<QueueView> queue(String nameOrPath) {
    return Optional.ofNullable(find(nameOrPath)).map(this::view);
  }

  /**
   * A queue at its maximum is skipped by the walk before its applications are tried, so it
   * is named here rather than through the application's last miss.
   */
  @Override
  String pendingReason(AppState app) {
    WaitReason held = heldBack(app);
    return held != null ? held.reason : super.pendingReason(app);
  }

  // --- explanations -----------------------------------------------------------------------

  /**
   * The walk skips a queue at its maximum and an application not yet allowed to run. A full
   * root is a full cluster, told as such (no room), not as a queue limit.
   */
  @Override
  WaitReason heldBack(AppState app) {
    if (!runnable(app)) {
      return WaitReason.RUNNING_APPS_LIMIT;
    }
    for (Q q = walk.leafOf(app); q != null && q.parent != null; q = q.parent) {
      if (!walk.roomForMinimum(q)) {
        return atMaximum;
      }
    }
    return null;
  }

  /**
   * Waiting for room while containers elsewhere are marked for preemption and its queue is
   * below its share: those containers are being taken back for queues like this one.
   */
  @Override
  WaitReason refine(AppState app, WaitReason recorded) {
    if ((recorded == WaitReason.NO_ROOM || recorded == WaitReason.NOT_TRIED)
        && marks.size() > 0 && belowShare(walk.leafOf(app))) {
      return WaitReason.PREEMPTING;
    }
    return recorded;
  }

  private boolean belowShare(Q leaf) {
    return leaf != null && usedOf(leaf).memoryMb() < shareOf(leaf).memoryMb();
  }

  @Override
  String detail(AppState app, ResourceVector size, WaitReason reason) {
    if (reason == atMaximum) {
      for (Q q = walk.leafOf(app); q != null && q.parent != null; q = q.parent) {
        if (!walk.roomForMinimum(q) || !usedOf(q).plus(size).fitsInMemoryAndVcores(
            maximumOf(q))) {
          return "; queue " + q.path() + " uses " + Explainer.text(usedOf(q))
              + " of its maximum " + Explainer.text(maximumOf(q)) + ", the ask is "
              + Explainer.text(size);
        }
      }
      return "";
    }
    if (reason == WaitReason.PREEMPTING) {
      Q leaf = walk.leafOf(app);
      return "; queue " + leaf.path() + " uses " + Explainer.text(usedOf(leaf)) + " of its share "
          + Explainer.text(shareOf(leaf)) + "; " + marks.size() + " containers are marked,"
          + " killed " + lastGraceMs + " ms after being marked (first marked at "
          + marks.firstMarkedAt() + ")";
    }
    if (reason == WaitReason.RUNNING_APPS_LIMIT) {
      return "; in queue " + app.queuePath + runningAppsHolder(app);
    }
    return policyDetail(app, size, reason);
  }
}
