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
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
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
 * Work-preserving failover in an HA pair of {@code bin/spindle resourcemanager} processes: the
 * active is killed (kill -9), the standby takes over from the ZooKeeper store, and the running AM and its containers carry on. The stock AMRMClient's
 * failover proxy finds the new active and re-registers with its old AMRM token; the Spindle
 * NodeManagers resync to the new active and hand their containers back; the application
 * finishes in its first attempt.
 */
class WpFailoverTest {

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

  private Configuration conf() {
    Configuration conf = WpRestartTest.conf(baseDir);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 500);
    // Clients give up on a dead RM quickly and try the next one.
    conf.setInt("ipc.client.connect.max.retries", 0);
    return conf;
  }

  @Test
  void runningContainersAndTheAmSurviveTheActivesDeath() throws Exception {
    cluster = new MiniCluster("wp-failover", 1).withHa(2).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    try (YarnClient yarn = KeepWorkApp.client(cluster)) {
      ApplicationId app = KeepWorkApp.submit(yarn, cluster, amDir, "keep-work-ha");
      SharedCluster.await("two running containers", Duration.ofSeconds(60),
          () -> Files.exists(amDir.resolve("containers")));
      Set<String> before = new TreeSet<>(
          List.of(Files.readString(amDir.resolve("containers")).split("\n")));
      ApplicationAttemptId attempt = yarn.getApplicationReport(app)
          .getCurrentApplicationAttemptId();

      long killedAt = System.currentTimeMillis();
      int killed = cluster.killActiveResourceManager();
      long goneAt = System.currentTimeMillis();
      long activeAt = awaitActive(1 - killed);

      // The old active's process is gone once the kill returns: a later allocate was
      // answered by the new active (whose RPC ports open before it reports ACTIVE).
      SharedCluster.await("the AM's first allocate after the failover", Duration.ofSeconds(60),
          () -> KeepWorkApp.lastAllocate(amDir) >= goneAt);
      System.out.printf("FIGURE wp-failover: kill -> old active stopped %d ms, new active reports"
          + " ACTIVE %d ms, AM's first successful allocate on it %d ms%n", goneAt - killedAt,
          activeAt - killedAt, KeepWorkApp.lastAllocate(amDir) - killedAt);
      SharedCluster.await("the new active to know the kept containers", Duration.ofSeconds(30),
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

  /** Polls closely (the figure wants the moment) until RM {@code i} is active; returns when. */
  private long awaitActive(int i) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (cluster.getHaState(i) != HAServiceState.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(cluster.getRmIds().get(i) + " did not become active");
      }
      Thread.sleep(10);
    }
    return System.currentTimeMillis();
  }
}
