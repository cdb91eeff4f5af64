package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.Test;

/** The node state machine, decommissioning included. */
class NodeLifecycleTest {

  private final CoreHarness h = new CoreHarness();

  private NodeState stateOf(NodeId id) {
    return h.core.nodes(EnumSet.allOf(NodeState.class)).stream()
        .filter(r -> r.id().equals(id)).findFirst().orElseThrow().state();
  }

  @Test
  void aDrainingNodeThatGoesSilentIsLostAndItsContainersWithIt() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    h.submit(1024, 2);
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "h", 1, "");
    ContainerGrant task = h.core.allocate(attempt, new AllocateCommand(0, 0.5f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), 1, true)), List.of(),
        List.of(), List.of())).allocated().get(0);
    h.heartbeat(node, running(h.lastAmContainer()), running(task.id()));
    // Graceful decommission without a timeout: the node drains while its containers run.
    h.core.refreshNodes(host -> false, true, host -> -1);
    h.core.checkLiveness();
    assertEquals(NodeState.DECOMMISSIONING, stateOf(node));

    h.clock.advance(h.settings.nmExpiryMs() + 1);
    h.core.checkLiveness();
    assertEquals(NodeState.LOST, stateOf(node));
    assertTrue(h.core.decommissioningNodes().isEmpty());
    // The AM container went with the node: the attempt failed (not counting, as a lost
    // node never counts) and a second one waits for a node.
    assertEquals(org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState.FAILED,
        h.attemptReport(attempt).getYarnApplicationAttemptState());
    assertEquals(ContainerExitStatus.ABORTED,
        h.core.state().apps.get(attempt.getApplicationId()).attempts.get(0).facts()
            .amExitStatus());
    assertEquals(2, h.report(attempt.getApplicationId())
        .getCurrentApplicationAttemptId().getAttemptId());

    // Lost once: later ticks find nothing to expire and change nothing.
    h.clock.advance(h.settings.nmExpiryMs() + 1);
    h.core.checkLiveness();
    h.core.checkLiveness();
    assertEquals(NodeState.LOST, stateOf(node));
    assertEquals(1, h.clusterMetrics().getNumLostNodeManagers());
    assertEquals(2, h.report(attempt.getApplicationId())
        .getCurrentApplicationAttemptId().getAttemptId());
  }

  @Test
  void aDrainingNodeStaysDrainingWhateverItsHealthSays() {
    assertNull(NodeLifecycle.on(NodeState.DECOMMISSIONING,
        new NodeLifecycle.Event.Heartbeat(false)));
    assertNull(NodeLifecycle.on(NodeState.DECOMMISSIONING,
        new NodeLifecycle.Event.Heartbeat(true)));
    assertEquals(NodeState.SHUTDOWN, NodeLifecycle.on(NodeState.DECOMMISSIONING,
        new NodeLifecycle.Event.ShutDown()).next());
  }

  // --- the decommissioning transitions (stock RMNodeImpl) --------------------------------

  private static final NodeState[] LIVE =
      {NodeState.RUNNING, NodeState.UNHEALTHY, NodeState.DECOMMISSIONING};
  private static final NodeState[] GONE = {NodeState.LOST, NodeState.DECOMMISSIONED,
      NodeState.SHUTDOWN, NodeState.REBOOTED};
  private static final NodeLifecycle.Event[] EVENTS = {NodeLifecycle.Event.Heartbeat.of(true),
      NodeLifecycle.Event.Heartbeat.of(false), new NodeLifecycle.Event.Expired(),
      new NodeLifecycle.Event.ShutDown(), new NodeLifecycle.Event.OutOfStep(),
      new NodeLifecycle.Event.Decommission(), new NodeLifecycle.Event.Drain(30),
      new NodeLifecycle.Event.Recommission(), new NodeLifecycle.Event.Drained(),
      new NodeLifecycle.Event.DrainTimedOut()};

  @Test
  void aNodeThatLeftTakesNoEvent() {
    for (NodeState s : GONE) {
      for (NodeLifecycle.Event e : EVENTS) {
        assertNull(NodeLifecycle.on(s, e), s + " on " + e);
      }
    }
  }

  @Test
  void aLiveNodeDecommissionedAtOnceLeavesWithItsContainers() {
    for (NodeState s : LIVE) {
      NodeLifecycle.Step step = NodeLifecycle.on(s, new NodeLifecycle.Event.Decommission());
      assertEquals(NodeState.DECOMMISSIONED, step.next(), s.name());
      assertTrue(step.remove());
      assertNull(step.drainTimeout());
    }
  }

  @Test
  void aRunningOrUnhealthyNodeDrainsUnschedulableWithItsTimeout() {
    for (NodeState s : new NodeState[] {NodeState.RUNNING, NodeState.UNHEALTHY}) {
      NodeLifecycle.Step step = NodeLifecycle.on(s, new NodeLifecycle.Event.Drain(30));
      assertEquals(NodeState.DECOMMISSIONING, step.next(), s.name());
      assertFalse(step.remove());
      assertEquals(Boolean.FALSE, step.schedulableNow());
      assertEquals(30, step.drainTimeout());
    }
  }

  @Test
  void aDrainingNodeTakesANewTimeoutAndNothingElse() {
    NodeLifecycle.Step step =
        NodeLifecycle.on(NodeState.DECOMMISSIONING, new NodeLifecycle.Event.Drain(-1));
    assertEquals(NodeState.DECOMMISSIONING, step.next());
    assertFalse(step.remove());
    assertNull(step.schedulableNow(), "already unschedulable");
    assertEquals(-1, step.drainTimeout());
  }

  @Test
  void aDrainingNodeBackOnTheListRunsAgain() {
    NodeLifecycle.Step step =
        NodeLifecycle.on(NodeState.DECOMMISSIONING, new NodeLifecycle.Event.Recommission());
    assertEquals(NodeState.RUNNING, step.next());
    assertFalse(step.remove());
    assertEquals(Boolean.TRUE, step.schedulableNow());
    assertNull(step.drainTimeout());
    assertNull(NodeLifecycle.on(NodeState.RUNNING, new NodeLifecycle.Event.Recommission()));
    assertNull(NodeLifecycle.on(NodeState.UNHEALTHY, new NodeLifecycle.Event.Recommission()));
  }

  @Test
  void onlyADrainingNodeFinishesDraining() {
    for (NodeLifecycle.Event e : new NodeLifecycle.Event[] {
        new NodeLifecycle.Event.Drained(), new NodeLifecycle.Event.DrainTimedOut()}) {
      NodeLifecycle.Step step = NodeLifecycle.on(NodeState.DECOMMISSIONING, e);
      assertEquals(NodeState.DECOMMISSIONED, step.next(), e.toString());
      assertTrue(step.remove());
      assertNull(NodeLifecycle.on(NodeState.RUNNING, e));
      assertNull(NodeLifecycle.on(NodeState.UNHEALTHY, e));
    }
  }

  @Test
  void aDrainingNodeIsLostRebootedOrShutDownLikeAnyLiveNode() {
    assertEquals(NodeState.LOST, NodeLifecycle.on(NodeState.DECOMMISSIONING,
        new NodeLifecycle.Event.Expired()).next());
    assertEquals(NodeState.REBOOTED, NodeLifecycle.on(NodeState.DECOMMISSIONING,
        new NodeLifecycle.Event.OutOfStep()).next());
    for (NodeLifecycle.Event e : new NodeLifecycle.Event[] {new NodeLifecycle.Event.Expired(),
        new NodeLifecycle.Event.OutOfStep(), new NodeLifecycle.Event.ShutDown()}) {
      assertTrue(NodeLifecycle.on(NodeState.DECOMMISSIONING, e).remove(), e.toString());
    }
  }

  // --- decommissioning through the core ---------------------------------------------------

  /** A node running one task of a registered attempt; returns the task. */
  private ContainerGrant busyNode(NodeId node) throws Exception {
    h.submit(1024, 2);
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "h", 1, "");
    ContainerGrant task = h.core.allocate(attempt, new AllocateCommand(0, 0.5f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), 1, true)), List.of(),
        List.of(), List.of())).allocated().get(0);
    h.heartbeat(node, running(h.lastAmContainer()), running(task.id()));
    return task;
  }

  @Test
  void aChangedTimeoutCountsFromWhenDrainingBegan() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    ContainerGrant task = busyNode(node);
    h.core.refreshNodes(host -> false, true, host -> -1);
    h.clock.advance(20_000);
    h.heartbeat(node, running(h.lastAmContainer()), running(task.id()));
    // 30 s from the start of the drain, not from now: 10 s left.
    h.core.refreshNodes(host -> false, true, host -> 30);
    assertEquals(NodeState.DECOMMISSIONING, stateOf(node));
    assertEquals(30, h.core.nodes(EnumSet.of(NodeState.DECOMMISSIONING)).get(0)
        .decommissioningTimeout());
    h.clock.advance(9_000);
    h.core.checkLiveness();
    assertEquals(NodeState.DECOMMISSIONING, stateOf(node));
    h.clock.advance(1_000);
    h.core.checkLiveness();
    assertEquals(NodeState.DECOMMISSIONED, stateOf(node));
    assertTrue(h.core.decommissioningNodes().isEmpty());
    assertEquals(NodeAction.SHUTDOWN, h.heartbeat(node).action(),
        "a decommissioned NM is told to shut down");
  }

  @Test
  void aRecommissionedNodeTakesWorkAgain() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    busyNode(node);
    h.core.refreshNodes(host -> false, true, host -> -1);
    assertEquals(NodeState.DECOMMISSIONING, stateOf(node));
    ApplicationAttemptId attempt = h.launcher.last().attemptId();
    assertTrue(h.core.allocate(attempt, new AllocateCommand(1, 0.5f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), 2, true)), List.of(),
        List.of(), List.of())).allocated().isEmpty(), "draining: no new work");

    h.core.refreshNodes(host -> true, true, host -> -1);
    assertEquals(NodeState.RUNNING, stateOf(node));
    assertNull(h.core.nodes(EnumSet.of(NodeState.RUNNING)).get(0).decommissioningTimeout());
    h.heartbeat(node);
    assertFalse(h.core.allocate(attempt, new AllocateCommand(2, 0.5f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), 2, true)), List.of(),
        List.of(), List.of())).allocated().isEmpty(), "usable again");
  }

  @Test
  void anIdleNodeDrainsAtOnce() {
    NodeId node = h.addNode("127.0.0.1", 8192);
    h.core.refreshNodes(host -> false, true, host -> 600);
    assertEquals(NodeState.DECOMMISSIONED, stateOf(node));
    assertEquals(1, h.clusterMetrics().getNumDecommissionedNodeManagers());
  }
}
