package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NM-RM protocol over real RPC, with a test NodeManager peer. */
class ResourceTrackerServiceTest {

  private SpindleResourceManager rm;
  private YarnConfiguration conf;
  private YarnClient client;

  @BeforeEach
  void start() {
    YarnConfiguration base = TestConf.ephemeral();
    base.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 300);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
  }

  @AfterEach
  void stop() {
    client.stop();
    rm.stop();
  }

  @Test
  void registrationHandsOutBothKeysAndTheRmIdentifier() throws Exception {
    try (TestNode node = new TestNode(conf, 4096)) {
      assertEquals(NodeAction.NORMAL, node.registration.getNodeAction());
      assertNotNull(node.registration.getContainerTokenMasterKey());
      assertNotNull(node.registration.getNMTokenMasterKey());
      assertTrue(node.registration.getRMIdentifier() > 0);
      NodeHeartbeatResponse r = node.heartbeat();
      assertEquals(1, r.getResponseId());
      assertEquals(NodeAction.NORMAL, r.getNodeAction());
      NodeReport report = client.getNodeReports(NodeState.RUNNING).get(0);
      assertEquals(node.nodeId, report.getNodeId());
      assertEquals(4096, report.getCapability().getMemorySize());
      assertEquals("/default-rack", report.getRackName());
      assertEquals(4096, client.createApplication().getNewApplicationResponse()
          .getMaximumResourceCapability().getMemorySize(), "capped by the largest node");
    }
  }

  @Test
  void aNodeBelowTheMinimumAllocationIsShutDown() throws Exception {
    try (TestNode node = new TestNode(conf, 512)) {
      assertEquals(NodeAction.SHUTDOWN, node.registration.getNodeAction());
      assertTrue(node.registration.getDiagnosticsMessage().contains("minimum"));
    }
  }

  @Test
  void aSilentNodeBecomesLostAndMustResync() throws Exception {
    try (TestNode node = new TestNode(conf, 4096)) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (client.getNodeReports(NodeState.LOST).isEmpty()) {
        assertTrue(System.currentTimeMillis() < deadline, "node never expired");
        Thread.sleep(20);
      }
      assertEquals(1, client.getYarnClusterMetrics().getNumLostNodeManagers());
      assertEquals(NodeAction.RESYNC, node.heartbeat().getNodeAction());
    }
  }

  @Test
  void anOrderlyUnregistrationMarksTheNodeShutDown() throws Exception {
    try (TestNode node = new TestNode(conf, 4096)) {
      node.unregister();
      List<NodeReport> all = client.getNodeReports(EnumSet.allOf(NodeState.class)
          .toArray(new NodeState[0]));
      assertEquals(NodeState.SHUTDOWN, all.get(0).getNodeState());
      assertEquals(0, client.getYarnClusterMetrics().getNumNodeManagers());
    }
  }

  @Test
  void aRepeatedHeartbeatGetsTheSameOrdersAgain() throws Exception {
    try (TestNode node = new TestNode(conf, 4096)) {
      node.heartbeat();
      // A container no application of this RM owns: the NM is told to kill it and to clean
      // up its application.
      ContainerId stray = ContainerId.newContainerId(ApplicationAttemptId.newInstance(
          ApplicationId.newInstance(1, 1), 1), 1);
      ContainerStatus running = ContainerStatus.newInstance(stray, ContainerState.RUNNING, "",
          ContainerExitStatus.INVALID);
      NodeHeartbeatResponse first = node.heartbeat(running);
      assertEquals(List.of(stray), first.getContainersToCleanup());
      assertEquals(List.of(stray.getApplicationAttemptId().getApplicationId()),
          first.getApplicationsToCleanup());

      // The response was lost: the NM sends the same heartbeat again and gets the same.
      NodeHeartbeatResponse again = node.heartbeatWithId(first.getResponseId() - 1, running);
      assertEquals(first.getResponseId(), again.getResponseId());
      assertEquals(NodeAction.NORMAL, again.getNodeAction());
      assertEquals(first.getNextHeartBeatInterval(), again.getNextHeartBeatInterval());
      assertEquals(first.getContainersToCleanup(), again.getContainersToCleanup());
      assertEquals(first.getApplicationsToCleanup(), again.getApplicationsToCleanup());

      // The next in-step heartbeat moves on; the cleanup was a one-shot order.
      NodeHeartbeatResponse next = node.heartbeat();
      assertEquals(first.getResponseId() + 1, next.getResponseId());
      assertTrue(next.getContainersToCleanup().isEmpty());
    }
  }
}
