package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work-preserving RM restart end to end (yarn-compat 6.5): the RM is stopped without writing
 * anything (what kill -9 leaves) and a new one starts from the embedded ZooKeeper. The AM and
 * its containers keep running: the stock AMRMClient re-registers with its old token, the
 * Spindle NodeManagers hand their containers back, and the application finishes in its first
 * attempt. The RM runs in the test's JVM so that the figure is the RM's own restart; the real
 * kill -9 of a {@code bin/spindle} RM process under a work-preserving job is
 * {@link WpMapReduceRestartTest}'s.
 */
class WpRestartTest {

  @TempDir
  File baseDir;
  @TempDir
  Path amDir;
  private MiniCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  static Configuration conf(File baseDir) {
    Configuration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, true);
    conf.setLong(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_SCHEDULING_WAIT_MS, 1000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 200);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 60_000);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    return conf;
  }

  @Test
  void runningContainersAndTheAmSurviveAnRmRestart() throws Exception {
    cluster = new MiniCluster("wp-restart", 1);
    cluster.init(conf(baseDir));
    cluster.start();
    try (YarnClient yarn = KeepWorkApp.client(cluster)) {
      ApplicationId app = KeepWorkApp.submit(yarn, cluster, amDir, "keep-work");
      SharedCluster.await("two running containers", Duration.ofSeconds(60),
          () -> Files.exists(amDir.resolve("containers")));
      Set<String> before = new TreeSet<>(
          List.of(Files.readString(amDir.resolve("containers")).split("\n")));
      ApplicationAttemptId attempt = yarn.getApplicationReport(app)
          .getCurrentApplicationAttemptId();

      long restartAt = System.currentTimeMillis();
      cluster.restartResourceManager();
      long upAt = System.currentTimeMillis();

      // The old RM is gone once the restart returns: a later allocate was the new RM's.
      SharedCluster.await("the AM's first allocate after the restart", Duration.ofSeconds(60),
          () -> KeepWorkApp.lastAllocate(amDir) >= upAt);
      System.out.println("WP restart: RM restart to the AM's first successful allocate took "
          + (KeepWorkApp.lastAllocate(amDir) - restartAt) + " ms (the RM itself took "
          + (upAt - restartAt) + " ms to stop and start)");
      SharedCluster.await("the RM to know the kept containers again", Duration.ofSeconds(30),
          () -> KeepWorkApp.running(yarn, attempt).containsAll(before));
      assertFalse(Files.exists(amDir.resolve("lost")), () -> "a container ended: "
          + KeepWorkApp.read(amDir.resolve("lost")));

      Files.writeString(amDir.resolve("done"), "");
      ApplicationReport report = TestApps.awaitFinal(yarn, app, Duration.ofSeconds(60));
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
          report.getDiagnostics());
      assertEquals(1, yarn.getApplicationAttempts(app).size(), "no second attempt");
      assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
    }
  }
}
