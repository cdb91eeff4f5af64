package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.bench.ChildRms;
import dev.spindle.mini.EmbeddedZooKeeper;
import dev.spindle.rm.ha.HaSettings;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: two RM daemons started by {@code bin/spindle resourcemanager --conf-dir} in
 * child processes form an HA pair over an embedded ZooKeeper; the active is destroyed forcibly, so
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
   * The standby's leader probe finds the killed active's admin port closed and removes its
   * latch node after a few missed probes (default 3 x 200 ms): the new active serves before
   * the dead session would expire. The session is long here (30 s, not the default 3 s) so
   * that only the probe can explain a takeover within it, however loaded the machine is;
   * the FIGURE line with the default session comes from the heavy comparison bench.
   */
  @Test
  void theStandbyTakesOverBeforeTheDeadActivesSessionExpires() throws Exception {
    zk = EmbeddedZooKeeper.start(new File(dir, "zk"), 0);
    Configuration conf = haConf();
    conf.setInt(HaSettings.ELECTION_SESSION_MS, 30_000);
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
      System.out.printf("kill -9 failover with leader probe (election session %d"
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
    return ChildRms.haConf(zk.connectString(), "process-failover");
  }

  private Process startRm(Configuration conf, String id) throws IOException {
    return ChildRms.launchSpindle(dir, conf, id);
  }

  private static int awaitActive(Configuration conf, int not, long timeoutMs) throws Exception {
    return ChildRms.awaitActive(conf, not, timeoutMs);
  }

  private static YarnClient client(Configuration conf) {
    return ChildRms.client(conf);
  }
}
