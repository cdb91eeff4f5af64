package dev.spindle.rm.core;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.client.AMRMClientUtils;
import org.apache.hadoop.yarn.proto.YarnServiceProtos.SchedulerResourceTypes;

/**
 * The RM side of the AM-RM protocol: register, allocate with its responseId discipline, and
 * finish (yarn-compat 2). The caller's attempt comes from its AMRM token. Loop-owned: called
 * only on the core thread.
 */
final class AmOps {

  private final Coordinator co;
  private final RmState state;
  private final SchedulerSettings schedulerSettings;
  private final Reports reports;

  AmOps(Coordinator co, SchedulerSettings schedulerSettings, Reports reports) {
    this.co = co;
    this.state = co.state;
    this.schedulerSettings = schedulerSettings;
    this.reports = reports;
  }

  /** The attempt if it is its application's live current attempt, else null. */
  private RmAttempt liveAttempt(ApplicationAttemptId id) {
    RmAttempt a = state.attempt(id);
    if (a == null || a != a.app.currentAttempt() || a.facts.state().isFinal()) {
      return null;
    }
    return a;
  }

  AmRegistration register(ApplicationAttemptId id, String host, int rpcPort,
      String trackingUrl) throws Refusal {
    RmAttempt a = liveAttempt(id);
    if (a == null) {
      throw new Refusal(Refusal.Kind.INVALID_AM_REQUEST,
          "Application doesn't exist in cache " + id);
    }
    if (a.isRegistered() && !(a.app.isUnmanaged() && keepsContainers(a.app))) {
      // Stock lets only an unmanaged AM that keeps containers register again (YARN-5086).
      throw new Refusal(Refusal.Kind.INVALID_AM_REQUEST,
          AMRMClientUtils.APP_ALREADY_REGISTERED_MESSAGE + id.getApplicationId());
    }
    a.lastPing = co.now();
    co.attemptEvent(a, new AttemptLifecycle.Event.Registered(host, rpcPort,
        trackingUrl == null ? "" : trackingUrl));
    co.appEvent(a.app, new AppLifecycle.Event.AttemptRegistered());
    // Registration starts the heartbeat sequence: the AM's first allocate carries id 0.
    String user = a.app.submission.user();
    a.lastResult = AllocateResult.registered(user);

    String queue = co.scheduler.application(a.app.appKey)
        .map(v -> v.queuePath()).orElse(a.app.submission.queue());
    Map<ApplicationAccessType, String> submitted =
        a.app.submission.context().getAMContainerSpec().getApplicationACLs();
    Map<ApplicationAccessType, String> acls = submitted == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(submitted));
    Set<SchedulerResourceTypes> types =
        schedulerSettings.calculator() == SchedulerSettings.Calculator.DOMINANT
            ? EnumSet.of(SchedulerResourceTypes.MEMORY, SchedulerResourceTypes.CPU)
            : EnumSet.of(SchedulerResourceTypes.MEMORY);
    List<NodeId> tokenNodes = new ArrayList<>();
    List<ContainerGrant> kept = co.containers.kept(a, tokenNodes);
    return new AmRegistration(co.scheduler.maximumAllocation(queue), queue,
        acls, types, kept, tokenNodes, user);
  }

  AllocateResult allocate(ApplicationAttemptId id, AllocateCommand cmd) throws Refusal {
    RmAttempt a = liveAttempt(id);
    if (a == null) {
      throw new Refusal(Refusal.Kind.UNKNOWN_ATTEMPT, "Application attempt " + id
          + " doesn't exist in ApplicationMasterService cache.");
    }
    a.lastPing = co.now();
    if (!a.isRegistered()) {
      throw new Refusal(Refusal.Kind.AM_NOT_REGISTERED,
          "AM is not registered for known application attempt: " + id
              + " or RM had restarted after AM registered.  AM should re-register.");
    }
    int last = a.lastResult.responseId();
    if (AMRMClientUtils.getNextResponseId(cmd.responseId()) == last) {
      return a.lastResult;
    }
    if (cmd.responseId() != last) {
      throw new Refusal(Refusal.Kind.INVALID_AM_REQUEST, AMRMClientUtils
          .assembleInvalidResponseIdExceptionMessage(id, last, cmd.responseId()));
    }
    List<RmContainer> releases = checkReleases(a, cmd.releases());
    a.app.progress = clampProgress(cmd.progress());
    if (a.facts.state() == AttemptState.RUNNING) {
      applyChanges(a, cmd, releases);
    }
    a.lastResult = nextResult(a, AMRMClientUtils.getNextResponseId(last));
    return a.lastResult;
  }

  /**
   * The live containers an allocate releases. Another application's container is an error;
   * an unknown one has already completed and its status is on its way.
   */
  private List<RmContainer> checkReleases(RmAttempt a, List<ContainerId> ids) throws Refusal {
    List<RmContainer> out = new ArrayList<>();
    for (ContainerId cid : ids) {
      RmContainer c = co.containers.get(cid);
      boolean otherApp = !cid.getApplicationAttemptId().getApplicationId()
          .equals(a.id.getApplicationId());
      if (otherApp || c != null && c.attempt != a) {
        throw new Refusal(Refusal.Kind.INVALID_RELEASE, "Cannot release container : " + cid
            + " not belonging to this application attempt : " + a.id);
      }
      if (c != null) {
        out.add(c);
      } else if (co.recoveringContainers()) {
        // Its NM has not handed it back yet: kill it when it does (yarn-compat 6.5).
        co.containers.releaseBeforeRecovery(cid);
      }
    }
    return out;
  }

  private void applyChanges(RmAttempt a, AllocateCommand cmd, List<RmContainer> releases) {
    long appKey = a.app.appKey;
    if (cmd.trackingUrl() != null && !cmd.trackingUrl().equals(a.facts.trackingUrl())) {
      AttemptFacts f = a.facts;
      co.apply(new StateRecord.AttemptChanged(a.id, f.registered(f.host(), f.rpcPort(),
          cmd.trackingUrl())));
    }
    if (!cmd.blacklistAdditions().isEmpty() || !cmd.blacklistRemovals().isEmpty()) {
      co.scheduler.updateBlacklist(appKey, cmd.blacklistAdditions(), cmd.blacklistRemovals());
    }
    for (RmContainer c : releases) {
      co.completeContainer(c, ContainerExitStatus.ABORTED, Containers.RELEASED, false);
    }
    if (!cmd.asks().isEmpty()) {
      List<Ask> normalised = new ArrayList<>(cmd.asks().size());
      for (Ask ask : cmd.asks()) {
        normalised.add(new Ask(ask.priority(), ask.allocationRequestId(), ask.resourceName(),
            co.scheduler.normalize(ask.capability()), ask.numContainers(),
            ask.relaxLocality()));
      }
      co.scheduler.observeTime(co.now());
      co.scheduler.updateAsks(appKey, normalised);
      co.recorder.asked(co.now(), appKey, normalised);
    }
    if (!cmd.asks().isEmpty() || !releases.isEmpty()) {
      // Asks placed now need not wait for the next node heartbeat.
      co.schedule(co.scheduler::allocateAll);
    }
  }

  private AllocateResult nextResult(RmAttempt a, int responseId) {
    Containers.Delivery delivery = co.containers.deliver(a);
    List<NodeSnapshot> updated = new ArrayList<>(a.updatedNodes.size());
    for (NodeId id : a.updatedNodes) {
      updated.add(reports.node(state.nodes.get(id)));
    }
    a.updatedNodes.clear();
    Priority priority = a.app.submission.context().getPriority();
    return new AllocateResult(responseId, delivery.allocated(), delivery.completed(),
        updated, co.scheduler.headroom(a.app.appKey).clampToZero(), state.liveNodes(),
        delivery.nmTokenNodes(), priority == null ? null : priority.getPriority(),
        PreemptionOps.warning(a), a.app.submission.user());
  }

  /** Whether the AM is unregistered (the attempt finishing or over). */
  boolean finish(ApplicationAttemptId id,
      FinalApplicationStatus status, String diagnostics, String trackingUrl)
      throws Refusal {
    RmApp app = state.apps.get(id.getApplicationId());
    RmAttempt a = state.attempt(id);
    if (app != null && a != null && a == app.currentAttempt() && (app.facts.state().isFinal()
        || a.facts.state() == AttemptState.FINISHING)) {
      // Unregistration already recorded (a retried call): report it done.
      return true;
    }
    a = liveAttempt(id);
    if (a == null) {
      throw new Refusal(Refusal.Kind.INVALID_AM_REQUEST,
          "Application doesn't exist in cache " + id);
    }
    if (!a.isRegistered()) {
      throw new Refusal(Refusal.Kind.AM_NOT_REGISTERED,
          "Application Master is trying to unregister before registering for: "
              + id.getApplicationId());
    }
    a.lastPing = co.now();
    co.attemptEvent(a, new AttemptLifecycle.Event.Unregistered(status, diagnostics,
        trackingUrl, a.app.isUnmanaged()));
    co.appEvent(a.app, new AppLifecycle.Event.AttemptUnregistered(status, diagnostics));
    // The record is applied (and, with a store, durable) before we answer.
    return a.facts.state() == AttemptState.FINISHING || a.facts.state().isFinal();
  }

  private static boolean keepsContainers(RmApp app) {
    return app.submission.context().getKeepContainersAcrossApplicationAttempts();
  }

  /** NaN and negatives become 0, above 1 becomes 1 (yarn-compat 2.3). */
  static float clampProgress(float p) {
    if (Float.isNaN(p) || p < 0) {
      return 0f;
    }
    return Math.min(p, 1f);
  }
}
