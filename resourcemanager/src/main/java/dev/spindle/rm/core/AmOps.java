package dev.spindle.rm.core;

import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdateContainerError;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.client.AMRMClientUtils;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidContainerReleaseException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.proto.YarnServiceProtos.SchedulerResourceTypes;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The RM side of the AM-RM protocol: register, allocate with its responseId discipline, and
 * finish (yarn-compat 2). The caller's attempt comes from its AMRM token. Loop-owned: called
 * only on the core thread.
 */
final class AmOps {

  private final Coordinator co;
  private final RmState state;
  private final NmTokenSecretManager nmTokens;
  private final SchedulerSettings schedulerSettings;
  private final Reports reports;

  AmOps(Coordinator co, NmTokenSecretManager nmTokens, SchedulerSettings schedulerSettings,
      Reports reports) {
    this.co = co;
    this.state = co.state;
    this.nmTokens = nmTokens;
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

  RegisterApplicationMasterResponse register(ApplicationAttemptId id, String host, int rpcPort,
      String trackingUrl) throws YarnException {
    RmAttempt a = liveAttempt(id);
    if (a == null) {
      throw new InvalidApplicationMasterRequestException(
          "Application doesn't exist in cache " + id);
    }
    if (a.isRegistered() && !(a.app.isUnmanaged() && keepsContainers(a.app))) {
      // Stock lets only an unmanaged AM that keeps containers register again (YARN-5086).
      throw new InvalidApplicationMasterRequestException(
          AMRMClientUtils.APP_ALREADY_REGISTERED_MESSAGE + id.getApplicationId());
    }
    a.lastPing = co.now();
    co.attemptEvent(a, new AttemptLifecycle.Event.Registered(host, rpcPort,
        trackingUrl == null ? "" : trackingUrl));
    co.appEvent(a.app, new AppLifecycle.Event.AttemptRegistered());
    // Registration starts the heartbeat sequence: the AM's first allocate carries id 0.
    a.lastResponse = AllocateResponse.newInstance(0, List.of(), List.of(), List.of(),
        Resource.newInstance(0, 0), null, 0, null, List.of());

    RegisterApplicationMasterResponse r =
        org.apache.hadoop.yarn.util.Records.newRecord(RegisterApplicationMasterResponse.class);
    String queue = co.scheduler.application(a.app.appKey)
        .map(v -> v.queuePath()).orElse(a.app.submission.queue());
    r.setMaximumResourceCapability(
        ResourceConverter.toResource(co.scheduler.maximumAllocation(queue)));
    r.setQueue(queue);
    Map<ApplicationAccessType, String> acls =
        a.app.submission.context().getAMContainerSpec().getApplicationACLs();
    r.setApplicationACLs(acls == null ? Map.of() : acls);
    r.setSchedulerResourceTypes(
        schedulerSettings.calculator() == SchedulerSettings.Calculator.DOMINANT
            ? EnumSet.of(SchedulerResourceTypes.MEMORY, SchedulerResourceTypes.CPU)
            : EnumSet.of(SchedulerResourceTypes.MEMORY));
    r.setResourceTypes(ResourceUtils.getResourcesTypeInfo());
    List<Container> kept = new ArrayList<>();
    List<NMToken> keptTokens = new ArrayList<>();
    for (RmContainer c : a.fromPreviousAttempt) {
      if (c.state != RmContainer.State.COMPLETED) {
        kept.add(c.container);
        nmTokenFor(a, c.container.getNodeId(), keptTokens);
      }
    }
    r.setContainersFromPreviousAttempts(kept);
    r.setNMTokensFromPreviousAttempts(keptTokens);
    return r;
  }

  AllocateResponse allocate(ApplicationAttemptId id, AllocateCommand cmd) throws YarnException {
    RmAttempt a = liveAttempt(id);
    if (a == null) {
      throw new ApplicationAttemptNotFoundException("Application attempt " + id
          + " doesn't exist in ApplicationMasterService cache.");
    }
    a.lastPing = co.now();
    if (!a.isRegistered()) {
      throw new ApplicationMasterNotRegisteredException(
          "AM is not registered for known application attempt: " + id
              + " or RM had restarted after AM registered.  AM should re-register.");
    }
    int last = a.lastResponse.getResponseId();
    if (AMRMClientUtils.getNextResponseId(cmd.responseId()) == last) {
      return a.lastResponse;
    }
    if (cmd.responseId() != last) {
      throw new InvalidApplicationMasterRequestException(AMRMClientUtils
          .assembleInvalidResponseIdExceptionMessage(id, last, cmd.responseId()));
    }
    List<RmContainer> releases = checkReleases(a, cmd.releases());
    a.app.progress = clampProgress(cmd.progress());
    if (a.facts.state() == AttemptState.RUNNING) {
      applyChanges(a, cmd, releases);
    }
    AllocateResponse response = buildResponse(a, AMRMClientUtils.getNextResponseId(last));
    List<UpdateContainerError> errors = new ArrayList<>();
    for (UpdateContainerRequest u : cmd.updates()) {
      errors.add(UpdateContainerError.newInstance(
          "Spindle does not support container updates yet", u));
    }
    response.setUpdateErrors(errors);
    a.lastResponse = response;
    return response;
  }

  /**
   * The live containers an allocate releases. Another application's container is an error;
   * an unknown one has already completed and its status is on its way.
   */
  private List<RmContainer> checkReleases(RmAttempt a, List<ContainerId> ids)
      throws InvalidContainerReleaseException {
    List<RmContainer> out = new ArrayList<>();
    for (ContainerId cid : ids) {
      RmContainer c = state.containers.get(cid);
      boolean otherApp = !cid.getApplicationAttemptId().getApplicationId()
          .equals(a.id.getApplicationId());
      if (otherApp || c != null && c.attempt != a) {
        throw new InvalidContainerReleaseException("Cannot release container : " + cid
            + " not belonging to this application attempt : " + a.id);
      }
      if (c != null) {
        out.add(c);
      } else if (co.recoveringContainers()) {
        // Its NM has not handed it back yet: kill it when it does (yarn-compat 6.5).
        co.releasedBeforeRecovery.add(cid);
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
      co.completeContainer(c, ContainerExitStatus.ABORTED, Coordinator.RELEASED, false);
    }
    if (!cmd.asks().isEmpty()) {
      List<Ask> normalised = new ArrayList<>(cmd.asks().size());
      for (Ask ask : cmd.asks()) {
        normalised.add(new Ask(ask.priority(), ask.allocationRequestId(), ask.resourceName(),
            co.scheduler.normalize(ask.capability()), ask.numContainers(),
            ask.relaxLocality()));
      }
      co.scheduler.updateAsks(appKey, normalised);
    }
    if (!cmd.asks().isEmpty() || !releases.isEmpty()) {
      // Asks placed now need not wait for the next node heartbeat.
      co.schedule(co.scheduler::allocateAll);
    }
  }

  private AllocateResponse buildResponse(RmAttempt a, int responseId) {
    List<Container> allocated = new ArrayList<>();
    List<NMToken> tokens = new ArrayList<>();
    for (RmContainer c : a.newlyAllocated) {
      if (c.state == RmContainer.State.COMPLETED) {
        continue;
      }
      c.advance(RmContainer.State.ACQUIRED);
      allocated.add(c.container);
      nmTokenFor(a, c.container.getNodeId(), tokens);
    }
    a.newlyAllocated.clear();
    List<ContainerStatus> completed = new ArrayList<>(a.completedToDeliver);
    a.completedToDeliver.clear();
    for (ContainerStatus s : completed) {
      NodeId node = a.ackAfterDelivery.remove(s.getContainerId());
      if (node != null) {
        co.ack(node, s.getContainerId());
      }
    }
    List<NodeReport> updated = new ArrayList<>();
    for (NodeId id : a.updatedNodes) {
      updated.add(dev.spindle.rm.rpc.ReportRecords.nodeUpdate(reports.node(state.nodes.get(id))));
    }
    a.updatedNodes.clear();
    Resource headroom =
        ResourceConverter.toResource(co.scheduler.headroom(a.app.appKey).clampToZero());
    AllocateResponse r = AllocateResponse.newInstance(responseId, completed, allocated,
        updated, headroom, null, state.liveNodes(), null, tokens);
    r.setApplicationPriority(a.app.submission.context().getPriority());
    r.setPreemptionMessage(PreemptionOps.message(a));
    return r;
  }

  /** Adds an NM token for {@code node} unless the attempt already holds one (2.7). */
  private void nmTokenFor(RmAttempt a, NodeId node, List<NMToken> out) {
    if (a.nmTokenNodes.add(node)) {
      out.add(NMToken.newInstance(node,
          nmTokens.createNMToken(a.id, node, a.app.submission.user())));
    }
  }

  FinishApplicationMasterResponse finish(ApplicationAttemptId id,
      FinalApplicationStatus status, String diagnostics, String trackingUrl)
      throws YarnException {
    RmApp app = state.apps.get(id.getApplicationId());
    RmAttempt a = state.attempt(id);
    if (app != null && a != null && a == app.currentAttempt() && (app.facts.state().isFinal()
        || a.facts.state() == AttemptState.FINISHING)) {
      // Unregistration already recorded (a retried call): report it done.
      return FinishApplicationMasterResponse.newInstance(true);
    }
    a = liveAttempt(id);
    if (a == null) {
      throw new InvalidApplicationMasterRequestException(
          "Application doesn't exist in cache " + id);
    }
    if (!a.isRegistered()) {
      throw new ApplicationMasterNotRegisteredException(
          "Application Master is trying to unregister before registering for: "
              + id.getApplicationId());
    }
    a.lastPing = co.now();
    co.attemptEvent(a, new AttemptLifecycle.Event.Unregistered(status, diagnostics,
        trackingUrl, a.app.isUnmanaged()));
    co.appEvent(a.app, new AppLifecycle.Event.AttemptUnregistered(status, diagnostics));
    // The record is applied (and, with a store, durable) before we answer.
    return FinishApplicationMasterResponse.newInstance(
        a.facts.state() == AttemptState.FINISHING || a.facts.state().isFinal());
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
