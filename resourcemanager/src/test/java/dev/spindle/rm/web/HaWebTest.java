package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.ha.HaResourceManager;
import java.net.http.HttpResponse;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two HA RMs on one ZooKeeper: the standby's web server redirects to the active one (307,
 * same path and query) except for cluster info and /isActive; after the active stops the
 * other one serves.
 */
class HaWebTest {

  private final TestingServer zk;
  private HaResourceManager rm1;
  private HaResourceManager rm2;

  HaWebTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    if (rm2 != null) {
      rm2.stop();
    }
    if (rm1 != null) {
      rm1.stop();
    }
    zk.close();
  }

  private YarnConfiguration conf(String id) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(YarnConfiguration.RM_HA_ID, id);
    for (String rm : new String[] {"rm1", "rm2"}) {
      for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
        conf.set(key + "." + rm, "localhost:0");
      }
    }
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    conf.setInt(CommonConfigurationKeys.ZK_NUM_RETRIES, 3);
    return conf;
  }

  @Test
  void theStandbyRedirectsToTheActiveUntilItTakesOver() throws Exception {
    rm1 = new HaResourceManager();
    rm1.init(conf("rm1"));
    rm1.start();
    await(() -> rm1.state() == HAServiceState.ACTIVE && rm1.activeResourceManager() != null,
        "rm1 active");
    String rm1Web = rm1.webAddress();
    // rm2 knows rm1's bound ports (with port 0 only rm1 itself knew them).
    YarnConfiguration c2 = conf("rm2");
    c2.set(YarnConfiguration.RM_WEBAPP_ADDRESS + ".rm1", rm1Web);
    c2.set(YarnConfiguration.RM_ADMIN_ADDRESS + ".rm1",
        rm1.getConfig().get(YarnConfiguration.RM_ADMIN_ADDRESS));
    rm2 = new HaResourceManager();
    rm2.init(c2);
    rm2.start();
    Http web1 = new Http(rm1Web);
    Http web2 = new Http(rm2.webAddress());

    // The active's tracking URLs carry the always-on server's bound port.
    assertEquals(rm1Web, rm1.activeResourceManager().getConfig()
        .get(YarnConfiguration.RM_WEBAPP_ADDRESS));

    String path = "/ws/v1/cluster/apps?states=RUNNING&user=a";
    // Until rm2 has found the active it answers 307 with Refresh and no Location.
    await(() -> web2.get(path).headers().firstValue("Location").isPresent(),
        "rm2 redirects to the active");
    HttpResponse<String> r = web2.get(path);
    assertEquals("http://" + rm1Web + path, r.headers().firstValue("Location").orElseThrow());
    assertTrue(r.body().startsWith("This is standby RM."), r.body());
    assertEquals(200, web1.get(path).statusCode());
    assertEquals(307, web2.get("/cluster/apps").statusCode());

    JsonNode info = web2.json("/ws/v1/cluster/info", 200).get("clusterInfo");
    assertEquals("STANDBY", info.get("haState").asText());
    assertEquals("CONNECTED", info.get("haZooKeeperConnectionState").asText());
    assertEquals("ACTIVE", web1.json("/ws/v1/cluster/info", 200).get("clusterInfo")
        .get("haState").asText());
    assertEquals(200, web2.get("/cluster/cluster").statusCode());
    assertEquals(405, web2.get("/isActive").statusCode());
    assertEquals(200, web1.get("/isActive").statusCode());
    assertEquals(200, web2.get("/jmx").statusCode());

    rm1.stop();
    await(() -> web2.get("/isActive").statusCode() == 200, "rm2 takes over");
    assertEquals(200, web2.get(path).statusCode());
    assertEquals("ACTIVE", web2.json("/ws/v1/cluster/info", 200).get("clusterInfo")
        .get("haState").asText());
  }

  @Test
  void aStandbyWithNoKnownActiveAsksTheBrowserToRetry() throws Exception {
    YarnConfiguration c = conf("rm1");
    c.setBoolean(YarnConfiguration.AUTO_FAILOVER_ENABLED, false);
    rm1 = new HaResourceManager();
    rm1.init(c);
    rm1.start();
    Http web = new Http(rm1.webAddress());
    HttpResponse<String> r = web.get("/ws/v1/cluster/apps?x=1");
    assertEquals(307, r.statusCode());
    assertEquals(StandbyRedirectFilter.RETRY_SECONDS + ";url=/ws/v1/cluster/apps?x=1",
        r.headers().firstValue("Refresh").orElseThrow());
    assertTrue(r.body().startsWith("Can not find any active RM. Will retry in next"));
    assertEquals(405, web.get("/isActive").statusCode());
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!check.ok()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
      Thread.sleep(20);
    }
  }
}
