package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * A NodeManager known to the RM. Loop-owned: read and written only on the core thread, and
 * written by {@link NodeTracker}, which owns every node, alone; containers and applications
 * reach a node's one-shot deltas only through its outboxes ({@link Containers.NodeOutbox}).
 */
public final class RmNode {

  final NodeId id;
  /** The node's id in the scheduler (its NodeId as a string), made once. */
  final String schedulerId;
  final String rack;
  int httpPort;
  ResourceVector capability;
  String nmVersion;
  NodeState state = NodeState.RUNNING;
  String healthReport = "";
  long lastHealthReportTime;
  long lastSeen;
  /** While DECOMMISSIONING: the graceful timeout in seconds (negative: none); else null. */
  Integer decommissioningTimeout;
  /** While DECOMMISSIONING: when draining began (a changed timeout counts from here). */
  long drainingSince;
  /** The last orders sent (a NORMAL stub with id 0 at registration), for a repeat. */
  NodeOrders lastOrders;

  // One-shot deltas drained into the next orders (yarn-compat 3.2).
  final Set<ContainerId> containersToCleanup = new LinkedHashSet<>();
  final Set<ApplicationId> appsToCleanup = new LinkedHashSet<>();
  /** Signals for its containers (signalToContainer), delivered on its next heartbeat. */
  final List<NodeOrders.Signal> containersToSignal = new ArrayList<>();
  final List<ContainerId> containersToAck = new ArrayList<>();

  RmNode(NodeId id, String rack, int httpPort, ResourceVector capability, long now) {
    this.id = id;
    this.schedulerId = id.toString();
    this.rack = rack;
    this.httpPort = httpPort;
    this.capability = capability;
    this.lastSeen = now;
  }

  public NodeId id() {
    return id;
  }

  public NodeState state() {
    return state;
  }

  String httpAddress() {
    return id.getHost() + ":" + httpPort;
  }

  boolean isLive() {
    return state == NodeState.RUNNING || state == NodeState.UNHEALTHY
        || state == NodeState.NEW || state == NodeState.DECOMMISSIONING;
  }
}
