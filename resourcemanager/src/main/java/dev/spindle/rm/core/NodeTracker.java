package dev.spindle.rm.core;

import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.client.AMRMClientUtils;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of every node: registration, the heartbeat with its responseId discipline and
 * one-shot deltas, unregistration, liveness expiry and decommissioning by the admin's lists
 * (yarn-compat 3). Every change of a node's state goes through {@link NodeLifecycle}; this is
 * the one class that writes {@link RmNode}s. Takes and returns the core's own records (the
 * RPC side makes them from and into Hadoop's). Loop-owned: called only on the core thread.
 */
final class NodeTracker implements Containers.NodeOutbox {

  private static final Logger LOG = LoggerFactory.getLogger(NodeTracker.class);

  // Events without data, shared: they need no allocation.
  private static final NodeLifecycle.Event EXPIRED = new NodeLifecycle.Event.Expired();
  private static final NodeLifecycle.Event SHUT_DOWN = new NodeLifecycle.Event.ShutDown();
  private static final NodeLifecycle.Event OUT_OF_STEP = new NodeLifecycle.Event.OutOfStep();
  private static final NodeLifecycle.Event DECOMMISSION =
      new NodeLifecycle.Event.Decommission();
  private static final NodeLifecycle.Event RECOMMISSION =
      new NodeLifecycle.Event.Recommission();
  private static final NodeLifecycle.Event DRAINED = new NodeLifecycle.Event.Drained();
  private static final NodeLifecycle.Event DRAIN_TIMED_OUT =
      new NodeLifecycle.Event.DrainTimedOut();

  private final Coordinator co;
  private final RmState state;
  private final SchedulerSettings schedulerSettings;
  /** Host name to rack path (RackResolver in the daemon). */
  private final UnaryOperator<String> racks;
  private final ContainerRecovery containerRecovery;
  /**
   * Counts changes to the set of nodes and their states, so callers can tell that a heartbeat
   * changed nothing that limits depend on (the common case) without recomputing them.
   */
  private long changes;
  /** Hosts the include/exclude lists let in (refreshNodes); every host by default. */
  private Predicate<String> admitted = host -> true;

  NodeTracker(Coordinator co, SchedulerSettings schedulerSettings,
      UnaryOperator<String> racks) {
    this.co = co;
    this.state = co.state;
    this.schedulerSettings = schedulerSettings;
    this.racks = racks;
    this.containerRecovery = new ContainerRecovery(co);
    co.nodeOutbox(this);
  }

  // --- the nodes' outboxes, drained into their next heartbeat responses ------------------

  @Override
  public void cleanup(NodeId nodeId, ContainerId containerId) {
    RmNode node = state.nodes.get(nodeId);
    if (node != null && node.isLive()) {
      node.containersToCleanup.add(containerId);
    }
  }

  @Override
  public void ack(NodeId nodeId, ContainerId containerId) {
    RmNode node = state.nodes.get(nodeId);
    if (node != null && node.isLive()) {
      node.containersToAck.add(containerId);
    }
  }

  @Override
  public void appFinished(NodeId nodeId, ApplicationId appId) {
    RmNode node = state.nodes.get(nodeId);
    if (node != null && node.isLive()) {
      node.appsToCleanup.add(appId);
    }
  }

  RegistrationResult register(NodeRegistration r) {
    NodeId id = r.nodeId();
    ResourceVector capability = r.capability();
    if (!admitted.test(id.getHost())) {
      return RegistrationResult.shutDown("Disallowed NodeManager from  " + id.getHost()
          + ", Sending SHUTDOWN signal to the NodeManager.");
    }
    ResourceVector min = schedulerSettings.minimumAllocation();
    if (capability.memoryMb() < min.memoryMb() || capability.vcores() < min.vcores()) {
      return RegistrationResult.shutDown("NodeManager from " + id.getHost()
          + " doesn't satisfy minimum allocations, Sending SHUTDOWN signal to the "
          + "NodeManager. Node capabilities are " + capability + "; minimums are "
          + min.memoryMb() + "mb and " + min.vcores() + " vcores");
    }
    RmNode old = state.nodes.get(id);
    boolean keep = old != null && old.isLive() && !r.runningApps().isEmpty();
    RmNode node;
    if (keep) {
      // NM restart with running applications: keep the node and its containers.
      node = old;
      node.httpPort = r.httpPort();
      node.capability = capability;
    } else {
      if (old != null && old.isLive()) {
        removeFromScheduler(old, NodeState.REBOOTED);
      }
      node = new RmNode(id, racks.apply(id.getHost()), r.httpPort(), capability, co.now());
      state.nodes.put(id, node);
      NodeSpec spec = new NodeSpec(node.schedulerId, id.getHost(), node.rack, capability);
      co.scheduler.addNode(spec);
      co.recorder.nodeJoined(co.now(), spec);
      LOG.info("Registered node {} with {} on rack {}", id, capability, node.rack);
    }
    state.recountLiveNodes();
    changes++;
    node.nmVersion = r.nmVersion();
    node.lastSeen = co.now();
    node.lastOrders = NodeOrders.normal(0, co.settings.heartbeatIntervalMs());
    if (!r.containers().isEmpty()) {
      processStatuses(node, containerRecovery.recover(node, r.containers()));
    }
    // No allocation here: the NM learns the RM's token keys from the registration response,
    // so a container (an AM launched at once) allocated now could reach it signed with a key
    // it does not know yet. Its first heartbeat allocates, as the stock RM's NODE_UPDATE does.
    return RegistrationResult.ACCEPTED;
  }

  NodeOrders heartbeat(NodeHeartbeat hb) {
    NodeId id = hb.nodeId();
    RmNode node = state.nodes.get(id);
    if (node != null && node.state == NodeState.DECOMMISSIONED) {
      return NodeOrders.shutDown("Disallowed NodeManager nodeId: " + id + " hostname: "
          + id.getHost());
    }
    if (node == null || !node.isLive()) {
      return NodeOrders.resync("Node not found resyncing " + id);
    }
    NodeOrders last = node.lastOrders;
    int got = hb.responseId();
    if (AMRMClientUtils.getNextResponseId(got) == last.responseId()) {
      LOG.info("Received duplicate heartbeat from node {} responseId={}", id, got);
      return last;
    }
    if (got != last.responseId()) {
      String msg = "Too far behind rm response id:" + last.responseId() + " nm response id:"
          + got;
      LOG.info("Node {}: {}; asking it to resync", id, msg);
      nodeEvent(node, OUT_OF_STEP);
      return NodeOrders.resync(msg);
    }
    node.lastSeen = co.now();
    NodeHeartbeat.Health health = hb.health();
    if (health != null) {
      node.healthReport = health.report();
      node.lastHealthReportTime = health.reportTime();
      nodeEvent(node, NodeLifecycle.Event.Heartbeat.of(health.healthy()));
    }
    processStatuses(node, hb.containers());
    logAggregationReports(node, hb.logReports());
    if (node.state == NodeState.RUNNING) {
      co.schedule(() -> co.scheduler.allocateOn(node.schedulerId));
    }
    NodeOrders orders = nextOrders(node, AMRMClientUtils.getNextResponseId(last.responseId()));
    node.lastOrders = orders;
    return orders;
  }

  /**
   * The next orders, draining the node's one-shot deltas into them. An idle node has none:
   * its orders carry the shared empty lists.
   */
  private NodeOrders nextOrders(RmNode node, int responseId) {
    long interval = co.settings.heartbeatIntervalMs();
    if (node.containersToCleanup.isEmpty() && node.appsToCleanup.isEmpty()
        && node.containersToAck.isEmpty() && node.containersToSignal.isEmpty()) {
      return NodeOrders.normal(responseId, interval);
    }
    return new NodeOrders(NodeAction.NORMAL, null,
        responseId, interval, drain(node.containersToCleanup), drain(node.appsToCleanup),
        drain(node.containersToAck), drain(node.containersToSignal));
  }

  private static <T> List<T> drain(Collection<T> delta) {
    if (delta.isEmpty()) {
      return List.of();
    }
    List<T> out = List.copyOf(delta);
    delta.clear();
    return out;
  }

  void unregister(NodeId id) {
    RmNode node = state.nodes.get(id);
    if (node != null) {
      LOG.info("Node {} unregistered", id);
      nodeEvent(node, SHUT_DOWN);
    }
  }

  /**
   * Queues a signal for a live container's node (stock: delivered in the NM's heartbeat
   * response); false when no such container runs.
   */
  boolean signal(ContainerId containerId, SignalContainerCommand command) {
    RmContainer c = co.containers.get(containerId);
    RmNode node = c == null ? null : state.nodes.get(c.nodeId);
    if (node == null || !node.isLive()) {
      return false;
    }
    node.containersToSignal.add(new NodeOrders.Signal(containerId, command));
    return true;
  }

  /** What the NM says about aggregating the logs of its finished apps (stock: RMNodeImpl). */
  private void logAggregationReports(RmNode node, List<NodeHeartbeat.LogReport> reports) {
    if (!co.settings.logAggregationEnabled()) {
      return;
    }
    for (NodeHeartbeat.LogReport r : reports) {
      RmApp app = state.apps.get(r.app());
      if (app != null) {
        app.logAggregation.report(node.id, r.status());
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
        nodeEvent(node, EXPIRED);
      }
    }
  }

  // --- decommissioning ------------------------------------------------------------------

  /**
   * Applies new include/exclude lists to the known nodes; registration uses them from now
   * on. A node no longer admitted is decommissioned at once or, when {@code graceful},
   * drains with its host's {@code timeoutSecs} (negative: none); a draining node back on the
   * lists is recommissioned. NORMAL and FORCEFUL also end the drains under way.
   */
  void refresh(Predicate<String> admitted, boolean graceful,
      Function<String, Integer> timeoutSecs) {
    this.admitted = admitted;
    for (RmNode node : new ArrayList<>(state.nodes.values())) {
      String host = node.id.getHost();
      if (admitted.test(host)) {
        nodeEvent(node, RECOMMISSION);
      } else if (graceful) {
        nodeEvent(node, new NodeLifecycle.Event.Drain(timeoutSecs.apply(host)));
      } else {
        nodeEvent(node, DECOMMISSION);
      }
    }
    finishDrains();
  }

  /** Decommissions the draining nodes that are idle or past their timeout. */
  void finishDrains() {
    for (RmNode node : new ArrayList<>(state.nodes.values())) {
      if (node.state != NodeState.DECOMMISSIONING) {
        continue;
      }
      if (idle(node)) {
        nodeEvent(node, DRAINED);
      } else if (timedOut(node)) {
        LOG.info("Node {} did not drain within {} s", node.id, node.decommissioningTimeout);
        nodeEvent(node, DRAIN_TIMED_OUT);
      }
    }
  }

  private boolean timedOut(RmNode node) {
    Integer secs = node.decommissioningTimeout;
    return secs != null && secs >= 0 && co.now() >= node.drainingSince + secs * 1000L;
  }

  /** No container on the node and no running application that had one there. */
  private boolean idle(RmNode node) {
    if (!co.containers.onNode(node.id).isEmpty()) {
      return false;
    }
    for (RmApp app : state.apps.values()) {
      if (!app.facts.state().isFinal() && app.nodesUsed.contains(node.id)) {
        return false;
      }
    }
    return true;
  }

  List<NodeId> decommissioning() {
    List<NodeId> out = new ArrayList<>();
    for (RmNode node : state.nodes.values()) {
      if (node.state == NodeState.DECOMMISSIONING) {
        out.add(node.id);
      }
    }
    return out;
  }

  // --- state changes --------------------------------------------------------------------

  /** The number of node changes so far (registrations, state changes, removals). */
  long changes() {
    return changes;
  }

  /** Applies one event through the state machine: the only way a node changes state. */
  private void nodeEvent(RmNode node, NodeLifecycle.Event event) {
    NodeLifecycle.Step step = NodeLifecycle.on(node.state, event);
    if (step == null) {
      return;
    }
    NodeState before = node.state;
    if (!Objects.equals(node.decommissioningTimeout, step.drainTimeout())) {
      if (before == NodeState.DECOMMISSIONING && step.next() == before) {
        LOG.info("Node {} keeps DECOMMISSIONING with timeout {} s", node.id,
            step.drainTimeout());
      }
      node.decommissioningTimeout = step.drainTimeout();
    }
    if (step.next() == before) {
      return;
    }
    LOG.info("Node {} is {} (was {})", node.id, step.next(), before);
    if (step.next() == NodeState.DECOMMISSIONING) {
      node.drainingSince = co.now();
    }
    changes++;
    if (step.remove()) {
      removeFromScheduler(node, step.next());
    } else {
      node.state = step.next();
    }
    if (step.schedulableNow() != null) {
      co.scheduler.setNodeSchedulable(node.schedulerId, step.schedulableNow());
      if (!step.schedulableNow() && node.state == NodeState.DECOMMISSIONING) {
        co.frameworks.nodeDraining(node, drainDeadline(node));
      } else if (!step.schedulableNow()) {
        co.frameworks.nodeGone(node.id, FrameworkEvent.RescindReason.NODE_LOST);
      }
    }
    state.recountLiveNodes();
    co.nodeChanged(node.id);
  }

  /** When a draining node goes away at the latest (epoch ms), or 0 without a timeout. */
  private static long drainDeadline(RmNode node) {
    Integer timeout = node.decommissioningTimeout;
    return timeout == null || timeout < 0 ? 0 : node.drainingSince + timeout * 1000L;
  }

  /** Takes a node out of service: every container on it completes as lost. */
  private void removeFromScheduler(RmNode node, NodeState next) {
    changes++;
    node.state = next;
    node.containersToCleanup.clear();
    node.appsToCleanup.clear();
    node.containersToAck.clear();
    node.containersToSignal.clear();
    co.frameworks.nodeGone(node.id, next == NodeState.DECOMMISSIONED
        ? FrameworkEvent.RescindReason.NODE_DECOMMISSIONED
        : FrameworkEvent.RescindReason.NODE_LOST);
    co.recorder.nodeLeft(co.now(), node.schedulerId);
    for (long allocationId : co.scheduler.removeNode(node.schedulerId)) {
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
  private void processStatuses(RmNode node, List<NodeHeartbeat.ContainerUpdate> statuses) {
    for (NodeHeartbeat.ContainerUpdate s : statuses) {
      RmContainer c = co.containers.get(s.id());
      if (c != null) {
        // Its logs will be on this node (stock: RMAppRunningOnNodeEvent).
        c.attempt.app.logAggregation.ranOn(node.id);
        if (s.state() == ContainerState.COMPLETE) {
          co.completeContainer(c, s.exitStatus(), s.diagnostics(), true);
        } else if (s.state() == ContainerState.RUNNING) {
          co.containers.running(c);
        }
        continue;
      }
      if (s.state() == ContainerState.COMPLETE) {
        // Already completed on our side (released, killed): nothing more to deliver.
        node.containersToAck.add(s.id());
        continue;
      }
      node.containersToCleanup.add(s.id());
      ApplicationId appId = s.id().getApplicationAttemptId().getApplicationId();
      RmApp app = state.apps.get(appId);
      if (app == null || app.facts.state().isFinal()) {
        node.appsToCleanup.add(appId);
      }
    }
  }
}
