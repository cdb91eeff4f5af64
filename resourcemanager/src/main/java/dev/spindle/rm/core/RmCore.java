package dev.spindle.rm.core;

import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Rejection;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.util.Clock;

/**
 * The RM core: every operation on RM state, for every protocol. Not thread-safe by design:
 * the event loop calls it from its one thread (tests step it directly). RPC adapters reach it
 * only through the loop; the one value they read directly is {@link #maximumAllocation()}, a
 * published snapshot.
 */
public final class RmCore {

  private final RmState state = new RmState();
  private final Coordinator co;
  private final NodeTracker nodes;
  private final AmOps am;
  private final Reports reports;
  private final Scheduler scheduler;
  private final RmSettings settings;
  private final AppAccess access;
  private final AppUpdates updates;
  private final FrameworkOps frameworks;
  private final Explanations explanations;
  /** Published after node changes for adapters validating asks off the loop. */
  private volatile ResourceVector maximumAllocation;

  public RmCore(RmSettings settings, Scheduler scheduler, SchedulerSettings schedulerSettings,
      Clock clock, RecordSink sink, AmLauncher launcher, AmrmTokenSecretManager amrm,
      ContainerTokenSecretManager containerTokens, NmTokenSecretManager nmTokens,
      UnaryOperator<String> racks) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.co = new Coordinator(state, scheduler, clock, settings, sink, launcher, amrm);
    this.nodes = new NodeTracker(co, schedulerSettings, racks);
    this.reports = new Reports(state, scheduler, settings, clock::getTime);
    this.am = new AmOps(co, schedulerSettings, reports);
    this.frameworks = new FrameworkOps(co, am);
    co.frameworks = frameworks;
    this.access = new AppAccess(settings.aclsEnabled(), settings.adminAcl(), scheduler);
    this.updates = new AppUpdates(co);
    this.explanations = new Explanations(state, scheduler, reports, clock::getTime);
    publishLimits();
  }

  /** Reports the scheduler's workload to {@code recorder} from now on (what-if replay). */
  public void recordWorkload(WorkloadRecorder recorder) {
    co.recordWorkload(recorder);
  }

  /** The loop-owned state, for tests in this package that compare it with a replay. */
  RmState state() {
    return state;
  }

  /** The live containers, for tests in this package. */
  Containers containers() {
    return co.containers;
  }

  public RmSettings settings() {
    return settings;
  }

  /** The cluster-wide maximum allocation; safe to read from any thread. */
  public ResourceVector maximumAllocation() {
    return maximumAllocation;
  }

  private void publishLimits() {
    maximumAllocation = scheduler.maximumAllocation(scheduler.rootQueue());
  }

  /**
   * Rebuilds the state from a store's records (after a restart or failover) and resumes every
   * unfinished application; {@code epoch} goes into every container id from now on. Call once,
   * before any other operation.
   */
  public void recover(List<StateRecord> records, long epoch) {
    recover(records, epoch, RecoveryMode.NON_WORK_PRESERVING);
  }

  /** As {@link #recover(List, long)}, keeping running attempts when {@code mode} says so. */
  public void recover(List<StateRecord> records, long epoch, RecoveryMode mode) {
    if (mode.workPreserving()) {
      co.workPreservingSince(co.now(), mode.schedulingWaitMs());
    }
    new Recovery(co).recover(records, epoch);
    state.restartCounters();
    publishLimits();
  }

  /**
   * How a restart treats unfinished applications (yarn-compat 6.5).
   *
   * @param workPreserving   running attempts stay alive and NMs hand their containers back
   * @param schedulingWaitMs nothing new is allocated for this long after recovery, so
   *                         re-registering NMs report what runs before the space is reused
   */
  public record RecoveryMode(boolean workPreserving, long schedulingWaitMs) {
    public static final RecoveryMode NON_WORK_PRESERVING = new RecoveryMode(false, 0);

    public static RecoveryMode workPreserving(long schedulingWaitMs) {
      return new RecoveryMode(true, schedulingWaitMs);
    }
  }

  // --- Client-RM ------------------------------------------------------------------------

  public ApplicationId newApplicationId() {
    return ApplicationId.newInstance(settings.clusterTimestamp(), state.nextAppSeq++);
  }

  /**
   * Refuses an application id this cluster never handed out: a made-up id could take the
   * place of one getNewApplication will hand out later. Accepted: a known id (a resubmission),
   * an id this RM handed out, and an id of an earlier RM of this cluster that has stored
   * applications (a client whose getNewApplication was answered before a failover).
   */
  public void checkIssued(ApplicationId id) throws Refusal {
    if (state.apps.containsKey(id)) {
      return;
    }
    long ts = id.getClusterTimestamp();
    boolean ours = ts == settings.clusterTimestamp() && id.getId() > 0
        && id.getId() < state.nextAppSeq;
    boolean earlier = ts < settings.clusterTimestamp() && id.getId() > 0
        && state.clusterTimestamps.contains(ts);
    if (!ours && !earlier) {
      throw new Refusal(Refusal.Kind.REFUSED, "Application id " + id + " was not handed out by this "
          + "ResourceManager (cluster timestamp " + settings.clusterTimestamp() + ", last id "
          + (state.nextAppSeq - 1) + "): get one from getNewApplication first");
    }
  }

  /** Submits an application; a known id is accepted again without effect (idempotent). */
  public void submit(AppSubmission submission) {
    if (state.apps.containsKey(submission.appId())) {
      return;
    }
    if (!co.fits(new StateRecord.AppAdded(submission))) {
      // Fail only this application (stock: APP_REJECTED on a StoreLimitException).
      co.apply(new StateRecord.AppAdded(OversizedSubmission.strip(submission)));
      co.appEvent(state.apps.get(submission.appId()),
          new AppLifecycle.Event.Rejected(OversizedSubmission.diagnostics(submission)));
      return;
    }
    co.apply(new StateRecord.AppAdded(submission));
    RmApp app = state.apps.get(submission.appId());
    int priority = submission.context().getPriority() == null ? 0
        : submission.context().getPriority().getPriority();
    AppSpec spec = new AppSpec(app.appKey, submission.queue(), submission.user(), priority,
        app.isUnmanaged());
    co.recordSubmitted(spec, submission.amRequest());
    Optional<Rejection> rejection = scheduler.addApplication(spec);
    co.appEvent(app, rejection.isPresent()
        ? new AppLifecycle.Event.Rejected(rejection.get().message())
        : new AppLifecycle.Event.Accepted());
  }

  /**
   * Refuses a submission its user may not make (yarn.acl.enable): SUBMIT_APPLICATIONS or
   * ADMINISTER_QUEUE on the placed queue or an ancestor. An unplaceable queue passes here: the
   * stock RM fails such an application instead (yarn-compat 1.3).
   */
  public void checkSubmitAccess(AppSubmission s) throws Refusal {
    if (state.apps.containsKey(s.appId())
        || !(scheduler instanceof dev.spindle.scheduler.QueueAcls acls)) {
      return;
    }
    String queue = s.queue();
    if (scheduler instanceof dev.spindle.scheduler.PlacementRules rules) {
      var placed = rules.place(s.user(), queue);
      if (!placed.placed()) {
        return;
      }
      queue = placed.queuePath();
    }
    if (scheduler.queue(queue).isPresent() && !acls.canSubmit(s.user(), queue)) {
      // Stock RMAppManager refuses with an AccessControlException, which clients unwrap.
      throw new Refusal(Refusal.Kind.ACCESS_DENIED, "User " + s.user()
          + " does not have permission to submit " + s.appId() + " to queue " + queue);
    }
  }

  /**
   * Kills an application. Returns whether the kill is complete: true once the app is in a
   * final state, false on the call that starts it (clients poll, yarn-compat 1.6).
   */
  public boolean kill(ApplicationId id, String diagnostics) throws Refusal {
    RmApp app = app(id);
    if (app.facts.state().isFinal() || app.facts.state() == AppState.FINISHING) {
      return true;
    }
    RmAttempt attempt = app.currentAttempt();
    boolean attemptLive = attempt != null && !attempt.facts.state().isFinal();
    co.appEvent(app, new AppLifecycle.Event.Kill(diagnostics, attemptLive));
    return false;
  }

  /** The application in full (tests and internal callers; clients go through ACLs). */
  public AppSnapshot application(ApplicationId id) throws Refusal {
    return reports.app(app(id), true, null);
  }

  /**
   * Whether {@code caller} may see the application in full (VIEW_APP) or change it
   * (MODIFY_APP); see {@link AppAccess}.
   */
  public boolean mayAccess(UserGroupInformation caller, ApplicationAccessType type,
      ApplicationId id) throws Refusal {
    RmApp app = app(id);
    return access.allows(caller, type, app, reports.queuePath(app));
  }

  /**
   * The report {@code caller} sees: in full with VIEW_APP, else the stock redacted one. The
   * owner of an unmanaged application also gets the AMRM token while its attempt is LAUNCHED,
   * so that it can start the AM (stock RMAppImpl: YarnClient#getAMRMToken reads it here).
   */
  public AppSnapshot application(ApplicationId id, UserGroupInformation caller)
      throws Refusal {
    RmApp app = app(id);
    return report(app, caller, access.allows(caller, ApplicationAccessType.VIEW_APP, app,
        reports.queuePath(app)));
  }

  private AppSnapshot report(RmApp app, UserGroupInformation caller, boolean view) {
    RmAttempt a = app.currentAttempt();
    boolean owner = view && app.isUnmanaged() && a != null
        && a.facts.state() == AttemptState.LAUNCHED
        && app.submission.user().equals(caller.getShortUserName());
    return reports.app(app, view, owner ? co.amrmTokens.createToken(a.id) : null);
  }

  /** Moves a live application to another queue (see {@link AppUpdates#move}). */
  public void moveApplication(ApplicationId id, String targetQueue) throws Refusal {
    updates.move(app(id), targetQueue);
  }

  /** Whether {@code user} may submit to (or administer) {@code queue}: a move's target. */
  public boolean maySubmitTo(String user, String queue) {
    if (!(scheduler instanceof dev.spindle.scheduler.QueueAcls acls)) {
      return true;
    }
    String path = scheduler.queue(queue).map(q -> q.path()).orElse(null);
    return path != null && (acls.canSubmit(user, path) || acls.canAdminister(user, path));
  }

  /** Sets the priority; returns the one in force (see {@link AppUpdates#updatePriority}). */
  public Integer updatePriority(ApplicationId id, int priority) throws Refusal {
    return updates.updatePriority(app(id), priority);
  }

  public Map<org.apache.hadoop.yarn.api.records.ApplicationTimeoutType, String> updateTimeouts(
      ApplicationId id,
      Map<org.apache.hadoop.yarn.api.records.ApplicationTimeoutType, String> timeouts)
      throws Refusal {
    return updates.updateTimeouts(app(id), timeouts);
  }

  /**
   * Queues a signal for a live container's node (stock: delivered in the NM's heartbeat
   * response); false when no such container runs.
   */
  public boolean signal(ContainerId container,
      org.apache.hadoop.yarn.api.records.SignalContainerCommand command) {
    return nodes.signal(container, command);
  }

  /** Application counts since this RM became active, for the REST cluster metrics. */
  public AppCounters appCounters() {
    return state.appCounters();
  }

  /** Why each outstanding ask of the application waits (see {@link AppExplanation}). */
  public AppExplanation explain(ApplicationId id) throws Refusal {
    return explanations.of(app(id));
  }

  /** As {@link #explain(ApplicationId)}, refused unless {@code caller} may view the app. */
  public AppExplanation explain(ApplicationId id, UserGroupInformation caller)
      throws Refusal {
    RmApp app = app(id);
    if (!access.allows(caller, ApplicationAccessType.VIEW_APP, app, reports.queuePath(app))) {
      throw new Refusal(Refusal.Kind.ACCESS_DENIED, "User " + caller.getShortUserName()
          + " does not have privilege to see this application " + id);
    }
    return explanations.of(app);
  }

  /** Every unfinished application that waits for something, with its reasons. */
  public List<AppExplanation> explainWaiting() {
    return explanations.waiting();
  }

  /** As {@link #explainWaiting()}, only the applications {@code caller} may view. */
  public List<AppExplanation> explainWaiting(UserGroupInformation caller) {
    List<AppExplanation> out = new ArrayList<>();
    for (AppExplanation e : explanations.waiting()) {
      RmApp app = state.apps.get(e.id());
      if (app != null && access.allows(caller, ApplicationAccessType.VIEW_APP, app,
          reports.queuePath(app))) {
        out.add(e);
      }
    }
    return out;
  }

  /** The RM-internal state of an application (the web API's GET .../state). */
  public String internalState(ApplicationId id) throws Refusal {
    return app(id).facts.state().name();
  }

  /**
   * The applications matching {@code filter} as {@code caller} sees them: redacted where it
   * may not view them, or left out when {@code viewableOnly} (stock scope VIEWABLE).
   */
  public List<AppSnapshot> applications(AppFilter filter, UserGroupInformation caller,
      boolean viewableOnly) {
    List<AppSnapshot> out = new ArrayList<>();
    for (RmApp app : state.apps.values()) {
      if (out.size() >= filter.limit()) {
        break;
      }
      String queue = reports.queuePath(app);
      if (filter.matches(app, queue)) {
        boolean view = access.allows(caller, ApplicationAccessType.VIEW_APP, app, queue);
        if (view || !viewableOnly) {
          out.add(report(app, caller, view));
        }
      }
    }
    return out;
  }

  public List<AttemptSnapshot> attempts(ApplicationId id) throws Refusal {
    List<AttemptSnapshot> out = new ArrayList<>();
    for (RmAttempt a : app(id).attempts) {
      out.add(reports.attempt(a));
    }
    return out;
  }

  public AttemptSnapshot attempt(ApplicationAttemptId id) throws Refusal {
    return reports.attempt(knownAttempt(id));
  }

  /** The attempt's live containers. */
  public List<ContainerSnapshot> containers(ApplicationAttemptId id) throws Refusal {
    List<ContainerSnapshot> out = new ArrayList<>();
    for (RmContainer c : knownAttempt(id).containers.values()) {
      out.add(reports.container(c));
    }
    return out;
  }

  /** Each known application's usage so far (the REST preemption figures), in one pass. */
  public Map<ApplicationId, Usage> usages(Collection<ApplicationId> ids) {
    Map<ApplicationId, Usage> out = new HashMap<>();
    for (ApplicationId id : ids) {
      RmApp app = state.apps.get(id);
      if (app != null) {
        out.put(id, Reports.usage(app, co.now()));
      }
    }
    return out;
  }

  /**
   * The AM container of each attempt that still has one, in one pass (the REST app list
   * needs it for every app; one event-loop call instead of two per app).
   */
  public Map<ApplicationAttemptId, ContainerSnapshot> amContainers(
      Collection<ApplicationAttemptId> attempts) {
    Map<ApplicationAttemptId, ContainerSnapshot> out = new HashMap<>();
    for (ApplicationAttemptId id : attempts) {
      try {
        ContainerId am = attempt(id).amContainer();
        if (am != null) {
          out.put(id, container(am));
        }
      } catch (Refusal e) {
        // The attempt or its container is gone: the app shows no AM container.
      }
    }
    return out;
  }

  public ContainerSnapshot container(ContainerId id) throws Refusal {
    knownAttempt(id.getApplicationAttemptId());
    RmContainer c = co.containers.get(id);
    if (c == null) {
      throw new Refusal(Refusal.Kind.UNKNOWN_CONTAINER,
          "Container with id '" + id + "' doesn't exist in RM.");
    }
    return reports.container(c);
  }

  public NodeCounts nodeCounts() {
    return reports.nodeCounts();
  }

  /**
   * Reports the time of every scheduling pass (ns, on the core thread) to {@code nanos}.
   * Call on the core thread, like every other method here.
   */
  public void observeSchedulingPasses(java.util.function.LongConsumer nanos) {
    co.passTimes = nanos;
  }

  /** What the metrics publish (rm.metrics), copied out on the core thread. */
  public MetricsSample metricsSample() {
    return MetricsSample.take(state, scheduler, reports.nodeCounts());
  }

  /** Node reports in the given states; an empty set means every state. */
  public List<NodeSnapshot> nodes(EnumSet<NodeState> states) {
    List<NodeSnapshot> out = new ArrayList<>();
    for (RmNode n : state.nodes.values()) {
      if (states.isEmpty() || states.contains(n.state)) {
        out.add(reports.node(n));
      }
    }
    return out;
  }

  /** Queue info, or null for an unknown queue (stock clients expect null, not an error). */
  public QueueSnapshot queue(String name, boolean apps, boolean children, boolean recursive) {
    return reports.queue(name, apps, children, recursive);
  }

  /** Every queue path, root first (for getQueueUserAcls). */
  public List<String> queuePaths() {
    List<String> out = new ArrayList<>();
    collectQueues(scheduler.rootQueue(), out);
    return out;
  }

  /**
   * What {@code user} may do on each queue: the policy's ACLs (an ancestor's right counts),
   * or everything with a policy that has none.
   */
  public Map<String, List<org.apache.hadoop.yarn.api.records.QueueACL>> queueUserAcls(
      String user) {
    Map<String, List<org.apache.hadoop.yarn.api.records.QueueACL>> out =
        new java.util.LinkedHashMap<>();
    for (String queue : queuePaths()) {
      List<org.apache.hadoop.yarn.api.records.QueueACL> ops = new ArrayList<>();
      boolean submit = true;
      boolean administer = true;
      if (scheduler instanceof dev.spindle.scheduler.QueueAcls acls) {
        String path = scheduler.queue(queue).map(q -> q.path()).orElse(queue);
        submit = acls.canSubmit(user, path);
        administer = acls.canAdminister(user, path);
      }
      if (submit) {
        ops.add(org.apache.hadoop.yarn.api.records.QueueACL.SUBMIT_APPLICATIONS);
      }
      if (administer) {
        ops.add(org.apache.hadoop.yarn.api.records.QueueACL.ADMINISTER_QUEUE);
      }
      out.put(queue, ops);
    }
    return out;
  }

  private void collectQueues(String path, List<String> out) {
    scheduler.queue(path).ifPresent(q -> {
      out.add(q.name());
      for (String child : q.children()) {
        collectQueues(child, out);
      }
    });
  }

  private RmApp app(ApplicationId id) throws Refusal {
    RmApp app = state.apps.get(id);
    if (app == null) {
      throw new Refusal(Refusal.Kind.UNKNOWN_APP,
          "Application with id '" + id + "' doesn't exist in RM.");
    }
    return app;
  }

  private RmAttempt knownAttempt(ApplicationAttemptId id) throws Refusal {
    app(id.getApplicationId());
    RmAttempt a = state.attempt(id);
    if (a == null) {
      throw new Refusal(Refusal.Kind.UNKNOWN_ATTEMPT,
          "ApplicationAttempt with id '" + id + "' doesn't exist in RM.");
    }
    return a;
  }

  /**
   * Fails the application's current attempt as if its AM had died; the failure counts towards
   * the maximum attempts (failApplicationAttempt).
   */
  public void failAttempt(ApplicationAttemptId id, String diagnostics) throws Refusal {
    RmAttempt a = knownAttempt(id);
    if (a != a.app.currentAttempt() || a.facts.state().isFinal()) {
      throw new Refusal(Refusal.Kind.REFUSED, "Attempt " + id + " is not the running attempt of "
          + id.getApplicationId());
    }
    co.attemptEvent(a, new AttemptLifecycle.Event.Failed(diagnostics));
  }

  // --- NM-RM ----------------------------------------------------------------------------

  public RegistrationResult registerNode(NodeRegistration registration) {
    RegistrationResult r = nodes.register(registration);
    publishLimits();
    return r;
  }

  /** A heartbeat that changed no node (the common case) leaves the limits as they are. */
  public NodeOrders nodeHeartbeat(NodeHeartbeat heartbeat) {
    long before = nodes.changes();
    NodeOrders r = nodes.heartbeat(heartbeat);
    if (nodes.changes() != before) {
      publishLimits();
    }
    return r;
  }

  public void unregisterNode(NodeId id) {
    nodes.unregister(id);
    publishLimits();
  }

  /**
   * Applies the admin's include/exclude lists: nodes no longer admitted are decommissioned,
   * gracefully (DECOMMISSIONING until idle or the host's {@code timeoutSecs}, negative: no
   * timeout) or at once; excluded hosts are refused at registration.
   */
  public void refreshNodes(java.util.function.Predicate<String> admitted, boolean graceful,
      java.util.function.Function<String, Integer> timeoutSecs) {
    nodes.refresh(admitted, graceful, timeoutSecs);
    publishLimits();
  }

  /** The nodes now DECOMMISSIONING. */
  public List<NodeId> decommissioningNodes() {
    return nodes.decommissioning();
  }

  // --- AM-RM ----------------------------------------------------------------------------

  public AmRegistration registerAm(ApplicationAttemptId id, String host, int rpcPort,
      String trackingUrl) throws Refusal {
    return am.register(id, host, rpcPort, trackingUrl);
  }

  public AllocateResult allocate(ApplicationAttemptId id, AllocateCommand cmd)
      throws Refusal {
    return am.allocate(id, cmd);
  }

  /** Unregisters the AM; true once the unregistration is recorded (stock isUnregistered). */
  public boolean finishAm(ApplicationAttemptId id, FinalApplicationStatus status,
      String diagnostics, String trackingUrl) throws Refusal {
    return am.finish(id, status, diagnostics, trackingUrl);
  }

  // --- AM launcher callbacks ------------------------------------------------------------

  public void amLaunched(ApplicationAttemptId id) {
    RmAttempt a = state.attempt(id);
    if (a != null) {
      a.lastPing = co.now();
      co.attemptEvent(a, new AttemptLifecycle.Event.Launched());
    }
  }

  public void amLaunchFailed(ApplicationAttemptId id, String diagnostics) {
    RmAttempt a = state.attempt(id);
    if (a != null) {
      co.attemptEvent(a, new AttemptLifecycle.Event.LaunchFailed(diagnostics));
    }
  }

  // --- preemption -----------------------------------------------------------------------

  /** Applies a preemption round: warns AMs, kills containers past their grace, withdraws. */
  public void preempt(dev.spindle.scheduler.PreemptionDecision decision) {
    long graceMs = scheduler instanceof dev.spindle.scheduler.Preempting p
        ? p.preemptionGraceMs() : 0;
    PreemptionOps.apply(co, state, decision, graceMs);
  }

  // --- offer mode (docs/offers-protocol.md) ------------------------------------------------

  /** Tells {@code listener} how offers come and go (metrics); call before the loop runs. */
  public void offerListener(OfferListener listener) {
    frameworks.listener(listener);
  }

  /** How many offers are outstanding now; safe to call from any thread. */
  public int outstandingOffers() {
    return frameworks.outstandingCount();
  }

  public FrameworkRegistration registerFramework(ApplicationAttemptId id, String name,
      boolean revocable, boolean inverseOffers, String host, int rpcPort, String trackingUrl)
      throws Refusal {
    return frameworks.register(id, name, revocable, inverseOffers, host, rpcPort, trackingUrl);
  }

  public FrameworkPoll pollFramework(ApplicationAttemptId id, int responseId) throws Refusal {
    return frameworks.poll(id, responseId);
  }

  /** Launches out of an offer: one container per (size, tag), in order. */
  public OfferAcceptance acceptOffer(ApplicationAttemptId id, List<String> offerIds,
      List<ResourceVector> sizes, List<String> tags, double refuseSeconds, long seq)
      throws Refusal {
    List<FrameworkOps.Launch> launches = new ArrayList<>(sizes.size());
    for (int i = 0; i < sizes.size(); i++) {
      launches.add(new FrameworkOps.Launch(scheduler.normalize(sizes.get(i)), tags.get(i)));
    }
    return frameworks.accept(id, offerIds, launches, refuseSeconds, seq);
  }

  public void declineOffers(ApplicationAttemptId id, List<String> offerIds,
      double refuseSeconds) throws Refusal {
    frameworks.decline(id, offerIds, refuseSeconds);
  }

  public void reviveOffers(ApplicationAttemptId id) throws Refusal {
    frameworks.revive(id);
  }

  public void suppressOffers(ApplicationAttemptId id) throws Refusal {
    frameworks.suppress(id);
  }

  public void killTasks(ApplicationAttemptId id, List<ContainerId> containers) throws Refusal {
    frameworks.kill(id, containers);
  }

  public boolean unregisterFramework(ApplicationAttemptId id, FinalApplicationStatus status,
      String diagnostics, String trackingUrl) throws Refusal {
    return frameworks.unregister(id, status, diagnostics, trackingUrl);
  }

  /**
   * The registered frameworks (current attempts of live applications that registered) and
   * the outstanding offers, of the applications {@code caller} may view.
   */
  public OfferViews offerViews(UserGroupInformation caller) {
    List<FrameworkSnapshot> out = new ArrayList<>();
    ResourceVector cluster = scheduler.clusterCapacity();
    for (RmApp app : state.apps.values()) {
      RmAttempt a = app.currentAttempt();
      if (a == null || a.framework == null || app.facts.state().isFinal()
          || !access.allows(caller, ApplicationAccessType.VIEW_APP, app,
              reports.queuePath(app))) {
        continue;
      }
      var view = frameworks.view(app.appKey);
      if (view.isEmpty()) {
        continue;
      }
      var v = view.get();
      String queue = reports.queuePath(app);
      int tasks = 0;
      for (RmContainer c : a.containers.values()) {
        tasks += c.isAm ? 0 : 1;
      }
      out.add(new FrameworkSnapshot(a.id, a.framework.name, app.submission.user(), queue,
          v.suppressed(), v.filters(), v.offers(), v.offered(), v.used(),
          v.used().dominantShare(cluster), frameworks.guarantee(queue), tasks,
          a.framework.revocable, a.framework.inverseOffers));
    }
    List<OfferSnapshot> offers = new ArrayList<>();
    for (OfferBook.Outstanding o : frameworks.outstanding()) {
      RmApp app = state.apps.get(o.attempt().getApplicationId());
      if (app != null && access.allows(caller, ApplicationAccessType.VIEW_APP, app,
          reports.queuePath(app))) {
        offers.add(new OfferSnapshot(o.id(), o.attempt(), o.node(), o.resource(), o.madeAt(),
            o.madeAt() + settings.offerTimeoutMs()));
      }
    }
    return new OfferViews(out, offers);
  }

  // --- timers ---------------------------------------------------------------------------

  /** Expires silent nodes and AMs and unused containers; the loop runs this on a timer. */
  public void checkLiveness() {
    nodes.expire();
    updates.expireLifetimes();
    if (!co.recoveringContainers()) {
      // The NMs had their chance to hand these back: nothing left to release.
      co.containers.forgetReleasedBeforeRecovery();
    }
    nodes.finishDrains();
    publishLimits();
    co.expireUnusedContainers(co.now() - settings.containerAllocationExpiryMs());
    frameworks.tick();
    long deadline = co.now() - settings.amExpiryMs();
    for (RmApp app : new ArrayList<>(state.apps.values())) {
      RmAttempt a = app.currentAttempt();
      if (a == null || app.facts.state().isFinal()) {
        continue;
      }
      AttemptState s = a.facts.state();
      boolean monitored = s == AttemptState.LAUNCHED || s == AttemptState.RUNNING
          || s == AttemptState.FINISHING;
      if (monitored && a.lastPing < deadline) {
        co.attemptEvent(a, new AttemptLifecycle.Event.Expired());
      }
    }
  }
}
