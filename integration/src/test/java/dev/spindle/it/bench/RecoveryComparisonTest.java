package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.mini.FixedPorts;
import dev.spindle.rm.SpindleResourceManager;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.QueueMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart recovery of the stock ResourceManager 3.5.0 against Spindle's, measured in the same
 * run on the same workload: each kind, in this JVM on a fresh Curator TestingServer with
 * recovery on (stock: ZKRMStateStore; Spindle: its default store), gets N + N/10 applications
 * from YarnClient, of which N are killed and N/10 stay ACCEPTED (no NodeManagers); the RM is
 * stopped and a fresh one on the same ZooKeeper and ports is timed from init() to the first
 * getApplications() that lists every application. Spindle recovers in init(), the stock RM in
 * start(), so the figure spans both. Prints FIGURE lines; asserts only what was recovered.
 *
 * <p>Heavy (not in CI):
 * {@code mvn -o -Pheavy -pl integration -am test -Dtest=RecoveryComparisonTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Surefire redirects test output: the FIGURE lines
 * land in integration/target/surefire-reports/dev.spindle.it.bench.RecoveryComparisonTest-output.txt.
 */
@EnabledIfSystemProperty(named = "spindle.heavy", matches = "true")
class RecoveryComparisonTest {

  private static final long SETTLE_MS = 120_000;

  @TempDir
  File dir;

  @Test
  void aThousandApplications() throws Exception {
    compare(1_000);
  }

  @Test
  void tenThousandApplications() throws Exception {
    compare(10_000);
  }

  private enum Kind { STOCK, SPINDLE }

  /** Milliseconds from init() called to init returned, start returned, full listing. */
  private record Timing(long initMs, long startMs, long listedMs) {}

  private void compare(int n) throws Exception {
    Timing stock = run(n, Kind.STOCK);
    Timing spindle = run(n, Kind.SPINDLE);
    System.out.printf("FIGURE recovery N=%d: stock %d ms, spindle %d ms, ratio %.1f%n", n,
        stock.listedMs, spindle.listedMs,
        (double) stock.listedMs / Math.max(1, spindle.listedMs));
    System.out.printf("  (init returned/start returned/all %d apps listed after init called:"
        + " stock %d/%d/%d ms, spindle %d/%d/%d ms; ratio = stock / spindle;"
        + " shared 2-core machine)%n", n + n / 10, stock.initMs, stock.startMs,
        stock.listedMs, spindle.initMs, spindle.startMs, spindle.listedMs);
  }

  /** The workload, a stop, and the timed restart of one kind on its own ZooKeeper. */
  private Timing run(int n, Kind kind) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Configuration conf = conf(n, kind, zk.getConnectString());
      Map<ApplicationId, YarnApplicationState> before;
      Service rm = newRm(kind);
      rm.init(conf);
      rm.start();
      try (YarnClient yarn = client(conf)) {
        List<ApplicationId> ids = AppWorkload.submit(yarn, n + n / 10);
        assertEquals(n, AppWorkload.killAllButEveryEleventh(yarn, ids));
        before = awaitSettled(yarn, n);
      } finally {
        rm.stop();
      }

      long called = System.nanoTime();
      Service restarted = newRm(kind);
      restarted.init(conf);
      long inited = System.nanoTime();
      restarted.start();
      long started = System.nanoTime();
      try (YarnClient yarn = client(conf)) {
        long listed = awaitListed(yarn, n + n / 10);
        Timing t = new Timing(ms(inited - called), ms(started - called), ms(listed - called));
        System.out.printf("%s N=%d: %s%n", kind, n, t);
        assertEquals(before, awaitStates(yarn, before));
        return t;
      } finally {
        restarted.stop();
      }
    }
  }

  private Configuration conf(int n, Kind kind, String zkAddress) throws Exception {
    Configuration conf = new YarnConfiguration();
    File tmp = new File(dir, kind.name().toLowerCase() + "-" + n);
    conf.set("hadoop.tmp.dir", tmp.getAbsolutePath());
    // Fixed ports, so that the restarted RM answers where the first one did.
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:" + FixedPorts.pick());
    }
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zkAddress);
    if (kind == Kind.STOCK) {
      conf.set(YarnConfiguration.RM_STORE, ChildRms.STOCK_ZK_STORE);
    }
    conf.set(YarnConfiguration.RM_SCHEDULER, ChildRms.STOCK_FIFO);
    conf.setInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS, n);
    conf.setInt(YarnConfiguration.RM_STATE_STORE_MAX_COMPLETED_APPLICATIONS, n);
    // YarnClient's submit and kill poll the report; the 200 ms default would pace the workload.
    conf.setLong(YarnConfiguration.YARN_CLIENT_APP_SUBMISSION_POLL_INTERVAL_MS, 10);
    conf.setLong(YarnConfiguration.YARN_CLIENT_APPLICATION_CLIENT_PROTOCOL_POLL_INTERVAL_MS, 10);
    return conf;
  }

  private static Service newRm(Kind kind) {
    if (kind == Kind.SPINDLE) {
      return new SpindleResourceManager();
    }
    // As MockRM does: a second stock RM in one JVM re-registers its metrics sources.
    DefaultMetricsSystem.setMiniClusterMode(true);
    QueueMetrics.clearQueueMetrics();
    return new ResourceManager();
  }

  /** Waits until N applications are KILLED and N/10 ACCEPTED; returns every state. */
  private static Map<ApplicationId, YarnApplicationState> awaitSettled(YarnClient yarn, int n)
      throws Exception {
    long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
    Map<ApplicationId, YarnApplicationState> states;
    do {
      states = AppWorkload.states(yarn);
      long killed = states.values().stream().filter(s -> s == YarnApplicationState.KILLED)
          .count();
      long accepted = states.values().stream()
          .filter(s -> s == YarnApplicationState.ACCEPTED).count();
      if (killed == n && accepted == n / 10) {
        return states;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not settled: " + states.size() + " apps " + states.values());
  }

  /** Polls getApplications() until it lists {@code count} apps; returns that moment. */
  private static long awaitListed(YarnClient yarn, int count) throws Exception {
    long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (yarn.getApplications().size() == count) {
        return System.nanoTime();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("fewer than " + count + " applications listed after restart");
  }

  /** The states after restart, once they equal {@code expected} or the deadline passed. */
  private static Map<ApplicationId, YarnApplicationState> awaitStates(YarnClient yarn,
      Map<ApplicationId, YarnApplicationState> expected) throws Exception {
    long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
    Map<ApplicationId, YarnApplicationState> states;
    do {
      states = AppWorkload.states(yarn);
      if (states.equals(expected)) {
        return states;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return states;
  }

  private static YarnClient client(Configuration conf) {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(new YarnConfiguration(conf));
    yarn.start();
    return yarn;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
