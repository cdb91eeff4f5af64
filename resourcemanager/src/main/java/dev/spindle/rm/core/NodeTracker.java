package dev.spindle.rm.core;

import dev.spindle.rm.security.MasterKeys;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.AMRMClientUtils;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.apache.hadoop.yarn.server.utils.YarnServerBuilderUtils;
import org.apache.hadoop.yarn.util.YarnVersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM side of the ResourceTracker protocol: node registration, the heartbeat with its
 * responseId discipline and one-shot cleanup deltas, unregistration and liveness expiry
 * (yarn-compat 3). Loop-owned: called only on the core thread.
 */
final class NodeTracker {

  private static final Logger LOG = LoggerFactory.getLogger(NodeTracker.class);

  private final Coordinator co;
  private final RmState state;
  private final SchedulerSettings schedulerSettings;
  private final MasterKeys containerKeys;
  private final MasterKeys nmKeys;
  /** Host name to rack path (RackResolver in the daemon). */
  private final UnaryOperator<String> racks;
  private final ContainerRecovery containerRecovery;
  /**
   * Counts changes to the set of nodes and their states, so callers can tell that a heartbeat
   * changed nothing that limits depend on (the common case) without recomputing them.
   */
  private long changes;
  /** Hosts the include/exclude lists let in (refreshNodes); every host by default. */
  java.util.function.Predicate<String> admitted = host -> true;

  NodeTracker(Coordinator co, SchedulerSettings schedulerSettings, MasterKeys containerKeys,
      MasterKeys nmKeys, UnaryOperator<String> racks) {
    this.co = co;
    this.state = co.state;
    this.schedulerSettings = schedulerSettings;
    this.containerKeys = containerKeys;
    this.nmKeys = nmKeys;
    this.racks = racks;
    this.containerRecovery = new ContainerRecovery(co);
  }

  RegisterNodeManagerResponse register(RegisterNodeManagerRequest request) {
    NodeId id = request.getNodeId();
    Resource capability = request.getResource();
    RegisterNodeManagerResponse response =
        org.apache.hadoop.yarn.util.Records.newRecord(RegisterNodeManagerResponse.class);
    if (!admitted.test(id.getHost())) {
      response.setNodeAction(NodeAction.SHUTDOWN);
      response.setDiagnosticsMessage("Disallowed NodeManager from  " + id.getHost()
          + ", Sending SHUTDOWN signal to the NodeManager.");
      return response;
    }
    ResourceVector min = schedulerSettings.minimumAllocation();
    if (capability.getMemorySize() < min.memoryMb()
        || capability.getVirtualCores() < min.vcores()) {
      response.setNodeAction(NodeAction.SHUTDOWN);
      response.setDiagnosticsMessage("NodeManager from " + id.getHost()
          + " doesn't satisfy minimum allocations, Sending SHUTDOWN signal to the "
          + "NodeManager. Node capabilities are " + capability + "; minimums are "
          + min.memoryMb() + "mb and " + min.vcores() + " vcores");
      return response;
    }
    RmNode old = state.nodes.get(id);
    boolean keep = old != null && old.isLive() && request.getRunningApplications() != null
        && !request.getRunningApplications().isEmpty();
    RmNode node;
    if (keep) {
      // NM restart with running applications: keep the node and its containers.
      node = old;
      node.httpPort = request.getHttpPort();
      node.capability = capability;
    } else {
      if (old != null && old.isLive()) {
        removeFromScheduler(old, NodeState.REBOOTED);
      }
      node = new RmNode(id, racks.apply(id.getHost()), request.getHttpPort(), capability,
          co.now());
      state.nodes.put(id, node);
      co.scheduler.addNode(new NodeSpec(id.toString(), id.getHost(), node.rack,
          ResourceConverter.toVector(capability)));
      LOG.info("Registered node {} with {} on rack {}", id, capability, node.rack);
    }
    state.recountLiveNodes();
    changes++;
    node.nmVersion = request.getNMVersion();
    node.lastSeen = co.now();
    node.lastResponse = HeartbeatResponses.normal(0, co.settings.heartbeatIntervalMs(), null,
        null);
    node.lastResponseId = 0;
    if (request.getNMContainerStatuses() != null) {
      processStatuses(node, containerRecovery.recover(node, request.getNMContainerStatuses()));
    }
    // No allocation here: the NM learns the RM's token keys from this response, so a
    // container (an AM launched at once) allocated now could reach it signed with a key it
    // does not know yet. Its first heartbeat allocates, as the stock RM's NODE_UPDATE does.
    response.setNodeAction(NodeAction.NORMAL);
    response.setContainerTokenMasterKey(containerKeys.currentKey());
    response.setNMTokenMasterKey(nmKeys.currentKey());
    response.setRMIdentifier(co.settings.clusterTimestamp());
    response.setRMVersion(YarnVersionInfo.getVersion());
    return response;
  }

  NodeHeartbeatResponse heartbeat(NodeHeartbeatRequest request) {
    NodeStatus status = request.getNodeStatus();
    NodeId id = status.getNodeId();
    RmNode node = state.nodes.get(id);
    if (node != null && node.state == NodeState.DECOMMISSIONED) {
      return YarnServerBuilderUtils.newNodeHeartbeatResponse(NodeAction.SHUTDOWN,
          "Disallowed NodeManager nodeId: " + id + " hostname: " + id.getHost());
    }
    if (node == null || !node.isLive()) {
      return YarnServerBuilderUtils.newNodeHeartbeatResponse(NodeAction.RESYNC,
          "Node not found resyncing " + id);
    }
    int last = node.lastResponseId;
    int got = status.getResponseId();
    if (AMRMClientUtils.getNextResponseId(got) == last) {
      LOG.info("Received duplicate heartbeat from node {} responseId={}", id, got);
      return node.lastResponse;
    }
    if (got != last) {
      String msg = "Too far behind rm response id:" + last + " nm response id:" + got;
      LOG.info("Node {}: {}; asking it to resync", id, msg);
      nodeEvent(node, new NodeLifecycle.Event.OutOfStep());
      return YarnServerBuilderUtils.newNodeHeartbeatResponse(NodeAction.RESYNC, msg);
    }
    node.lastSeen = co.now();
    NodeHealthStatus health = status.getNodeHealthStatus();
    if (health != null) {
      node.healthReport = health.getHealthReport();
      node.lastHealthReportTime = health.getLastHealthReportTime();
      nodeEvent(node, NodeLifecycle.Event.Heartbeat.of(health.getIsNodeHealthy()));
    }
    processStatuses(node, status.getContainersStatuses());
    logAggregationReports(node, request);
    if (node.state == NodeState.RUNNING) {
      co.schedule(() -> co.scheduler.allocateOn(node.schedulerId));
    }
    NodeHeartbeatResponse response = nextResponse(node, last, request);
    node.lastResponse = response;
    node.lastResponseId = response.getResponseId();
    return response;
  }

  /**
   * Builds the next response, draining the node's one-shot deltas into it. An idle node has
   * none: its response is built from scalars alone (see {@link HeartbeatResponses}).
   */
  private NodeHeartbeatResponse nextResponse(RmNode node, int last,
      NodeHeartbeatRequest request) {
    MasterKey containerKey = pushIfNew(containerKeys.nextKey(),
        request::getLastKnownContainerTokenMasterKey);
    MasterKey nmKey = pushIfNew(nmKeys.nextKey(), request::getLastKnownNMTokenMasterKey);
    NodeHeartbeatResponse response = HeartbeatResponses.normal(
        AMRMClientUtils.getNextResponseId(last), co.settings.heartbeatIntervalMs(),
        containerKey, nmKey);
    if (!node.containersToCleanup.isEmpty()) {
      response.addAllContainersToCleanup(new ArrayList<>(node.containersToCleanup));
      node.containersToCleanup.clear();
    }
    if (!node.appsToCleanup.isEmpty()) {
      response.addAllApplicationsToCleanup(new ArrayList<>(node.appsToCleanup));
      node.appsToCleanup.clear();
    }
    if (!node.containersToAck.isEmpty()) {
      response.addContainersToBeRemovedFromNM(new ArrayList<>(node.containersToAck));
      node.containersToAck.clear();
    }
    if (!node.containersToSignal.isEmpty()) {
      response.addAllContainersToSignal(new ArrayList<>(node.containersToSignal));
      node.containersToSignal.clear();
    }
    return response;
  }

  /**
   * A pending next key goes to an NM that does not have it yet (yarn-compat 3.2). The NM's
   * known key is read only when a key is pending: reading it makes a record per heartbeat.
   */
  private static MasterKey pushIfNew(MasterKey next, Supplier<MasterKey> known) {
    if (next == null) {
      return null;
    }
    MasterKey k = known.get();
    return k != null && k.getKeyId() == next.getKeyId() ? null : next;
  }

  void unregister(NodeId id) {
    RmNode node = state.nodes.get(id);
    if (node != null) {
      LOG.info("Node {} unregistered", id);
      nodeEvent(node, new NodeLifecycle.Event.ShutDown());
    }
  }

  /** What the NM says about aggregating the logs of its finished apps (stock: RMNodeImpl). */
  private void logAggregationReports(RmNode node, NodeHeartbeatRequest request) {
    if (!co.settings.logAggregationEnabled()) {
      return;
    }
    List<LogAggregationReport> reports = request.getLogAggregationReportsForApps();
    if (reports == null) {
      return;
    }
    for (LogAggregationReport r : reports) {
      RmApp app = state.apps.get(r.getApplicationId());
      if (app != null) {
        app.logAggregation.report(node.id, r.getLogAggregationStatus());
      }
    }
  }

  /**
   * Finished apps whose logs some node has not reported on for the status time-out count
   * as TIME_OUT there (stock: checked when the report is read; here on the liveness tick).
   */
  private void expireLogAggregation() {
    if (!co.settings.logAggregationEnabled()) {
      return;
    }
    long cutoff = co.now() - co.settings.logAggregationStatusTimeoutMs();
    for (RmApp app : state.apps.values()) {
      if (!app.logAggregation.isSettled() && app.facts.state().isFinal()
          && app.facts.finishTime() < cutoff) {
        app.logAggregation.timeOut();
      }
    }
  }

  /** Marks LOST every live node silent for longer than the NM liveness interval. */
  void expire() {
    expireLogAggregation();
    long deadline = co.now() - co.settings.nmExpiryMs();
    for (RmNode node : new ArrayList<>(state.nodes.values())) {
      if (node.isLive() && node.lastSeen < deadline) {
        LOG.info("Node {} expired: no heartbeat for {} ms", node.id,
            co.now() - node.lastSeen);
        nodeEvent(node, new NodeLifecycle.Event.Expired());
      }
    }
  }

  /** The number of node changes so far (registrations, state changes, removals). */
  long changes() {
    return changes;
  }

  private void nodeEvent(RmNode node, NodeLifecycle.Event event) {
    NodeLifecycle.Step step = NodeLifecycle.on(node.state, event);
    if (step == null) {
      return;
    }
    changes++;
    if (step.remove()) {
      removeFromScheduler(node, step.next());
    } else {
      node.state = step.next();
    }
    if (step.schedulableNow() != null) {
      co.scheduler.setNodeSchedulable(node.id.toString(), step.schedulableNow());
    }
    state.recountLiveNodes();
    co.nodeChanged(node.id);
  }

  /** Takes a node out of service: every container on it completes as lost. */
  void removeFromScheduler(RmNode node, NodeState next) {
    changes++;
    node.state = next;
    node.containersToCleanup.clear();
    node.appsToCleanup.clear();
    node.containersToAck.clear();
    node.containersToSignal.clear();
    for (long allocationId : co.scheduler.removeNode(node.id.toString())) {
      RmContainer c = co.containers.byAllocation(allocationId);
      if (c != null) {
        co.completeContainer(c, ContainerExitStatus.ABORTED, Containers.LOST, false);
      }
    }
    for (RmContainer c : co.containers.onNode(node.id)) {
      co.completeContainer(c, ContainerExitStatus.ABORTED, Containers.LOST, false);
    }
  }

  /** Applies what the NM says about its containers (yarn-compat 3.2). */
  private void processStatuses(RmNode node, List<ContainerStatus> statuses) {
    if (statuses == null) {
      return;
    }
    for (ContainerStatus s : statuses) {
      RmContainer c = co.containers.get(s.getContainerId());
      if (c != null) {
        // Its logs will be on this node (stock: RMAppRunningOnNodeEvent).
        c.attempt.app.logAggregation.ranOn(node.id);
        if (s.getState() == ContainerState.COMPLETE) {
          co.completeContainer(c, s.getExitStatus(), s.getDiagnostics(), true);
        } else if (s.getState() == ContainerState.RUNNING) {
          co.containers.running(c);
        }
        continue;
      }
      if (s.getState() == ContainerState.COMPLETE) {
        // Already completed on our side (released, killed): nothing more to deliver.
        node.containersToAck.add(s.getContainerId());
        continue;
      }
      node.containersToCleanup.add(s.getContainerId());
      ApplicationId appId = s.getContainerId().getApplicationAttemptId().getApplicationId();
      RmApp app = state.apps.get(appId);
      if (app == null || app.facts.state().isFinal()) {
        node.appsToCleanup.add(appId);
      }
    }
  }
}
