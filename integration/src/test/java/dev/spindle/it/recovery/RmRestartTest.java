package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RM restart with recovery on, without keeping work (yarn-compat 6.5): the RM, a
 * {@code bin/spindle resourcemanager} process, is killed with kill -9 and a new one starts on
 * the same addresses from the MiniCluster's embedded ZooKeeper. Finished applications stay queryable; a running
 * one gets a new attempt, whose container ids carry the new epoch, and finishes.
 */
class RmRestartTest {

  @TempDir
  File baseDir;
  private MiniCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private Configuration conf() {
    Configuration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, false);
    // Clients and the NodeManager find the restarted RM quickly.
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 200);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 60_000);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    return conf;
  }

  @Test
  void finishedAppsStayQueryableAndARunningAppRestartsItsAm() throws Exception {
    cluster = new MiniCluster("rm-restart", 1).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    try (YarnClient yarn = client()) {
      ApplicationId done = TestApps.submit(yarn, cluster.getConfDir().toFile(),
          "fail-first-attempt", 2);
      assertEquals(FinalApplicationStatus.SUCCEEDED, TestApps.awaitFinal(yarn, done,
          Duration.ofSeconds(60)).getFinalApplicationStatus());
      ApplicationId running = submitRestartAm(yarn);
      TestApps.awaitState(yarn, running, Duration.ofSeconds(60),
          Set.of(YarnApplicationState.RUNNING));

      cluster.restartResourceManager();

      ApplicationReport doneAfter = yarn.getApplicationReport(done);
      assertEquals(YarnApplicationState.FINISHED, doneAfter.getYarnApplicationState());
      assertEquals(FinalApplicationStatus.SUCCEEDED, doneAfter.getFinalApplicationStatus());
      ApplicationReport report = TestApps.awaitFinal(yarn, running, Duration.ofSeconds(60));
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
          report.getDiagnostics());
      assertTrue(report.getDiagnostics().contains("container_e02_"), report.getDiagnostics());
      List<ApplicationAttemptReport> attempts = yarn.getApplicationAttempts(running);
      assertEquals(2, attempts.size());
      assertEquals(YarnApplicationAttemptState.FAILED,
          attempts.get(0).getYarnApplicationAttemptState());
    }
  }

  private ApplicationId submitRestartAm(YarnClient yarn) throws Exception {
    return TestApps.submitJava(yarn, cluster.getConfDir().toFile(), "restart-am", null, 2,
        RestartAm.class.getName());
  }

  private YarnClient client() {
    return TestApps.client(cluster.getConfig());
  }
}
