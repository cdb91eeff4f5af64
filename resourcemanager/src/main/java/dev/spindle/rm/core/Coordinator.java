package dev.spindle.rm.core;

import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AmContainerAware;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.apache.hadoop.yarn.util.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application, attempt and container lifecycles together: feeds events to the pure
 * state machines, turns their steps into records, and carries out the follow-up effects
 * (scheduler calls, launches, cleanup lists). Loop-owned: called only on the core thread.
 */
final class Coordinator {

  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  /** Stock diagnostics (SchedulerUtils), which AMs log and some match on. */
  static final String RELEASED = "Container released by application";
  static final String LOST = "Container released on a *lost* node";
  static final String COMPLETED_APP = "Container of a completed application";
  static final String EXPIRED = "Container expired since it was unused";

  final RmState state;
  final Scheduler scheduler;
  final Clock clock;
  final RmSettings settings;
  private final RecordSink sink;
  private final AmLauncher launcher;
  final AmrmTokenSecretManager amrmTokens;
  private final ContainerTokenSecretManager containerTokens;
  /** When a work-preserving recovery happened, or -1: containers may still come back. */
  private long workPreservingSince = -1;
  /** No new allocations before this time (the work-preserving scheduling wait). */
  private long schedulingResumesAt;
  /**
   * Containers an AM released before their NM re-registered after a work-preserving restart;
   * they are killed instead of recovered when their NM reports them.
   */
  final java.util.Set<ContainerId> releasedBeforeRecovery = new java.util.HashSet<>();

  Coordinator(RmState state, Scheduler scheduler, Clock clock, RmSettings settings,
      RecordSink sink, AmLauncher launcher, AmrmTokenSecretManager amrmTokens,
      ContainerTokenSecretManager containerTokens) {
    this.state = state;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.sink = sink;
    this.launcher = launcher;
    this.amrmTokens = amrmTokens;
    this.containerTokens = containerTokens;
  }

  long now() {
    return clock.getTime();
  }

  void workPreservingSince(long now, long schedulingWaitMs) {
    this.workPreservingSince = now;
    this.schedulingResumesAt = now + schedulingWaitMs;
  }

  /** Whether the last recovery kept work; recovered attempts then stay alive. */
  boolean workPreserving() {
    return workPreservingSince >= 0;
  }

  /**
   * Whether containers may still be handed back by NMs re-registering after a
   * work-preserving restart: within one NM expiry interval of it.
   */
  boolean recoveringContainers() {
    return workPreservingSince >= 0 && now() < workPreservingSince + settings.nmExpiryMs();
  }

  /** Runs a scheduling pass unless the work-preserving scheduling wait is still on. */
  void schedule(java.util.function.Supplier<List<Allocation>> pass) {
    if (now() >= schedulingResumesAt) {
      handleAllocations(pass.get());
    }
  }

  /** Persists a record, then applies it: the only way applications and attempts change. */
  void apply(StateRecord record) {
    sink.persist(record);
    state.replay(record);
  }

  boolean fits(StateRecord record) {
    return sink.fits(record);
  }

  // --- applications ---------------------------------------------------------------------

  void appEvent(RmApp app, AppLifecycle.Event event) {
    AppLifecycle.Step step = AppLifecycle.on(app.id().toString(), app.facts, event, now());
    if (step == null) {
      return;
    }
    if (!step.next().equals(app.facts)) {
      apply(new StateRecord.AppChanged(app.id(), step.next()));
    }
    switch (step.action()) {
      case START_ATTEMPT -> startAttempt(app);
      case KILL_ATTEMPT -> attemptEvent(app.currentAttempt(),
          new AttemptLifecycle.Event.Killed(app.facts.diagnostics()));
      case CLEANUP -> cleanupApp(app);
      case NONE -> { }
      default -> throw new AssertionError(step.action());
    }
  }

  void startAttempt(RmApp app) {
    ApplicationAttemptId id = ApplicationAttemptId.newInstance(app.id(), app.attempts.size() + 1);
    apply(new StateRecord.AttemptAdded(id, AttemptFacts.scheduled(now())));
    LOG.info("Starting {} of {}", id, app.id());
    if (app.isUnmanaged()) {
      // Its AM runs outside the cluster: no AM container, launched at once, and the AM
      // liveness clock starts now (the owner fetches the AMRM token from the report).
      RmAttempt attempt = app.currentAttempt();
      attempt.lastPing = now();
      attemptEvent(attempt, new AttemptLifecycle.Event.LaunchedUnmanaged());
      return;
    }
    askForAm(app);
  }

  /** Asks the scheduler for the current attempt's AM container. */
  void askForAm(RmApp app) {
    ResourceRequest am = app.submission.amRequest();
    ResourceVector size = scheduler.normalize(ResourceConverter.toVector(am.getCapability()));
    scheduler.updateAsks(app.appKey, List.of(new Ask(am.getPriority().getPriority(),
        am.getAllocationRequestId(), Ask.ANY, size, 1, true)));
    schedule(scheduler::allocateAll);
  }

  /** Frees everything a finished application holds and tells its nodes to clean up. */
  private void cleanupApp(RmApp app) {
    for (long allocationId : scheduler.removeApplication(app.appKey)) {
      RmContainer c = state.byAllocation.get(allocationId);
      if (c != null) {
        completeContainer(c, ContainerExitStatus.ABORTED, COMPLETED_APP, false);
      }
    }
    for (RmAttempt a : app.attempts) {
      amrmTokens.retire(a.id);
      for (RmContainer c : new ArrayList<>(a.containers.values())) {
        completeContainer(c, ContainerExitStatus.ABORTED, COMPLETED_APP, false);
      }
    }
    for (NodeId nodeId : app.nodesUsed) {
      RmNode node = state.nodes.get(nodeId);
      if (node != null && node.isLive()) {
        node.appsToCleanup.add(app.id());
      }
    }
    LOG.info("{} ended {} ({})", app.id(), app.facts.state(), app.facts.finalStatus());
    while (state.completed.size() > settings.maxCompletedApps()) {
      apply(new StateRecord.AppEvicted(state.completed.peekFirst()));
    }
  }

  // --- attempts -------------------------------------------------------------------------

  void attemptEvent(RmAttempt attempt, AttemptLifecycle.Event event) {
    AttemptLifecycle.Step step =
        AttemptLifecycle.on(attempt.id.toString(), attempt.facts, event, now());
    if (step == null) {
      return;
    }
    AttemptFacts next = step.next();
    if (step.ended()) {
      next = next.withUsage(closeUsage(attempt));
    }
    apply(new StateRecord.AttemptChanged(attempt.id, next));
    if (step.launch()) {
      RmContainer am = state.containers.get(step.next().amContainerId());
      attempt.lastPing = now();
      launcher.launch(new AmLauncher.LaunchRequest(attempt.id, am.container,
          attempt.app.submission, amrmTokens.createToken(attempt.id)));
    }
    if (step.ended()) {
      endAttempt(attempt, step.stopAmContainer());
    }
  }

  /**
   * Charges the attempt for its running containers up to now and returns its final usage;
   * containers it hands on to the next attempt are charged there from now on.
   */
  private Usage closeUsage(RmAttempt attempt) {
    long now = now();
    attempt.usage = attempt.usageAt(now);
    for (RmContainer c : attempt.containers.values()) {
      c.accountedFrom = now;
    }
    return attempt.usage;
  }

  /** Releases what an ended attempt holds, then lets the application decide what follows. */
  private void endAttempt(RmAttempt attempt, boolean stopAm) {
    amrmTokens.retire(attempt.id);
    RmContainer am = attempt.facts.amContainerId() == null ? null
        : state.containers.get(attempt.facts.amContainerId());
    if (stopAm && am != null) {
      launcher.stop(attempt.id, am.container, attempt.app.submission.user());
    }
    boolean keep = keepsContainers(attempt);
    for (RmContainer c : new ArrayList<>(attempt.containers.values())) {
      // Containers the AM never saw are not worth keeping.
      if (!keep || c.isAm || c.state == RmContainer.State.ALLOCATED) {
        completeContainer(c, ContainerExitStatus.ABORTED, COMPLETED_APP, false);
      }
    }
    attempt.newlyAllocated.clear();
    if (!keep) {
      dropUndelivered(attempt);
    }
    scheduler.clearAsks(attempt.app.appKey);
    RmApp app = attempt.app;
    appEvent(app, attemptEnded(app, attempt.facts));
    RmAttempt next = app.currentAttempt();
    if (keep && next != attempt && !app.facts.state().isFinal()) {
      transferContainers(attempt, next);
    } else if (keep) {
      for (RmContainer c : new ArrayList<>(attempt.containers.values())) {
        completeContainer(c, ContainerExitStatus.ABORTED, COMPLETED_APP, false);
      }
      dropUndelivered(attempt);
    }
  }

  /** The application event for its current attempt having ended with {@code facts}. */
  AppLifecycle.Event.AttemptEnded attemptEnded(RmApp app, AttemptFacts facts) {
    return new AppLifecycle.Event.AttemptEnded(facts, countedFailures(app),
        app.submission.maxAttempts(), settings.globalMaxAttempts(), app.isUnmanaged());
  }

  /** Work-preserving AM restart applies to attempts that failed, not to ones that finished. */
  private static boolean keepsContainers(RmAttempt attempt) {
    return attempt.app.submission.context().getKeepContainersAcrossApplicationAttempts()
        && attempt.facts.state() != AttemptState.FINISHED;
  }

  /** Nobody will pull these statuses any more: let their NMs forget the containers. */
  private void dropUndelivered(RmAttempt attempt) {
    attempt.completedToDeliver.clear();
    for (var e : attempt.ackAfterDelivery.entrySet()) {
      ack(e.getValue(), e.getKey());
    }
    attempt.ackAfterDelivery.clear();
  }

  /** Hands the running containers (and undelivered statuses) of a failed attempt to the next. */
  private void transferContainers(RmAttempt from, RmAttempt to) {
    for (RmContainer c : new ArrayList<>(from.containers.values())) {
      from.containers.remove(c.id());
      c.attempt = to;
      to.containers.put(c.id(), c);
      to.fromPreviousAttempt.add(c);
    }
    to.completedToDeliver.addAll(from.completedToDeliver);
    to.ackAfterDelivery.putAll(from.ackAfterDelivery);
    from.completedToDeliver.clear();
    from.ackAfterDelivery.clear();
    LOG.info("{} keeps {} containers of {}", to.id, to.fromPreviousAttempt.size(), from.id);
  }

  /** Queues an updated-node report for every running attempt (updated_nodes, 2.8). */
  void nodeChanged(NodeId nodeId) {
    for (RmApp app : state.apps.values()) {
      RmAttempt a = app.currentAttempt();
      if (a != null && !a.facts.state().isFinal() && !app.facts.state().isFinal()) {
        a.updatedNodes.add(nodeId);
      }
    }
  }

  /**
   * Takes back containers the AM never started within the allocation-expiry interval. Only
   * the oldest not-started containers are looked at (they are kept in creation order).
   */
  void expireUnusedContainers(long deadline) {
    List<RmContainer> expired = new ArrayList<>();
    for (RmContainer c : state.notStarted.values()) {
      if (c.creationTime >= deadline) {
        break;
      }
      expired.add(c);
    }
    for (RmContainer c : expired) {
      completeContainer(c, ContainerExitStatus.ABORTED, EXPIRED, false);
    }
  }

  /** Its NM reports the container running: it can no longer expire unused. */
  void containerRunning(RmContainer c) {
    if (c.advance(RmContainer.State.RUNNING)) {
      state.notStarted.remove(c.id());
    }
  }

  int countedFailures(RmApp app) {
    long validity = app.submission.context().getAttemptFailuresValidityInterval();
    int n = 0;
    for (RmAttempt a : app.attempts) {
      if (AttemptLifecycle.countsTowardsMaxAttempts(a.facts, validity, now())) {
        n++;
      }
    }
    return n;
  }

  // --- containers -----------------------------------------------------------------------

  /** Turns scheduler decisions into containers: the AM container or ones for the AM to pull. */
  void handleAllocations(List<Allocation> allocations) {
    for (Allocation a : allocations) {
      RmApp app = state.byKey.get(a.appKey());
      RmAttempt attempt = app == null ? null : app.currentAttempt();
      RmNode node = state.nodes.get(NodeId.fromString(a.nodeId()));
      if (attempt == null || attempt.facts.state().isFinal() || node == null) {
        scheduler.release(a.allocationId());
        continue;
      }
      boolean isAm = attempt.facts.state() == AttemptState.SCHEDULED;
      RmContainer c = newContainer(attempt, node, a, isAm);
      if (isAm) {
        if (scheduler instanceof AmContainerAware aware) {
          // Policies with AM limits count this allocation as the application's AM.
          aware.markAmContainer(a.allocationId());
        }
        c.advance(RmContainer.State.ACQUIRED);
        attemptEvent(attempt, new AttemptLifecycle.Event.AmAllocated(c.id()));
      } else {
        attempt.newlyAllocated.add(c);
      }
    }
  }

  private RmContainer newContainer(RmAttempt attempt, RmNode node, Allocation a, boolean isAm) {
    // Ids carry the RM epoch above bit 40 (stock layout) so they never repeat across restarts.
    ContainerId id = ContainerId.newContainerId(attempt.id,
        state.epoch << RmState.EPOCH_SHIFT | attempt.nextContainerSeq++);
    Resource resource = ResourceConverter.toResource(a.resource());
    Priority priority = Priority.newInstance(a.priority());
    long now = now();
    Token token = containerTokens.createContainerToken(id, node.id,
        attempt.app.submission.user(), resource, priority, now,
        isAm ? ContainerType.APPLICATION_MASTER : ContainerType.TASK, a.allocationRequestId());
    Container container =
        Container.newInstance(id, node.id, node.httpAddress(), resource, priority, token);
    container.setAllocationRequestId(a.allocationRequestId());
    RmContainer c = new RmContainer(container, a.allocationId(), attempt, isAm, now);
    state.containers.put(id, c);
    state.byAllocation.put(a.allocationId(), c);
    if (!isAm) {
      state.notStarted.put(id, c);
    }
    attempt.containers.put(id, c);
    attempt.app.nodesUsed.add(node.id);
    return c;
  }

  /**
   * Completes a live container once: frees it in the scheduler, queues its status for the AM,
   * tells its NM to kill it when the RM decided the end, and ends the attempt when it was the
   * AM container.
   *
   * @param reportedByNm the NM reported the completion (it then waits for an ack)
   */
  void completeContainer(RmContainer c, int exitStatus, String diagnostics,
      boolean reportedByNm) {
    if (c.state == RmContainer.State.COMPLETED) {
      return;
    }
    c.state = RmContainer.State.COMPLETED;
    c.exitStatus = exitStatus;
    c.diagnostics = diagnostics == null ? "" : diagnostics;
    c.finishTime = now();
    RmAttempt holder = c.attempt;
    long ran = c.finishTime - c.accountedFrom;
    holder.usage = holder.usage.charged(c.container.getResource(), ran);
    if (exitStatus == ContainerExitStatus.PREEMPTED) {
      holder.usage = holder.usage.preempted(c.container.getResource(),
          c.finishTime - c.creationTime, c.isAm);
    }
    c.accountedFrom = c.finishTime;
    state.containers.remove(c.id());
    state.byAllocation.remove(c.allocationId);
    state.notStarted.remove(c.id());
    scheduler.release(c.allocationId);
    RmAttempt attempt = c.attempt;
    attempt.containers.remove(c.id());
    NodeId nodeId = c.container.getNodeId();
    RmNode node = state.nodes.get(nodeId);
    if (!reportedByNm && node != null && node.isLive()) {
      node.containersToCleanup.add(c.id());
    }
    boolean attemptLive = !attempt.facts.state().isFinal();
    if (attemptLive && !c.isAm) {
      attempt.completedToDeliver.add(c.completedStatus());
      if (reportedByNm) {
        attempt.ackAfterDelivery.put(c.id(), nodeId);
      }
    } else if (reportedByNm) {
      ack(nodeId, c.id());
    }
    if (c.isAm && attemptLive) {
      attemptEvent(attempt, new AttemptLifecycle.Event.AmContainerFinished(exitStatus,
          c.diagnostics, settings.proxyUrl(attempt.app.id().toString())));
    }
  }

  /** Lets the NM forget a completed container (containers_to_be_removed_from_nm). */
  void ack(NodeId nodeId, ContainerId containerId) {
    RmNode node = state.nodes.get(nodeId);
    if (node != null && node.isLive()) {
      node.containersToAck.add(containerId);
    }
  }
}
