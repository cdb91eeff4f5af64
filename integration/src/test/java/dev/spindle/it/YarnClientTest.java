package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.api.records.YarnClusterMetrics;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the stock YarnClient sees of a Spindle cluster of two NodeManagers. */
@ExtendWith(SharedCluster.class)
class YarnClientTest {

  private YarnClient yarn;

  @BeforeEach
  void connect() {
    yarn = YarnClient.createYarnClient();
    yarn.init(SharedCluster.conf());
    yarn.start();
  }

  @AfterEach
  void disconnect() {
    yarn.stop();
  }

  @Test
  void clusterMetricsCountBothNodeManagers() throws Exception {
    YarnClusterMetrics metrics = yarn.getYarnClusterMetrics();
    assertEquals(2, metrics.getNumNodeManagers());
    assertEquals(2, metrics.getNumActiveNodeManagers());
    assertEquals(0, metrics.getNumLostNodeManagers());
  }

  @Test
  void nodeReportsDescribeTheRunningNodes() throws Exception {
    List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
    assertEquals(2, nodes.size());
    for (NodeReport node : nodes) {
      assertEquals(4096, node.getCapability().getMemorySize());
      assertEquals("/default-rack", node.getRackName());
      assertTrue(node.getHttpAddress().startsWith(node.getNodeId().getHost() + ":"),
          node.getHttpAddress());
    }
    assertEquals(2, nodes.stream().map(NodeReport::getNodeId).distinct().count());
  }

  @Test
  void queueInfoKnowsTheDefaultQueueAndNothingElse() throws Exception {
    QueueInfo queue = yarn.getQueueInfo("default");
    assertNotNull(queue);
    assertEquals("default", queue.getQueueName());
    assertEquals(1.0f, queue.getCapacity(), 1e-6);
    // Stock contract: an unknown queue is a null QueueInfo, not an error.
    assertNull(yarn.getQueueInfo("no-such-queue"));
    assertFalse(yarn.getQueueAclsInfo().isEmpty());
  }

  @Test
  void killingARunningApplicationEndsItKilled() throws Exception {
    ApplicationId id = TestApps.submit(yarn, SharedCluster.cluster().getConfDir().toFile(),
        "sleep", 1);
    TestApps.awaitState(yarn, id, Duration.ofSeconds(60), EnumSet.of(YarnApplicationState.RUNNING));

    assertTrue(listed(Set.of("SPINDLE-TEST"), EnumSet.of(YarnApplicationState.RUNNING), id));
    assertFalse(listed(Set.of("MAPREDUCE"), EnumSet.of(YarnApplicationState.RUNNING), id));

    yarn.killApplication(id);

    ApplicationReport report = yarn.getApplicationReport(id);
    assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.KILLED, report.getFinalApplicationStatus());
    assertTrue(report.getFinishTime() >= report.getStartTime());
    assertTrue(listed(Set.of("SPINDLE-TEST"), EnumSet.of(YarnApplicationState.KILLED), id));
    assertFalse(listed(Set.of("SPINDLE-TEST"), EnumSet.of(YarnApplicationState.RUNNING), id));
  }

  private boolean listed(Set<String> types, EnumSet<YarnApplicationState> states, ApplicationId id)
      throws Exception {
    return yarn.getApplications(types, states).stream()
        .anyMatch(r -> r.getApplicationId().equals(id));
  }
}
