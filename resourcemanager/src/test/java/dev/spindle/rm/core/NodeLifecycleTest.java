package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        h.core.attemptReport(attempt).getYarnApplicationAttemptState());
    assertEquals(ContainerExitStatus.ABORTED,
        h.core.state().apps.get(attempt.getApplicationId()).attempts.get(0).facts()
            .amExitStatus());
    assertEquals(2, h.core.applicationReport(attempt.getApplicationId())
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
}
