package dev.spindle.it.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestAm;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.LogsCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebServiceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code yarn logs} (LogsCLI) against Spindle with log aggregation on: a finished
 * app's logs come from the aggregated files the NM wrote with the stock TFile controller, a
 * running app's from the NM's REST listing, and the app report says SUCCEEDED once done.
 */
class LogsCliTest {
  @TempDir static Path tmp;
  private static MiniCluster cluster;
  private static YarnClient yarn;

  @BeforeAll
  static void start() {
    Configuration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, tmp.resolve("remote-logs").toUri().toString());
    conf.set(YarnConfiguration.YARN_LOG_SERVER_URL, "http://logserver.invalid:19888/jobhistory/logs");
    // Retention: an hour, checked every second by the RM's AggregatedLogDeletionService.
    conf.setLong(YarnConfiguration.LOG_AGGREGATION_RETAIN_SECONDS, 3600);
    conf.setLong(YarnConfiguration.LOG_AGGREGATION_RETAIN_CHECK_INTERVAL_SECONDS, 1);
    cluster = new MiniCluster("logs-cli", 1);
    cluster.init(conf);
    cluster.start();
    yarn = TestApps.client(cluster.getConfig());
  }

  @AfterAll
  static void stop() {
    if (yarn != null) {
      yarn.stop();
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void finishedAppLogsAreAggregatedAndReadByTheStockLogsCli() throws Exception {
    String marker = "spindle-aggregated-" + System.nanoTime();
    ApplicationId id = TestApps.submitJava(yarn, cluster.getConfDir().toFile(), "say", null, 1,
        TestAm.class.getName() + " say " + marker);
    ApplicationReport done = TestApps.awaitFinal(yarn, id, Duration.ofMinutes(2));
    assertEquals(YarnApplicationState.FINISHED, done.getYarnApplicationState());
    SharedCluster.await("log aggregation of " + id, Duration.ofMinutes(1),
        () -> status(id) == LogAggregationStatus.SUCCEEDED);

    File out = tmp.resolve("finished-out").toFile();
    assertEquals(0, logsCli("-applicationId", id.toString(), "-out", out.getPath()));
    String dumped = readAll(out.toPath());
    assertTrue(dumped.contains(marker), "LogsCLI output holds the marker:\n" + dumped);
    assertTrue(dumped.contains("LogType:stdout"), dumped);
    ContainerId amId = yarn.getApplicationAttempts(id).get(0).getAMContainerId();
    File one = tmp.resolve("one-container-out").toFile();
    assertEquals(0, logsCli("-applicationId", id.toString(), "-containerId", amId.toString(),
        "-log_files", "stdout", "-out", one.getPath()));
    assertTrue(readAll(one.toPath()).contains(marker));
    // The local copy is gone once uploaded (delete.debug-delay-sec is 0).
    assertFalse(containsFileUnder(cluster.getBaseDir(), id.toString(), "stdout"),
        "local logs deleted after aggregation");
    // The AM's log link on the NM now redirects to the log server, as a stock NM does.
    String amLogs = amContainerLogUrl(id);
    HttpURLConnection http = (HttpURLConnection) new URL(amLogs).openConnection();
    http.setInstanceFollowRedirects(false);
    assertEquals(307, http.getResponseCode());
    assertTrue(http.getHeaderField("Location").startsWith(
        "http://logserver.invalid:19888/jobhistory/logs/"), http.getHeaderField("Location"));

    // Once older than retain-seconds, the RM's deletion service removes the app's logs.
    Path appDir = remoteAppDir(id);
    FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L);
    try (Stream<Path> all = Files.walk(appDir)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, twoHoursAgo);
      }
    }
    SharedCluster.await("retention to delete " + appDir, Duration.ofMinutes(1),
        () -> !Files.exists(appDir));
  }

  private static Path remoteAppDir(ApplicationId id) throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("remote-logs"))) {
      return s.filter(p -> p.getFileName().toString().equals(id.toString())).findFirst()
          .orElseThrow();
    }
  }

  @Test
  void runningAppLogsComeFromTheNodeManager() throws Exception {
    ApplicationId id = TestApps.submit(yarn, cluster.getConfDir().toFile(), "sleep", 1);
    try {
      TestApps.awaitState(yarn, id, Duration.ofMinutes(2), EnumSet.of(YarnApplicationState.RUNNING));
      assertEquals(LogAggregationStatus.NOT_START, status(id));
      File out = tmp.resolve("running-out").toFile();
      SharedCluster.await("the AM's first line of stdout", Duration.ofMinutes(1), () -> {
        try {
          logsCli("-applicationId", id.toString(), "-out", out.getPath());
          return readAll(out.toPath()).contains("registered attempt 1 in mode sleep");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      String dumped = readAll(out.toPath());
      assertTrue(dumped.contains("LogAggregationType: LOCAL"), dumped);
      // The RM's link to the running AM's logs opens the NM's log page.
      ContainerReport am = yarn.getContainerReport(
          yarn.getApplicationAttempts(id).get(0).getAMContainerId());
      HttpURLConnection page = (HttpURLConnection) new URL(am.getLogUrl()).openConnection();
      assertEquals(200, page.getResponseCode(), am.getLogUrl());
      String html = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(html.contains("/stdout\""), html);
      assertTrue(dumped.contains("This log file belongs to a running container"), dumped);
      // -am 1: the AM container found through the RM's REST app attempts.
      File amOut = tmp.resolve("running-am-out").toFile();
      assertEquals(0, logsCli("-applicationId", id.toString(), "-am", "1", "-out",
          amOut.getPath()));
      assertTrue(readAll(amOut.toPath()).contains("registered attempt 1 in mode sleep"));

    } finally {
      yarn.killApplication(id);
    }
    TestApps.awaitFinal(yarn, id, Duration.ofMinutes(1));
    SharedCluster.await("log aggregation of killed " + id, Duration.ofMinutes(1),
        () -> status(id) == LogAggregationStatus.SUCCEEDED);
  }

  private static LogAggregationStatus status(ApplicationId id) {
    try {
      return yarn.getApplicationReport(id).getLogAggregationStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The AM log link in the RM's shape (Reports.container) for a finished app. */
  private static String amContainerLogUrl(ApplicationId id) throws Exception {
    var attempt = yarn.getApplicationAttempts(id).get(0);
    return "http://localhost:" + cluster.getNodeManager(0).getHttpPort()
        + "/node/containerlogs/" + attempt.getAMContainerId() + "/"
        + yarn.getApplicationReport(id).getUser();
  }

  /** Runs the stock LogsCLI with the cluster's client configuration, as its main does. */
  static int logsCli(String... args) throws Exception {
    Configuration conf = new YarnConfiguration(cluster.getConfig());
    WebServiceClient.initialize(conf);
    try {
      LogsCLI cli = new LogsCLI();
      cli.setConf(conf);
      return cli.run(args);
    } finally {
      WebServiceClient.destroy();
    }
  }

  static String readAll(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sb.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  private static boolean containsFileUnder(Path base, String pathPart, String name)
      throws IOException {
    try (Stream<Path> files = Files.walk(base)) {
      return files.anyMatch(p -> p.getFileName().toString().equals(name)
          && p.toString().contains(pathPart) && !p.toString().contains("remote-logs"));
    }
  }
}
