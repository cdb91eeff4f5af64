package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yarn rmadmin -refreshNodes} with an exclude file: a normal refresh decommissions at
 * once, a graceful one drains (DECOMMISSIONING) until the timeout; excluded NMs are told to
 * shut down.
 */
class RefreshNodesTest {

  @TempDir Path dir;
  private Path exclude;
  private SpindleResourceManager rm;
  private YarnConfiguration conf;
  private YarnClient client;
  private TestNode node;

  @BeforeEach
  void start() throws Exception {
    exclude = dir.resolve("excludes");
    Files.writeString(exclude, "");
    YarnConfiguration base = TestConf.ephemeral();
    base.set(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString());
    base.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 3000);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, 8192);
  }

  @AfterEach
  void stop() {
    node.close();
    client.stop();
    rm.stop();
  }

  @Test
  void anExcludedNodeIsDecommissionedAndShutDown() throws Exception {
    assertEquals(NodeAction.NORMAL, node.heartbeat().getNodeAction());
    Files.writeString(exclude, "localhost\n");
    assertEquals(0, ToolRunner.run(new RMAdminCLI(conf), new String[] {"-refreshNodes"}));
    assertEquals(List.of(node.nodeId), nodesIn(NodeState.DECOMMISSIONED));
    assertEquals(NodeAction.SHUTDOWN, node.heartbeat().getNodeAction());
    assertEquals(1, client.getYarnClusterMetrics().getNumDecommissionedNodeManagers());
    try (TestNode again = new TestNode(conf, 8192)) {
      assertEquals(NodeAction.SHUTDOWN, again.registration.getNodeAction());
    }
  }

  @Test
  void aGracefulDecommissionDrainsUntilItsTimeout() throws Exception {
    ApplicationSubmissionContext ctx =
        ClientRmServiceTest.context(client.createApplication(), 1024);
    client.submitApplication(ctx);
    node.awaitAmCredentials();

    Files.writeString(exclude, "localhost\n");
    assertEquals(0, ToolRunner.run(new RMAdminCLI(conf),
        new String[] {"-refreshNodes", "-g", "1", "-server"}));
    assertEquals(List.of(node.nodeId), nodesIn(NodeState.DECOMMISSIONING));
    assertEquals(NodeAction.NORMAL, node.heartbeat().getNodeAction());

    await("the node to leave after its 1 s timeout",
        () -> nodesIn(NodeState.DECOMMISSIONED).equals(List.of(node.nodeId)));
    assertEquals(NodeAction.SHUTDOWN, node.heartbeat().getNodeAction());
  }

  private List<Object> nodesIn(NodeState state) {
    try {
      return client.getNodeReports(state).stream().map(NodeReport::getNodeId)
          .map(Object.class::cast).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }
}
