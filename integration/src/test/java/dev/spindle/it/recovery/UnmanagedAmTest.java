package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.applications.unmanagedamlauncher.UnmanagedAMLauncher;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmanaged ApplicationMasters end to end with the stock {@code UnmanagedAMLauncher}: it
 * submits with {@code unmanagedAM=true}, waits for the attempt to be LAUNCHED, takes the AMRM
 * token from the application report and starts {@link KeepWorkAm} as a child process outside
 * the cluster. That AM (the stock AMRMClient and NMClient) registers, runs two containers on a
 * Spindle NodeManager, and keeps them across a kill -9 of the RM daemon and across an HA
 * failover, re-registering with its token.
 */
class UnmanagedAmTest {

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
    conf.setInt("ipc.client.connect.max.retries", 0);
    return conf;
  }

  /** Runs the stock launcher in the background; true when it saw the app succeed. */
  private CompletableFuture<Boolean> launch() throws Exception {
    UnmanagedAMLauncher launcher =
        new UnmanagedAMLauncher(new YarnConfiguration(cluster.getConfig()));
    String classpath = cluster.getConfDir() + File.pathSeparator
        + System.getProperty("java.class.path");
    String java = System.getProperty("java.home") + "/bin/java";
    assertTrue(launcher.init(new String[] {
        "--appname", "unmanaged-keep-work",
        "--queue", "default",
        "--cmd", java + " -Xmx128m -cp " + classpath + " " + KeepWorkAm.class.getName()
            + " " + amDir}));
    return CompletableFuture.supplyAsync(() -> {
      try {
        return launcher.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private Set<String> containersStarted() throws Exception {
    SharedCluster.await("the unmanaged AM's two containers", Duration.ofSeconds(90),
        () -> Files.exists(amDir.resolve("containers")));
    return new TreeSet<>(List.of(Files.readString(amDir.resolve("containers")).split("\n")));
  }

  private static ApplicationReport theApp(YarnClient yarn) throws Exception {
    return yarn.getApplications().stream()
        .filter(r -> r.getName().equals("unmanaged-keep-work")).findFirst().orElseThrow();
  }

  /** Lets the AM finish, then checks it did in its only attempt with nothing lost. */
  private void finishAndCheck(YarnClient yarn, CompletableFuture<Boolean> launched)
      throws Exception {
    assertFalse(Files.exists(amDir.resolve("lost")), () -> "a container ended: "
        + KeepWorkApp.read(amDir.resolve("lost")));
    Files.writeString(amDir.resolve("done"), "");
    assertTrue(launched.get(120, TimeUnit.SECONDS), "UnmanagedAMLauncher reported failure");
    ApplicationReport report = theApp(yarn);
    assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
        report.getDiagnostics());
    assertTrue(report.isUnmanagedApp());
    // Two 128 MB containers ran for seconds: usage is counted even for an outside AM.
    assertTrue(report.getApplicationResourceUsageReport().getMemorySeconds() >= 128,
        report.getApplicationResourceUsageReport().toString());
    assertTrue(report.getApplicationResourceUsageReport().getVcoreSeconds() >= 1);
    assertEquals(1, yarn.getApplicationAttempts(report.getApplicationId()).size(),
        "an unmanaged AM is never retried");
  }

  @Test
  void theStockLauncherRunsAnAmOutsideTheClusterAcrossAKillOfTheRm() throws Exception {
    cluster = new MiniCluster("uam-restart", 1).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    CompletableFuture<Boolean> launched = launch();
    try (YarnClient yarn = KeepWorkApp.client(cluster)) {
      Set<String> before = containersStarted();
      ApplicationReport running = theApp(yarn);
      assertEquals(YarnApplicationState.RUNNING, running.getYarnApplicationState());
      assertEquals(null, running.getAMRMToken(), "the token is handed out only before the AM"
          + " registers");
      ApplicationAttemptId attempt = running.getCurrentApplicationAttemptId();

      cluster.restartResourceManager();
      long upAt = System.currentTimeMillis();
      SharedCluster.await("the AM's first allocate after the kill -9", Duration.ofSeconds(60),
          () -> KeepWorkApp.lastAllocate(amDir) >= upAt);
      SharedCluster.await("the restarted RM to know the kept containers",
          Duration.ofSeconds(30), () -> KeepWorkApp.running(yarn, attempt).containsAll(before));
      finishAndCheck(yarn, launched);
    }
  }

  @Test
  void anUnmanagedAmKeepsItsAttemptAcrossAnHaFailover() throws Exception {
    cluster = new MiniCluster("uam-failover", 1).withHa(2).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    CompletableFuture<Boolean> launched = launch();
    try (YarnClient yarn = KeepWorkApp.client(cluster)) {
      Set<String> before = containersStarted();
      ApplicationAttemptId attempt = theApp(yarn).getCurrentApplicationAttemptId();

      cluster.killActiveResourceManager();
      long killedAt = System.currentTimeMillis();
      SharedCluster.await("the AM's first allocate on the new active", Duration.ofSeconds(60),
          () -> KeepWorkApp.lastAllocate(amDir) >= killedAt);
      SharedCluster.await("the new active to know the kept containers",
          Duration.ofSeconds(30), () -> KeepWorkApp.running(yarn, attempt).containsAll(before));
      finishAndCheck(yarn, launched);
    }
  }
}
