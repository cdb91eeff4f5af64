package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.core.NodeHeartbeat;
import dev.spindle.rm.core.NodeOrders;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.junit.jupiter.api.Test;

/** The NM-RM adapter's conversions: heartbeat request to command, orders to response. */
class NodeCommandsTest {

  private static final NodeId NODE = NodeId.newInstance("127.0.0.1", 1234);
  private static final ApplicationId APP = ApplicationId.newInstance(7, 1);
  private static final ContainerId C1 =
      ContainerId.newContainerId(ApplicationAttemptId.newInstance(APP, 1), 1);
  private static final ContainerId C2 =
      ContainerId.newContainerId(ApplicationAttemptId.newInstance(APP, 1), 2);

  private static NodeHeartbeatRequest request() {
    NodeStatus status = NodeStatus.newInstance(NODE, 5, List.of(
        ContainerStatus.newInstance(C1, ContainerState.RUNNING, "", -1000),
        ContainerStatus.newInstance(C2, ContainerState.COMPLETE, "exit 3", 3)), List.of(),
        NodeHealthStatus.newInstance(false, "disk full", 42), null, null, List.of());
    NodeHeartbeatRequest r = NodeHeartbeatRequest.newInstance(status, null, null, null);
    r.setLogAggregationReportsForApps(
        List.of(LogAggregationReport.newInstance(APP, LogAggregationStatus.SUCCEEDED, "")));
    return r;
  }

  @Test
  void aHeartbeatCarriesStatusesHealthAndReports() {
    NodeHeartbeat hb = NodeCommands.heartbeat(request(), true);
    assertEquals(NODE, hb.nodeId());
    assertEquals(5, hb.responseId());
    assertEquals(new NodeHeartbeat.Health(false, "disk full", 42), hb.health());
    assertEquals(List.of(
        new NodeHeartbeat.ContainerUpdate(C1, ContainerState.RUNNING, -1000, ""),
        new NodeHeartbeat.ContainerUpdate(C2, ContainerState.COMPLETE, 3, "exit 3")),
        hb.containers());
    assertEquals(List.of(new NodeHeartbeat.LogReport(APP, LogAggregationStatus.SUCCEEDED)),
        hb.logReports());
    assertTrue(NodeCommands.heartbeat(request(), false).logReports().isEmpty(),
        "not read when the cluster does not aggregate logs");
  }

  @Test
  void ordersBecomeTheResponseWithEveryDelta() {
    NodeOrders orders = new NodeOrders(NodeAction.NORMAL, null, 6, 1000, List.of(C1),
        List.of(APP), List.of(C2),
        List.of(new NodeOrders.Signal(C1, SignalContainerCommand.GRACEFUL_SHUTDOWN)));
    NodeHeartbeatResponse r = HeartbeatResponses.of(orders, request(),
        new ContainerTokenSecretManager(new YarnConfiguration(), 7),
        new NmTokenSecretManager());
    assertEquals(6, r.getResponseId());
    assertEquals(NodeAction.NORMAL, r.getNodeAction());
    assertEquals(1000, r.getNextHeartBeatInterval());
    assertEquals(List.of(C1), r.getContainersToCleanup());
    assertEquals(List.of(APP), r.getApplicationsToCleanup());
    assertEquals(List.of(C2), r.getContainersToBeRemovedFromNM());
    assertEquals(1, r.getContainersToSignalList().size());
    assertEquals(C1, r.getContainersToSignalList().get(0).getContainerId());
    assertEquals(SignalContainerCommand.GRACEFUL_SHUTDOWN,
        r.getContainersToSignalList().get(0).getCommand());
  }

  @Test
  void resyncAndShutdownAreStockShaped() {
    NodeHeartbeatResponse r = HeartbeatResponses.of(new NodeOrders(NodeAction.RESYNC,
        "Node not found resyncing " + NODE, 0, 0, List.of(), List.of(), List.of(),
        List.of()), request(), new ContainerTokenSecretManager(new YarnConfiguration(), 7),
        new NmTokenSecretManager());
    assertEquals(NodeAction.RESYNC, r.getNodeAction());
    assertEquals("Node not found resyncing " + NODE, r.getDiagnosticsMessage());
    assertEquals(0, r.getResponseId());
    assertNull(r.getContainerTokenMasterKey());
  }
}
