package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatResponsePBImpl;
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
    NodeHeartbeatResponse before = h.heartbeat(node);
    NodeHeartbeatResponse r = h.heartbeat(node);

    assertEquals(before.getResponseId() + 1, r.getResponseId());
    assertEquals(NodeAction.NORMAL, r.getNodeAction());
    assertEquals(h.settings.heartbeatIntervalMs(), r.getNextHeartBeatInterval());
    // The NM has the keys from its registration; no roll is pending.
    assertNull(r.getContainerTokenMasterKey());
    assertNull(r.getNMTokenMasterKey());
    assertTrue(r.getContainersToCleanup().isEmpty());
    assertTrue(r.getApplicationsToCleanup().isEmpty());
    assertTrue(r.getContainersToBeRemovedFromNM().isEmpty());
    assertTrue(r.getContainersToSignalList().isEmpty());
    // On the wire: three fields, read back by the NM's record as sent.
    NodeHeartbeatResponseProto proto = ((NodeHeartbeatResponsePBImpl) r).getProto();
    assertEquals(3, proto.getAllFields().size(), proto.toString());
    NodeHeartbeatResponse read = new NodeHeartbeatResponsePBImpl(
        NodeHeartbeatResponseProto.parseFrom(proto.toByteArray()));
    assertEquals(r.getResponseId(), read.getResponseId());
    assertEquals(NodeAction.NORMAL, read.getNodeAction());
    assertEquals(h.settings.heartbeatIntervalMs(), read.getNextHeartBeatInterval());
  }

  @Test
  @DisplayName("a heartbeat repeated with the previous id gets the same response again")
  void duplicateHeartbeatGetsTheLastResponse() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeHeartbeatResponse r = h.heartbeat(node);
    assertSame(r, h.heartbeatWithId(node, r.getResponseId() - 1));
    assertEquals(r.getResponseId() + 1, h.heartbeat(node).getResponseId());
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
    assertEquals(NodeAction.RESYNC, h.heartbeatWithId(big, 99).getNodeAction());
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
      attempt = h.core.applicationReport(app).getCurrentApplicationAttemptId();
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
