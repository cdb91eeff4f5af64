package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import dev.spindle.it.recovery.KeepWorkAm;
import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationTimeoutType;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.ApplicationCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client calls that change a running application, made with the stock {@code yarn}
 * CLI (ApplicationCLI): move to another queue, update the priority, signal a container, and
 * a lifetime that the RM enforces by killing the application.
 */
class AppChangesTest {

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

  /** Runs the stock CLI; returns its exit code and keeps what it printed for messages. */
  private int yarn(StringBuilder printed, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ApplicationCLI cli = new ApplicationCLI();
    cli.setConf(new YarnConfiguration(cluster.getConfig()));
    cli.setSysOutPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
    cli.setSysErrPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = cli.run(args);
    } catch (Exception e) {
      out.write(e.toString().getBytes(StandardCharsets.UTF_8));
      code = -2;
    } finally {
      cli.stop();
    }
    printed.append(out.toString(StandardCharsets.UTF_8));
    return code;
  }

  @Test
  void theStockCliMovesReprioritisesSignalsAndLimitsALiveApplication() throws Exception {
    Configuration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.MAX_CLUSTER_LEVEL_APPLICATION_PRIORITY, 10);
    Path confDir = Files.createDirectories(baseDir.toPath().resolve("rm-conf"));
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), """
        <configuration>
          <property><name>yarn.scheduler.capacity.root.queues</name><value>default,b</value></property>
          <property><name>yarn.scheduler.capacity.root.default.capacity</name><value>50</value></property>
          <property><name>yarn.scheduler.capacity.root.b.capacity</name><value>50</value></property>
        </configuration>
        """);
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    cluster = new MiniCluster("app-changes", 1);
    cluster.init(conf);
    cluster.start();
    try (YarnClient yarn = TestApps.client(cluster.getConfig())) {
      ApplicationId app = TestApps.submitJava(yarn, cluster.getConfDir().toFile(),
          "changes", null, 1, KeepWorkAm.class.getName() + " " + amDir);
      SharedCluster.await("two running containers", Duration.ofSeconds(60),
          () -> Files.exists(amDir.resolve("containers")));
      String[] containers = Files.readString(amDir.resolve("containers")).split("\n");
      StringBuilder out = new StringBuilder();

      // Move: the application and its containers go to b.
      assertEquals(0, yarn(out, "application", "-movetoqueue", app.toString(), "-queue", "b"),
          out::toString);
      assertEquals("root.b", yarn.getApplicationReport(app).getQueue());
      assertNotEquals(0, yarn(out, "application", "-movetoqueue", app.toString(), "-queue",
          "nosuch"), "a move to no queue fails");
      assertTrue(out.toString().contains("nosuch"), out::toString);

      // Priority: set, and capped at yarn.cluster.max-application-priority.
      assertEquals(0, yarn(out, "application", "-appId", app.toString(), "-updatePriority",
          "5"), out::toString);
      assertEquals(5, yarn.getApplicationReport(app).getPriority().getPriority());
      assertEquals(0, yarn(out, "application", "-appId", app.toString(), "-updatePriority",
          "50"), out::toString);
      assertEquals(10, yarn.getApplicationReport(app).getPriority().getPriority());

      // Signal: a graceful shutdown reaches the container's process on the NodeManager.
      assertEquals(0, yarn(out, "container", "-signal", containers[0], "GRACEFUL_SHUTDOWN"),
          out::toString);
      SharedCluster.await("the signalled container to end", Duration.ofSeconds(30),
          () -> KeepWorkAmFiles.read(amDir.resolve("lost")).contains(containers[0]));

      // Lifetime: 3 s from now; the RM kills the application when it runs out.
      assertEquals(0, yarn(out, "application", "-appId", app.toString(), "-updateLifetime",
          "3"), out::toString);
      long left = yarn.getApplicationReport(app).getApplicationTimeouts()
          .get(ApplicationTimeoutType.LIFETIME).getRemainingTime();
      assertTrue(left >= 0 && left <= 3, "remaining " + left);
      ApplicationReport killed = TestApps.awaitState(yarn, app, Duration.ofSeconds(30),
          Set.of(YarnApplicationState.KILLED, YarnApplicationState.FINISHED,
              YarnApplicationState.FAILED));
      assertEquals(YarnApplicationState.KILLED, killed.getYarnApplicationState());
      assertTrue(killed.getDiagnostics().contains("exceeded the lifetime period"),
          killed.getDiagnostics());
    }
  }

  /** Reads a file the AM writes, empty while it does not exist. */
  private static final class KeepWorkAmFiles {
    static String read(Path p) {
      try {
        return Files.exists(p) ? Files.readString(p) : "";
      } catch (java.io.IOException e) {
        return "";
      }
    }
  }
}
