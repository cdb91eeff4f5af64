package dev.spindle.rm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HA with automatic failover off: both RMs start in standby and the stock
 * {@code yarn rmadmin -transitionToActive / -transitionToStandby / -getServiceState} moves
 * them, as an admin running failover by hand (or an external ZKFC) does; the standby's web
 * server still redirects to whichever RM is active.
 */
class ManualFailoverTest {

  private final TestingServer zk;
  /** Admin and web ports fixed up front: each RM and the CLI must know the other's. */
  private final Map<String, Integer> ports = new HashMap<>();
  private HaResourceManager rm1;
  private HaResourceManager rm2;

  ManualFailoverTest() throws Exception {
    zk = new TestingServer(true);
    for (String key : new String[] {"admin.rm1", "admin.rm2", "web.rm1", "web.rm2"}) {
      try (ServerSocket socket = new ServerSocket(0)) {
        ports.put(key, socket.getLocalPort());
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (HaResourceManager rm : new HaResourceManager[] {rm2, rm1}) {
      if (rm != null) {
        rm.stop();
      }
    }
    zk.close();
  }

  private YarnConfiguration conf(String id) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.setBoolean(YarnConfiguration.AUTO_FAILOVER_ENABLED, false);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(YarnConfiguration.RM_HA_ID, id);
    for (String rm : new String[] {"rm1", "rm2"}) {
      for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS}) {
        conf.set(key + "." + rm, "localhost:0");
      }
      conf.set(YarnConfiguration.RM_ADMIN_ADDRESS + "." + rm,
          "localhost:" + ports.get("admin." + rm));
      conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS + "." + rm,
          "localhost:" + ports.get("web." + rm));
    }
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    return conf;
  }

  private static HaResourceManager start(YarnConfiguration conf) {
    HaResourceManager rm = new HaResourceManager();
    rm.init(conf);
    rm.start();
    return rm;
  }

  @Test
  void theAdminMovesEachRmByHand() throws Exception {
    rm1 = start(conf("rm1"));
    rm2 = start(conf("rm2"));
    assertEquals(HAServiceState.STANDBY, rm1.state());
    assertEquals(HAServiceState.STANDBY, rm2.state());
    assertEquals("standby", rmadmin("-getServiceState", "rm1"));

    assertEquals("", rmadmin("-transitionToActive", "rm1"));
    assertEquals("active", rmadmin("-getServiceState", "rm1"));
    assertEquals(HAServiceState.ACTIVE, rm1.state());
    assertEquals(0, clusterNodes(rm1));
    // Without an elector the standby still finds the active for its web redirects.
    String path = "/ws/v1/cluster/apps?states=RUNNING";
    HttpResponse<String> redirect = awaitRedirect("rm2", path);
    assertEquals("http://localhost:" + ports.get("web.rm1") + path,
        redirect.headers().firstValue("Location").orElseThrow());

    assertEquals("", rmadmin("-transitionToStandby", "rm1"));
    assertEquals("standby", rmadmin("-getServiceState", "rm1"));
    assertNull(rm1.activeResourceManager(), "the standby runs no RM services");

    assertEquals("", rmadmin("-transitionToActive", "rm2"));
    assertEquals("active", rmadmin("-getServiceState", "rm2"));
    assertNotNull(rm2.activeResourceManager());
    assertEquals(0, clusterNodes(rm2));
  }

  /** Polls the RM's web server until it redirects {@code path} (the locator asks every 0.5 s). */
  private HttpResponse<String> awaitRedirect(String rmId, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + ports.get("web." + rmId) + path)).build();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 307 && r.headers().firstValue("Location").isPresent()) {
        return r;
      }
      assertTrue(System.nanoTime() < deadline, "no redirect from " + rmId + ": " + r.body());
      Thread.sleep(50);
    }
  }

  /** Answers a client call on the active RM's own client port. */
  private static int clusterNodes(HaResourceManager rm) throws Exception {
    YarnConfiguration c = new YarnConfiguration();
    c.set(YarnConfiguration.RM_ADDRESS,
        rm.activeResourceManager().getConfig().get(YarnConfiguration.RM_ADDRESS));
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(c);
      client.start();
      return client.getYarnClusterMetrics().getNumNodeManagers();
    }
  }

  /** Runs the stock {@code yarn rmadmin}: what it printed, or a failure on a non-zero exit. */
  private String rmadmin(String... args) throws Exception {
    YarnConfiguration c = conf("rm1");
    c.unset(YarnConfiguration.RM_HA_ID);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    RMAdminCLI cli = new RMAdminCLI(c) {
      {
        setOut(print);
        setErrOut(print);
      }
    };
    int exit = cli.run(args);
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals(0, exit, String.join(" ", args) + ": " + printed);
    return printed;
  }
}
