package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.EmbeddedZooKeeper;
import dev.spindle.rm.ha.HaSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 failover of the stock ResourceManager 3.5.0 against Spindle's, measured in the
 * same run: each kind as an HA pair of child processes on its own embedded ZooKeeper, recovery
 * on (stock: ZKRMStateStore and its ActiveStandbyElector; Spindle: its defaults). Times kill of
 * the active -> the other member reports ACTIVE over its admin port -> the first YarnClient
 * call answered through the stock failover proxy. Prints FIGURE lines; asserts only that the
 * other member took over and answered.
 *
 * <p>Heavy (not in CI):
 * {@code mvn -o -Pheavy -pl integration -am test -Dtest=FailoverComparisonTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Surefire redirects test output: the FIGURE lines
 * land in integration/target/surefire-reports/dev.spindle.it.bench.FailoverComparisonTest-output.txt,
 * the RMs' own logs (each recovery phase with its time) in integration/target/failover-logs.
 * {@code -Dspindle.bench.kinds=spindle} measures Spindle's side alone.
 */
@EnabledIfSystemProperty(named = "spindle.heavy", matches = "true")
class FailoverComparisonTest {

  private static final String STOCK_RM =
      "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager";
  private static final long TIMEOUT_MS = 120_000;

  @TempDir
  File dir;
  private final List<EmbeddedZooKeeper> zooKeepers = new ArrayList<>();
  private final List<Process> rms = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Process p : rms) {
      p.destroyForcibly();
    }
    for (EmbeddedZooKeeper zk : zooKeepers) {
      zk.close();
    }
    keepLogs();
  }

  /**
   * The RMs' logs outlive the temp dir under target/failover-logs/<run>/, so the takeover can
   * be read phase by phase (the new active logs its recovery steps with their times).
   */
  private void keepLogs() throws IOException {
    File[] runs = dir.listFiles(File::isDirectory);
    for (File run : runs == null ? new File[0] : runs) {
      File[] logs = run.listFiles((d, n) -> n.endsWith(".log"));
      for (File log : logs == null ? new File[0] : logs) {
        Path to = Path.of("target", "failover-logs", run.getName(), log.getName());
        Files.createDirectories(to.getParent());
        Files.copy(log.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Whether to measure this kind: -Dspindle.bench.kinds=spindle skips the stock RM (its side of
   * the 11,000-app case takes minutes); default both. The other kind's figure is then absent.
   */
  private static boolean wanted(boolean stock) {
    String kinds = System.getProperty("spindle.bench.kinds", "stock,spindle");
    return kinds.contains(stock ? "stock" : "spindle");
  }

  /** What a user sees out of the box: stock hadoop.zk.timeout-ms (10 s), Spindle's defaults. */
  @Test
  void withEachKindsDefaults() throws Exception {
    Figure stock = measure("stock-defaults", true, null);
    Figure spindle = measure("spindle-defaults", false, null);
    print("FIGURE failover", stock, spindle);
  }

  /** Both election sessions at 3 s: what remains is each kind's own takeover path. */
  @Test
  void withTheSameSessionTimeout() throws Exception {
    int session = 3000;
    Figure stock = measure("stock-3s", true, session);
    Figure spindle = measure("spindle-3s", false, session);
    print("FIGURE failover (election session " + session + " ms on both)", stock, spindle);
  }

  /**
   * The same with 11,000 applications in the store (10,000 finished): the new active must
   * recover them before it serves, so this is failover plus recovery.
   */
  @Test
  void withTenThousandStoredApplications() throws Exception {
    int finished = 10_000;
    Figure stock = measure("stock-stored", true, null, finished);
    Figure spindle = measure("spindle-stored", false, null, finished);
    print("FIGURE failover with " + (finished + finished / 10) + " stored apps", stock,
        spindle);
  }

  /** Milliseconds from the kill to the new active, and to the first answered client call. */
  private record Figure(long activeMs, long servedMs) {}

  private static void print(String label, Figure stock, Figure spindle) {
    System.out.printf("%s: stock %d/%d ms, spindle %d/%d ms, ratio %.1f%n", label,
        stock.activeMs, stock.servedMs, spindle.activeMs, spindle.servedMs,
        (double) stock.servedMs / Math.max(1, spindle.servedMs));
    System.out.println("  (active/first call after kill -9; ratio = stock / spindle first call;"
        + " shared 2-core machine)");
  }

  /**
   * Starts a pair of one kind on a fresh ZooKeeper, waits for an active and a first answered
   * call, kills the active with SIGKILL and times the takeover.
   *
   * @param sessionMs both kinds' election session timeout, or null for each kind's default
   */
  private Figure measure(String name, boolean stock, Integer sessionMs) throws Exception {
    return measure(name, stock, sessionMs, 0);
  }

  /**
   * @param finishedApps before the kill, {@code finishedApps + finishedApps / 10} applications
   *     are submitted and all but every eleventh killed, so the store holds them
   */
  private Figure measure(String name, boolean stock, Integer sessionMs, int finishedApps)
      throws Exception {
    if (!wanted(stock)) {
      return new Figure(0, 0);
    }
    File runDir = new File(dir, name);
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(new File(runDir, "zk"), 0);
    zooKeepers.add(zk);
    Configuration conf = ChildRms.haConf(zk.connectString(), name);
    if (stock) {
      conf.set(YarnConfiguration.RM_STORE, ChildRms.STOCK_ZK_STORE);
      conf.set(YarnConfiguration.RM_SCHEDULER, ChildRms.STOCK_FIFO);
      // The stock embedded elector reads only this key, which YarnConfiguration does not map
      // to hadoop.zk.address (ActiveStandbyElectorBasedElectorService#serviceInit).
      conf.set(YarnConfiguration.RM_ZK_ADDRESS, zk.connectString());
    }
    if (sessionMs != null) {
      // The stock elector reads yarn.resourcemanager.zk-timeout-ms, a deprecated name of this.
      conf.setInt(CommonConfigurationKeys.ZK_TIMEOUT_MS, sessionMs);
      conf.setInt(HaSettings.ELECTION_SESSION_MS, sessionMs);
    }
    if (finishedApps > 0) {
      // FIFO on both: Capacity would refuse the 10,001st app of a queue (maximum-applications).
      conf.set(YarnConfiguration.RM_SCHEDULER, ChildRms.STOCK_FIFO);
      conf.setInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS, finishedApps);
      conf.setInt(YarnConfiguration.RM_STATE_STORE_MAX_COMPLETED_APPLICATIONS, finishedApps);
      conf.setLong(YarnConfiguration.YARN_CLIENT_APP_SUBMISSION_POLL_INTERVAL_MS, 10);
      conf.setLong(YarnConfiguration.YARN_CLIENT_APPLICATION_CLIENT_PROTOCOL_POLL_INTERVAL_MS,
          10);
    }
    List<Process> pair = new ArrayList<>();
    for (String id : ChildRms.IDS) {
      Process p = stock ? ChildRms.launchStock(runDir, conf, id, STOCK_RM)
          : ChildRms.launchSpindle(runDir, conf, id);
      pair.add(p);
      rms.add(p);
    }
    int active = ChildRms.awaitActive(conf, -1, TIMEOUT_MS);
    try (YarnClient client = ChildRms.client(conf)) {
      client.getYarnClusterMetrics();
      int stored = 0;
      if (finishedApps > 0) {
        List<ApplicationId> ids = AppWorkload.submit(client, finishedApps + finishedApps / 10);
        AppWorkload.killAllButEveryEleventh(client, ids);
        stored = ids.size();
      }

      long killed = System.nanoTime();
      pair.get(active).destroyForcibly().waitFor();
      int next = ChildRms.awaitActive(conf, active, TIMEOUT_MS);
      long elected = System.nanoTime();
      client.getYarnClusterMetrics();
      long served = System.nanoTime();

      assertEquals(1 - active, next);
      assertTrue(served > elected);
      if (stored > 0) {
        assertEquals(stored, AppWorkload.states(client).size(), "every stored app recovered");
      }
      System.out.printf("%s: new active after %d ms, first call after %d ms%n", name,
          (elected - killed) / 1_000_000, (served - killed) / 1_000_000);
      return new Figure((elected - killed) / 1_000_000, (served - killed) / 1_000_000);
    } finally {
      pair.get(1 - active).destroyForcibly().waitFor();
    }
  }
}
