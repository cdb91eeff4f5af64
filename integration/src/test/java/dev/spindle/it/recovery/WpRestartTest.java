package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work-preserving RM restart end to end (yarn-compat 6.5): the RM is stopped without writing
 * anything (what kill -9 leaves) and a new one starts from the embedded ZooKeeper. The AM and
 * its containers keep running: the stock AMRMClient re-registers with its old token, the
 * Spindle NodeManagers hand their containers back, and the application finishes in its first
 * attempt.
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
    try (YarnClient yarn = client()) {
      ApplicationId app = submit(yarn);
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
          () -> lastAllocate() >= upAt);
      System.out.println("WP restart: RM restart to the AM's first successful allocate took "
          + (lastAllocate() - restartAt) + " ms (the RM itself took " + (upAt - restartAt)
          + " ms to stop and start)");
      SharedCluster.await("the RM to know the kept containers again", Duration.ofSeconds(30),
          () -> running(yarn, attempt).containsAll(before));
      assertFalse(Files.exists(amDir.resolve("lost")), () -> "a container ended: "
          + read(amDir.resolve("lost")));

      Files.writeString(amDir.resolve("done"), "");
      ApplicationReport report = TestApps.awaitFinal(yarn, app, Duration.ofSeconds(60));
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
          report.getDiagnostics());
      assertEquals(1, yarn.getApplicationAttempts(app).size(), "no second attempt");
      assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
    }
  }

  /** When the AM's last allocate came back, or 0 before the first. */
  private long lastAllocate() {
    try {
      return Long.parseLong(Files.readString(amDir.resolve("allocated")).trim());
    } catch (java.io.IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static Set<String> running(YarnClient yarn, ApplicationAttemptId attempt) {
    Set<String> ids = new TreeSet<>();
    try {
      for (ContainerReport c : yarn.getContainers(attempt)) {
        if (c.getContainerState() == ContainerState.RUNNING) {
          ids.add(c.getContainerId().toString());
        }
      }
    } catch (Exception e) {
      // The RM may not answer yet: poll again.
    }
    return ids;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private ApplicationId submit(YarnClient yarn) throws Exception {
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName("keep-work");
    context.setMaxAppAttempts(2);
    context.setResource(Resource.newInstance(256, 1));
    String classpath = cluster.getConfDir().toAbsolutePath() + File.pathSeparator
        + System.getProperty("java.class.path");
    String command = System.getProperty("java.home") + "/bin/java -Xmx128m -cp " + classpath
        + " " + KeepWorkAm.class.getName() + " " + amDir + " 1>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout 2>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of(command), Map.<String, ByteBuffer>of(), null, Map.of()));
    return yarn.submitApplication(context);
  }

  private YarnClient client() {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(cluster.getConfig());
    yarn.start();
    return yarn;
  }
}
