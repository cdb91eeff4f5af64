package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.applications.distributedshell.Client;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock DistributedShell under an HA pair of RM daemons (child JVMs): the active is killed
 * with kill -9 while the shell runs; the client follows the new active and the application
 * finishes SUCCEEDED (its AM restarted by the new active, as non-work-preserving recovery does).
 */
class DistributedShellFailoverTest {

  @TempDir
  File baseDir;
  private MiniCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void theShellFinishesAfterTheActiveDies() throws Exception {
    Configuration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, false);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 500);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 100);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt("ipc.client.connect.max.retries", 0);
    cluster = new MiniCluster("ds-failover", 1).withHa(2).withResourceManagerProcess();
    cluster.init(conf);
    cluster.start();

    Client shell = new Client(new YarnConfiguration(cluster.getConfig()));
    assertTrue(shell.init(new String[] {
        "--jar", Client.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
        "--shell_command", "sleep 2",
        "--num_containers", "2",
        "--master_memory", "256",
        "--container_memory", "128",
        "--timeout", "180000"}));
    CompletableFuture<Boolean> result = CompletableFuture.supplyAsync(() -> {
      try {
        return shell.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(new YarnConfiguration(cluster.getConfig()));
      yarn.start();
      ApplicationReport running = awaitShell(yarn);
      TestApps.awaitState(yarn, running.getApplicationId(), Duration.ofSeconds(60),
          Set.of(YarnApplicationState.RUNNING));
      cluster.killActiveResourceManager();

      assertTrue(result.get(150, TimeUnit.SECONDS), "DistributedShell reported failure");
      ApplicationReport report = yarn.getApplicationReport(running.getApplicationId());
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
      assertEquals(2, yarn.getApplicationAttempts(report.getApplicationId()).size());
    }
  }

  private static ApplicationReport awaitShell(YarnClient yarn) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      var apps = yarn.getApplications();
      if (!apps.isEmpty()) {
        return apps.stream().max(Comparator.comparing(ApplicationReport::getApplicationId))
            .orElseThrow();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("DistributedShell never submitted");
  }
}
