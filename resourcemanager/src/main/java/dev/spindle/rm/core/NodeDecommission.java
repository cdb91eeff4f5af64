package dev.spindle.rm.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decommissioning by the admin's include/exclude lists (refreshNodes). A node no longer
 * admitted leaves at once (normal, forceful), or gracefully: DECOMMISSIONING takes no new
 * containers and becomes DECOMMISSIONED when it runs no container and no application that
 * used it is still running, or when its timeout passes. Loop-owned.
 */
final class NodeDecommission {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDecommission.class);

  private final Coordinator co;
  private final NodeTracker nodes;
  private final RmState state;
  /**
   * When each DECOMMISSIONING node started draining: a changed timeout counts from here, as
   * in the stock DecommissioningNodesWatcher.
   */
  private final Map<NodeId, Long> started = new HashMap<>();

  NodeDecommission(Coordinator co, NodeTracker nodes) {
    this.co = co;
    this.nodes = nodes;
    this.state = co.state;
  }

  /**
   * Applies new lists to the known nodes; registration uses them from now on.
   * {@code timeoutSecs} gives each host's graceful timeout (negative: none).
   */
  void refresh(Predicate<String> admitted, boolean graceful,
      Function<String, Integer> timeoutSecs) {
    nodes.admitted = admitted;
    for (RmNode node : new ArrayList<>(state.nodes.values())) {
      boolean ok = admitted.test(node.id.getHost());
      if (!ok && node.isLive() && !graceful) {
        // NORMAL and FORCEFUL also end the graceful decommissions still draining.
        decommission(node);
      } else if (!ok && node.isLive()) {
        drain(node, timeoutSecs.apply(node.id.getHost()));
      } else if (ok && node.state == NodeState.DECOMMISSIONING) {
        // Back on the list: recommissioned, as stock does.
        LOG.info("Node {} is recommissioned", node.id);
        started.remove(node.id);
        node.decommissioningTimeout = null;
        node.state = NodeState.RUNNING;
        co.scheduler.setNodeSchedulable(node.id.toString(), true);
        changed(node);
      }
    }
    check();
  }

  /** Starts a graceful decommission, or changes the timeout of one under way. */
  private void drain(RmNode node, int timeoutSecs) {
    if (node.state == NodeState.DECOMMISSIONING) {
      if (!Objects.equals(node.decommissioningTimeout, timeoutSecs)) {
        // Stock updates the timeout silently: AMs were told when draining began.
        LOG.info("Node {} keeps DECOMMISSIONING with timeout {} s", node.id, timeoutSecs);
        node.decommissioningTimeout = timeoutSecs;
      }
      return;
    }
    LOG.info("Node {} is DECOMMISSIONING (timeout {} s)", node.id, timeoutSecs);
    node.state = NodeState.DECOMMISSIONING;
    node.decommissioningTimeout = timeoutSecs;
    started.put(node.id, co.now());
    co.scheduler.setNodeSchedulable(node.id.toString(), false);
    changed(node);
  }

  /** Finishes the graceful decommissions that are done or timed out. */
  void check() {
    for (RmNode node : new ArrayList<>(state.nodes.values())) {
      if (node.state == NodeState.DECOMMISSIONING && (idle(node) || timedOut(node))) {
        decommission(node);
      }
    }
  }

  private boolean timedOut(RmNode node) {
    Integer secs = node.decommissioningTimeout;
    Long since = started.get(node.id);
    return secs != null && secs >= 0 && since != null && co.now() >= since + secs * 1000L;
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

  private void decommission(RmNode node) {
    LOG.info("Node {} is DECOMMISSIONED", node.id);
    started.remove(node.id);
    node.decommissioningTimeout = null;
    nodes.removeFromScheduler(node, NodeState.DECOMMISSIONED);
    changed(node);
  }

  private void changed(RmNode node) {
    state.recountLiveNodes();
    co.nodeChanged(node.id);
  }
}
