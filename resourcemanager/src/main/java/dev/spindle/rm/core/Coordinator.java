package dev.spindle.rm.core;

import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AmContainerAware;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
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

  final RmState state;
  final Scheduler scheduler;
  final Clock clock;
  final RmSettings settings;
  private final RecordSink sink;
  private final AmLauncher launcher;
  final AmrmTokenSecretManager amrmTokens;
  /** Every live container and its deliveries to the AM: their one writer. */
  final Containers containers;
  /** The scheduler's workload goes here (what-if replay); OFF unless recording is on. */
  WorkloadRecorder recorder = WorkloadRecorder.OFF;
  /** When a work-preserving recovery happened, or -1: containers may still come back. */
  private long workPreservingSince = -1;
  /** No new allocations before this time (the work-preserving scheduling wait). */
  private long schedulingResumesAt;
  Coordinator(RmState state, Scheduler scheduler, Clock clock, RmSettings settings,
      RecordSink sink, AmLauncher launcher, AmrmTokenSecretManager amrmTokens) {
    this.state = state;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.sink = sink;
    this.launcher = launcher;
    this.amrmTokens = amrmTokens;
    this.containers = new Containers(scheduler, new Containers.NodeOutbox() {
      @Override
      public void cleanup(NodeId node, ContainerId container) {
        outbox.cleanup(node, container);
      }

      @Override
      public void ack(NodeId node, ContainerId container) {
        outbox.ack(node, container);
      }

      @Override
      public void appFinished(NodeId node, org.apache.hadoop.yarn.api.records.ApplicationId app) {
        outbox.appFinished(node, app);
      }
    });
  }

  /**
   * The node owner's outboxes; set once, right after construction (the node owner is built
   * on this coordinator).
   */
  private Containers.NodeOutbox outbox;

  void nodeOutbox(Containers.NodeOutbox outbox) {
    this.outbox = outbox;
  }

  /** Offer mode's side of the core; set once, right after construction. */
  FrameworkOps frameworks;

  long now() {
    return clock.getTime();
  }

  void recordWorkload(WorkloadRecorder r) {
    recorder = r;
    containers.recorder = r;
  }

  /** Records a submission with its AM container's normalised size. */
  void recordSubmitted(AppSpec spec, ResourceRequest am) {
    ResourceVector size = am == null ? ResourceVector.ZERO
        : scheduler.normalize(ResourceConverter.toVector(am.getCapability()));
    recorder.appSubmitted(now(), spec, size, am == null ? 0 : am.getPriority().getPriority());
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
    scheduler.observeTime(now());
    if (now() >= schedulingResumesAt) {
      long start = System.nanoTime();
      List<Allocation> made = pass.get();
      passTimes.accept(System.nanoTime() - start);
      handleAllocations(made);
    }
  }

  /** Told how long each scheduling pass took (ns), for metrics; set before serving. */
  java.util.function.LongConsumer passTimes = nanos -> { };

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
    scheduler.observeTime(now());
    scheduler.updateAsks(app.appKey, List.of(new Ask(am.getPriority().getPriority(),
        am.getAllocationRequestId(), Ask.ANY, size, 1, true)));
    schedule(scheduler::allocateAll);
  }

  /** Frees everything a finished application holds and tells its nodes to clean up. */
  private void cleanupApp(RmApp app) {
    for (long allocationId : scheduler.removeApplication(app.appKey)) {
      RmContainer c = containers.byAllocation(allocationId);
      if (c != null) {
        completeContainer(c, ContainerExitStatus.ABORTED, Containers.COMPLETED_APP, false);
      }
    }
    for (RmAttempt a : app.attempts) {
      amrmTokens.retire(a.id);
      for (RmContainer c : new ArrayList<>(a.containers.values())) {
        completeContainer(c, ContainerExitStatus.ABORTED, Containers.COMPLETED_APP, false);
      }
    }
    for (NodeId nodeId : app.nodesUsed) {
      outbox.appFinished(nodeId, app.id());
    }
    LOG.info("{} ended {} ({})", app.id(), app.facts.state(), app.facts.finalStatus());
    recorder.appEnded(now(), app.appKey, app.facts.state().name());
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
      RmContainer am = containers.get(step.next().amContainerId());
      attempt.lastPing = now();
      launcher.launch(new AmLauncher.LaunchRequest(attempt.id, am.grant(),
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
    containers.accountedUpTo(attempt, now);
    return attempt.usage;
  }

  /** Releases what an ended attempt holds, then lets the application decide what follows. */
  private void endAttempt(RmAttempt attempt, boolean stopAm) {
    amrmTokens.retire(attempt.id);
    frameworks.attemptEnded(attempt);
    RmContainer am = attempt.facts.amContainerId() == null ? null
        : containers.get(attempt.facts.amContainerId());
    if (stopAm && am != null) {
      launcher.stop(attempt.id, am.grant());
    }
    boolean keep = keepsContainers(attempt);
    for (RmContainer c : new ArrayList<>(attempt.containers.values())) {
      // Containers the AM never saw are not worth keeping.
      if (!keep || c.isAm || c.state == RmContainer.State.ALLOCATED) {
        completeContainer(c, ContainerExitStatus.ABORTED, Containers.COMPLETED_APP, false);
      }
    }
    containers.forgetUndelivered(attempt);
    if (!keep) {
      containers.dropUndelivered(attempt);
    }
    scheduler.clearAsks(attempt.app.appKey);
    RmApp app = attempt.app;
    appEvent(app, attemptEnded(app, attempt.facts));
    RmAttempt next = app.currentAttempt();
    if (keep && next != attempt && !app.facts.state().isFinal()) {
      containers.transfer(attempt, next);
    } else if (keep) {
      for (RmContainer c : new ArrayList<>(attempt.containers.values())) {
        completeContainer(c, ContainerExitStatus.ABORTED, Containers.COMPLETED_APP, false);
      }
      containers.dropUndelivered(attempt);
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

  /** Queues an updated-node report for every running attempt (updated_nodes, 2.8). */
  void nodeChanged(NodeId nodeId) {
    for (RmApp app : state.apps.values()) {
      RmAttempt a = app.currentAttempt();
      if (a != null && !a.facts.state().isFinal() && !app.facts.state().isFinal()) {
        a.updatedNodes.add(nodeId);
      }
    }
  }

  /** Takes back containers the AM never started within the allocation-expiry interval. */
  void expireUnusedContainers(long deadline) {
    for (RmContainer c : containers.unusedSince(deadline)) {
      completeContainer(c, ContainerExitStatus.ABORTED, Containers.EXPIRED, false);
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

  /**
   * Turns scheduler decisions into containers (the AM container or ones for the AM to pull)
   * and offers (queued for their framework's next poll).
   */
  void handleAllocations(List<Allocation> allocations) {
    for (Allocation a : allocations) {
      RmApp app = state.byKey.get(a.appKey());
      RmAttempt attempt = app == null ? null : app.currentAttempt();
      RmNode node = state.nodes.get(NodeId.fromString(a.nodeId()));
      if (attempt == null || attempt.facts.state().isFinal() || node == null) {
        scheduler.release(a.allocationId());
        continue;
      }
      if (a.offer()) {
        frameworks.offerMade(a, attempt, node);
        continue;
      }
      boolean isAm = attempt.facts.state() == AttemptState.SCHEDULED;
      RmContainer c = containers.create(attempt, state.epoch, node, a, isAm, now());
      if (isAm) {
        if (scheduler instanceof AmContainerAware aware) {
          // Policies with AM limits count this allocation as the application's AM.
          aware.markAmContainer(a.allocationId());
        }
        attemptEvent(attempt, new AttemptLifecycle.Event.AmAllocated(c.id()));
      }
    }
  }

  /**
   * Completes a live container once (see {@link Containers#complete}) and ends the attempt
   * when it was the AM container.
   *
   * @param reportedByNm the NM reported the completion (it then waits for an ack)
   */
  void completeContainer(RmContainer c, int exitStatus, String diagnostics,
      boolean reportedByNm) {
    if (!containers.complete(c, exitStatus, diagnostics, reportedByNm, now())) {
      return;
    }
    RmAttempt attempt = c.attempt;
    if (c.isAm && !attempt.facts.state().isFinal()) {
      attemptEvent(attempt, new AttemptLifecycle.Event.AmContainerFinished(exitStatus,
          c.diagnostics, settings.proxyUrl(attempt.app.id().toString())));
    }
  }

}
