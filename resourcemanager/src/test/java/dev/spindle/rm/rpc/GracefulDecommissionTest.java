package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.NodeUpdateType;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful decommissioning with the XML exclude file (a per-host timeout that wins over the
 * request's) and the node updates a stock AMRMClient sees while a node drains. The running
 * AM keeps the node busy, so only the timeout can end the drain.
 */
class GracefulDecommissionTest {

  @TempDir Path dir;
  private Path exclude;
  private SpindleResourceManager rm;
  private YarnConfiguration conf;
  private YarnClient client;
  private TestNode node;
  private UserGroupInformation am;

  @BeforeEach
  void start() throws Exception {
    exclude = dir.resolve("excludes.xml");
    Files.writeString(exclude, "<hosts></hosts>\n");
    YarnConfiguration base = TestConf.ephemeral();
    base.set(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString());
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, 8192);
    ApplicationSubmissionContext ctx =
        ClientRmServiceTest.context(client.createApplication(), 1024);
    client.submitApplication(ctx);
    am = UserGroupInformation.createRemoteUser("am");
    am.addCredentials(node.awaitAmCredentials());
  }

  @AfterEach
  void stop() {
    node.close();
    client.stop();
    rm.stop();
  }

  @Test
  void aHostsTimeoutInTheXmlFileWinsOverTheRequestsAndCanBeChangedWhileDraining()
      throws Exception {
    excludeLocalhost("<timeout>3600</timeout>");
    refresh("-refreshNodes", "-g", "5", "-server");
    assertEquals(3600, decommissioning().getDecommissioningTimeout());

    // A second graceful refresh changes the timeout of the drain under way, counted from
    // when it began: 1 s has passed, or soon will.
    excludeLocalhost("<timeout>1</timeout>");
    refresh("-refreshNodes", "-g", "3600", "-server");
    await("the node to leave after its new 1 s timeout",
        () -> client.getNodeReports(NodeState.DECOMMISSIONED).size() == 1);
    assertEquals(node.nodeId,
        client.getNodeReports(NodeState.DECOMMISSIONED).get(0).getNodeId());
  }

  @Test
  void aHostWithoutItsOwnTimeoutUsesTheRequests() throws Exception {
    excludeLocalhost("");
    refresh("-refreshNodes", "-g", "1234", "-server");
    assertEquals(1234, decommissioning().getDecommissioningTimeout());
  }

  @Test
  void theStockAmrmClientSeesTheNodeDrainAndComeBack() throws Exception {
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    asAm(() -> {
      amrm.start();
      return amrm.registerApplicationMaster("am-host", 1234, "");
    });
    try {
      asAm(() -> amrm.allocate(0f)); // drains anything queued before the test's changes

      excludeLocalhost("<timeout>1800</timeout>");
      refresh("-refreshNodes", "-g", "60", "-server");
      NodeReport draining = onlyUpdate(amrm);
      assertEquals(NodeUpdateType.NODE_DECOMMISSIONING, draining.getNodeUpdateType());
      assertEquals(NodeState.DECOMMISSIONING, draining.getNodeState());
      assertEquals(1800, draining.getDecommissioningTimeout());

      Files.writeString(exclude, "<hosts></hosts>\n");
      refresh("-refreshNodes", "-g", "60", "-server");
      NodeReport back = onlyUpdate(amrm);
      assertEquals(NodeUpdateType.NODE_USABLE, back.getNodeUpdateType());
      assertEquals(NodeState.RUNNING, back.getNodeState());
      assertNull(back.getDecommissioningTimeout());
      // (A normal decommission would be NODE_UNUSABLE, but it also kills this AM's attempt,
      // whose container runs there, so the AM could not be asked.)
    } finally {
      amrm.stop();
    }
  }

  /** The exclude file in its XML form naming this node's host, with extra host elements. */
  private void excludeLocalhost(String extra) throws Exception {
    Files.writeString(exclude, "<hosts><host><name>localhost</name>" + extra
        + "</host></hosts>\n");
  }

  private void refresh(String... args) throws Exception {
    assertEquals(0, ToolRunner.run(new RMAdminCLI(conf), args));
  }

  private NodeReport decommissioning() throws Exception {
    List<NodeReport> reports = client.getNodeReports(NodeState.DECOMMISSIONING);
    assertEquals(1, reports.size());
    assertEquals(node.nodeId, reports.get(0).getNodeId());
    return reports.get(0);
  }

  /** The next heartbeat's updated_nodes: exactly this node (the refresh is synchronous). */
  private NodeReport onlyUpdate(AMRMClient<ContainerRequest> amrm) throws Exception {
    AllocateResponse r = asAm(() -> amrm.allocate(0f));
    assertEquals(1, r.getUpdatedNodes().size(), r.getUpdatedNodes().toString());
    NodeReport report = r.getUpdatedNodes().get(0);
    assertEquals(node.nodeId, report.getNodeId());
    return report;
  }

  private <T> T asAm(PrivilegedExceptionAction<T> action) throws Exception {
    try {
      return am.doAs(action);
    } catch (UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check condition) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.holds()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }
}
