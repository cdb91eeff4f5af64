package dev.spindle.rm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standby's leader probe: a leader whose ZooKeeper session is alive (60 s) but whose admin
 * port is closed loses its latch node after a few missed probes, and the standby becomes
 * active long before that session could expire; a leader whose admin port answers keeps it.
 */
class DeadLeaderProbeTest {

  private static final int LEADER_SESSION_MS = 60_000;

  private final TestingServer zk;
  private CuratorFramework leaderClient;
  private LeaderLatch leaderLatch;
  private HaResourceManager rm2;

  DeadLeaderProbeTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    if (rm2 != null) {
      rm2.stop();
    }
    if (leaderLatch != null) {
      leaderLatch.close();
    }
    if (leaderClient != null) {
      leaderClient.close();
    }
    zk.close();
  }

  private YarnConfiguration conf(int rm1AdminPort) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(YarnConfiguration.RM_HA_ID, "rm2");
    for (String id : new String[] {"rm1", "rm2"}) {
      for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
        conf.set(key + "." + id, "localhost:0");
      }
    }
    conf.set(YarnConfiguration.RM_ADMIN_ADDRESS + ".rm1", "localhost:" + rm1AdminPort);
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    conf.setInt(CommonConfigurationKeys.ZK_NUM_RETRIES, 3);
    conf.setLong(HaSettings.PROBE_INTERVAL_MS, 100);
    conf.setInt(HaSettings.PROBE_MISSES, 3);
    return conf;
  }

  /** rm1 as only its latch: leader in ZooKeeper with a long session, nothing else. */
  private void rm1Leads(YarnConfiguration conf) throws Exception {
    HaSettings rm1 = HaSettings.from(withId(conf, "rm1"));
    leaderClient = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .sessionTimeoutMs(LEADER_SESSION_MS).retryPolicy(new RetryNTimes(3, 100)).build();
    leaderClient.start();
    leaderLatch = new LeaderLatch(leaderClient, rm1.electionPath(), "rm1");
    leaderLatch.start();
    assertTrue(leaderLatch.await(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void aLeaderWithAClosedAdminPortLosesItsLatchBeforeItsSessionExpires() throws Exception {
    int closed;
    // A port that was free a moment ago: nothing listens there, as after a kill -9.
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    YarnConfiguration conf = conf(closed);
    rm1Leads(conf);
    long start = System.nanoTime();
    rm2 = new HaResourceManager();
    rm2.init(conf);
    rm2.start();
    long deadline = start + 20_000_000_000L;
    while (rm2.state() != HAServiceState.ACTIVE) {
      assertTrue(System.nanoTime() < deadline, "rm2 did not take over");
      Thread.sleep(10);
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < LEADER_SESSION_MS, "took " + tookMs + " ms");
  }

  @Test
  void aLeaderWhoseAdminPortAnswersKeepsItsLatch() throws Exception {
    try (ServerSocket open = new ServerSocket(0)) {
      YarnConfiguration conf = conf(open.getLocalPort());
      rm1Leads(conf);
      rm2 = new HaResourceManager();
      rm2.init(conf);
      rm2.start();
      // Twenty probe periods: far more than the three misses that would remove the latch.
      long until = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < until) {
        assertEquals(HAServiceState.STANDBY, rm2.state());
        Thread.sleep(50);
      }
      assertTrue(leaderLatch.hasLeadership());
    }
  }

  private static YarnConfiguration withId(YarnConfiguration conf, String id) {
    YarnConfiguration c = new YarnConfiguration(conf);
    c.set(YarnConfiguration.RM_HA_ID, id);
    return c;
  }
}
