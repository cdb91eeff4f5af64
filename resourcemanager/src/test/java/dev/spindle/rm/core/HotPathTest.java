package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.rpc.HeartbeatResponses;
import dev.spindle.rm.rpc.NodeCommands;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.proto.YarnServerCommonServiceProtos.NodeHeartbeatResponseProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatResponsePBImpl;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The two calls the RM serves most: an idle NM heartbeat answers what the stock RM answers
 * and nothing more, and an AM's allocate places a new ask in its own response without a pass
 * over nodes that cannot take it (counted in node visits, never timed).
 */
class HotPathTest {

  private final Scheduler scheduler =
      SchedulerRegistry.withBuiltins().create("fifo", CoreHarness.SCHEDULER_SETTINGS);
  private final CoreHarness h = new CoreHarness(new YarnConfiguration(), scheduler);

  @Test
  @DisplayName("an idle heartbeat's response is the next id, NORMAL and the interval, and nothing else")
  void idleHeartbeatIsStockShaped() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeOrders before = h.heartbeat(node);
    NodeOrders r = h.heartbeat(node);

    assertEquals(before.responseId() + 1, r.responseId());
    assertEquals(NodeAction.NORMAL, r.action());
    assertEquals(h.settings.heartbeatIntervalMs(), r.heartbeatIntervalMs());
    assertTrue(r.idle(), r.toString());

    // The RPC side's response, to an NM that has the keys from its registration (no roll is
    // pending): three fields on the wire, read back by the NM's record as sent.
    NodeHeartbeatRequest request = NodeHeartbeatRequest.newInstance(
        NodeStatus.newInstance(node, before.responseId(), List.of(), List.of(),
            NodeHealthStatus.newInstance(true, "", 0), null, null, List.of()),
        h.containerTokens.currentKey(), h.nmTokens.currentKey(), null);
    NodeHeartbeatResponse response =
        HeartbeatResponses.of(r, request, h.containerTokens, h.nmTokens);
    assertNull(response.getContainerTokenMasterKey());
    assertNull(response.getNMTokenMasterKey());
    NodeHeartbeatResponseProto proto = ((NodeHeartbeatResponsePBImpl) response).getProto();
    assertEquals(3, proto.getAllFields().size(), proto.toString());
    NodeHeartbeatResponse read = new NodeHeartbeatResponsePBImpl(
        NodeHeartbeatResponseProto.parseFrom(proto.toByteArray()));
    assertEquals(r.responseId(), read.getResponseId());
    assertEquals(NodeAction.NORMAL, read.getNodeAction());
    assertEquals(h.settings.heartbeatIntervalMs(), read.getNextHeartBeatInterval());
    assertTrue(read.getContainersToCleanup().isEmpty());
    assertTrue(read.getApplicationsToCleanup().isEmpty());
    assertTrue(read.getContainersToBeRemovedFromNM().isEmpty());
    assertTrue(read.getContainersToSignalList().isEmpty());

    // And the command the RPC side makes of the idle request carries no container or report.
    NodeHeartbeat command = NodeCommands.heartbeat(request, true);
    assertEquals(node, command.nodeId());
    assertTrue(command.containers().isEmpty());
    assertTrue(command.logReports().isEmpty());
  }

  @Test
  @DisplayName("a heartbeat repeated with the previous id gets the same orders again")
  void duplicateHeartbeatGetsTheLastResponse() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeOrders r = h.heartbeat(node);
    assertSame(r, h.heartbeatWithId(node, r.responseId() - 1));
    assertEquals(r.responseId() + 1, h.heartbeat(node).responseId());
  }

  @Test
  @DisplayName("the published maximum allocation follows nodes joining and a heartbeat that drops one")
  void limitsFollowNodeChanges() {
    h.addNode("127.0.0.1", 4096);
    assertEquals(4096, h.core.maximumAllocation().memoryMb());
    NodeId big = h.addNode("127.0.0.2", 6144);
    assertEquals(6144, h.core.maximumAllocation().memoryMb());
    h.heartbeat(big);
    assertEquals(6144, h.core.maximumAllocation().memoryMb());

    // Out of step: the node must re-register and is taken out meanwhile.
    assertEquals(NodeAction.RESYNC, h.heartbeatWithId(big, 99).action());
    assertEquals(4096, h.core.maximumAllocation().memoryMb());
  }

  @Test
  @DisplayName("an ask arriving on allocate is placed in that call's response when a node has room")
  void askPlacedOnTheCall() throws Exception {
    h.addNode("127.0.0.1", 4096);
    Am am = new Am(h.submitUnmanaged(1, false));
    AllocateResult r = am.allocate(2, 1024);
    assertEquals(2, r.allocated().size());
    assertEquals(1, r.nmTokenNodes().size(), "one NM token for the one node");
  }

  @Test
  @DisplayName("an ask no node can hold does not make allocate walk the cluster")
  void unplaceableAskCostsNoWalk() throws Exception {
    int nodes = 100;
    for (int i = 0; i < nodes; i++) {
      h.addNode("127.0.1." + (i + 1), 4096);
    }
    Am filler = new Am(h.submitUnmanaged(1, false));
    assertEquals(nodes, filler.allocate(nodes, 3072).allocated().size());
    Am blocked = new Am(h.submitUnmanaged(1, false));
    Am small = new Am(h.submitUnmanaged(1, false));

    long before = scheduler.nodeVisits();
    assertTrue(blocked.allocate(1, 2048).allocated().isEmpty());
    assertTrue(blocked.allocate(1, 2048).allocated().isEmpty());
    assertEquals(before, scheduler.nodeVisits(), "no node can hold 2 GB: none is visited");

    assertEquals(1, small.allocate(1, 1024).allocated().size());
    assertEquals(before + 1, scheduler.nodeVisits(),
        "the small ask takes the first node; the 2 GB ask does not walk the rest");
  }

  /** One unmanaged AM, registered, with its allocate response ids. */
  private final class Am {
    final ApplicationAttemptId attempt;
    int responseId;

    Am(ApplicationId app) throws Exception {
      attempt = h.report(app).getCurrentApplicationAttemptId();
      h.core.registerAm(attempt, "outside", 1, "");
    }

    AllocateResult allocate(int containers, int mb) throws Exception {
      List<Ask> asks = new ArrayList<>();
      asks.add(new Ask(1, 0, Ask.ANY, ResourceVector.of(mb, 1), containers, true));
      AllocateResult r = h.core.allocate(attempt, new AllocateCommand(responseId, 0.5f,
          null, asks, List.of(), List.of(), List.of()));
      responseId = r.responseId();
      return r;
    }
  }
}
