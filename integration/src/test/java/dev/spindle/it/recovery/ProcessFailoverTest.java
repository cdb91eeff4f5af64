package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.EmbeddedZooKeeper;
import dev.spindle.rm.ResourceManagerMain;
import dev.spindle.rm.ha.HaSettings;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.HAServiceStatus;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: two RM daemons (the {@code bin/spindle resourcemanager} main class) in child
 * processes form an HA pair over an embedded ZooKeeper; the active is destroyed forcibly, so
 * nothing of it says goodbye and its election session must expire. Measures kill -> the other
 * RM active -> the first client call answered through the stock failover proxy.
 */
class ProcessFailoverTest {

  private static final int ELECTION_SESSION_MS = 1500;

  @TempDir
  File dir;
  private EmbeddedZooKeeper zk;
  private final List<Process> rms = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Process p : rms) {
      p.destroyForcibly();
    }
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void theStandbyTakesOverAfterTheActiveIsKilled() throws Exception {
    zk = EmbeddedZooKeeper.start(new File(dir, "zk"), 0);
    Configuration conf = haConf();
    conf.setInt(HaSettings.ELECTION_SESSION_MS, ELECTION_SESSION_MS);
    for (String id : List.of("rm1", "rm2")) {
      rms.add(startRm(conf, id));
    }
    int active = awaitActive(conf, -1, 60_000);
    try (YarnClient client = client(conf)) {
      client.getYarnClusterMetrics();

      long killed = System.nanoTime();
      rms.get(active).destroyForcibly().waitFor();
      int next = awaitActive(conf, active, 60_000);
      long elected = System.nanoTime();
      client.getYarnClusterMetrics();
      long served = System.nanoTime();

      assertEquals(1 - active, next);
      System.out.printf("FIGURE kill -9 failover (election session %d ms): new active after %d"
          + " ms, first client call answered after %d ms%n", ELECTION_SESSION_MS,
          (elected - killed) / 1_000_000, (served - killed) / 1_000_000);
      assertTrue(served > elected);
    }
  }

  /**
   * With the default election session (3 s), the standby's leader probe finds the killed
   * active's admin port closed and removes its latch node after a few missed probes
   * (default 3 x 200 ms): the new active serves well before the dead session would expire.
   */
  @Test
  void theStandbyTakesOverBeforeTheDeadActivesSessionExpires() throws Exception {
    zk = EmbeddedZooKeeper.start(new File(dir, "zk"), 0);
    Configuration conf = haConf();
    int session = HaSettings.from(withId(conf, "rm1")).electionSessionMs();
    for (String id : List.of("rm1", "rm2")) {
      rms.add(startRm(conf, id));
    }
    int active = awaitActive(conf, -1, 60_000);
    try (YarnClient client = client(conf)) {
      client.getYarnClusterMetrics();

      long killed = System.nanoTime();
      rms.get(active).destroyForcibly().waitFor();
      int next = awaitActive(conf, active, 60_000);
      long elected = System.nanoTime();
      client.getYarnClusterMetrics();
      long served = System.nanoTime();

      assertEquals(1 - active, next);
      long electedMs = (elected - killed) / 1_000_000;
      long servedMs = (served - killed) / 1_000_000;
      System.out.printf("FIGURE kill -9 failover with leader probe (default election session %d"
          + " ms): new active after %d ms, first client call answered after %d ms%n", session,
          electedMs, servedMs);
      assertTrue(electedMs < session, "new active after " + electedMs
          + " ms, not before the dead session's expiry (" + session + " ms)");
    }
  }

  private static Configuration withId(Configuration conf, String id) {
    Configuration c = new YarnConfiguration(conf);
    c.set(YarnConfiguration.RM_HA_ID, id);
    return c;
  }

  private Configuration haConf() throws IOException {
    Configuration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(YarnConfiguration.RM_CLUSTER_ID, "process-failover");
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.connectString());
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 200);
    conf.setInt("ipc.client.connect.max.retries", 0);
    for (String id : List.of("rm1", "rm2")) {
      for (String key : List.of(YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS,
          YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS)) {
        conf.set(key + "." + id, "localhost:" + freePort());
      }
    }
    return conf;
  }

  private Process startRm(Configuration conf, String id) throws IOException {
    File confDir = new File(dir, "conf-" + id);
    assertTrue(confDir.mkdirs());
    Configuration own = new Configuration(false);
    for (var e : conf) {
      if (e.getKey().startsWith("yarn.") || e.getKey().startsWith("hadoop.zk")
          || e.getKey().startsWith("spindle.")) {
        own.set(e.getKey(), e.getValue());
      }
    }
    own.set(YarnConfiguration.RM_HA_ID, id);
    try (OutputStream out = new FileOutputStream(new File(confDir, "yarn-site.xml"))) {
      own.writeXml(out);
    }
    ProcessBuilder pb = new ProcessBuilder(
        System.getProperty("java.home") + "/bin/java", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ResourceManagerMain.class.getName());
    pb.environment().put("HADOOP_CONF_DIR", confDir.getAbsolutePath());
    pb.redirectErrorStream(true);
    pb.redirectOutput(new File(dir, id + ".log"));
    return pb.start();
  }

  /** Polls every RM's HA state until one other than {@code not} is active. */
  private static int awaitActive(Configuration conf, int not, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 2; i++) {
        if (i != not && state(conf, "rm" + (i + 1)) == HAServiceState.ACTIVE) {
          return i;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no RM became active");
  }

  private static HAServiceState state(Configuration conf, String id) {
    String address = conf.get(YarnConfiguration.RM_ADMIN_ADDRESS + "." + id);
    Configuration c = new Configuration(conf);
    c.setInt("ipc.client.connect.max.retries", 0);
    try {
      HAServiceProtocolClientSideTranslatorPB proxy = new HAServiceProtocolClientSideTranslatorPB(
          org.apache.hadoop.net.NetUtils.createSocketAddr(address), c);
      try {
        HAServiceStatus status = proxy.getServiceStatus();
        return status.getState();
      } finally {
        proxy.close();
      }
    } catch (IOException e) {
      return HAServiceState.INITIALIZING; // not up (yet) or gone
    }
  }

  private static YarnClient client(Configuration conf) {
    YarnClient client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(conf));
    client.start();
    return client;
  }

  private static int freePort() throws IOException {
    // Child RMs bind these later; ports below the ephemeral range cannot be taken meanwhile.
    return dev.spindle.mini.FixedPorts.pick();
  }
}
