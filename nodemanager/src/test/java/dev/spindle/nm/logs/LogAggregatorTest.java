package dev.spindle.nm.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.NmContext;
import dev.spindle.nm.NmDirs;
import dev.spindle.nm.NmWebServer;
import dev.spindle.nm.container.NmApplication;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.logaggregation.AggregatedLogDeletionService.LogDeletionTask;
import org.apache.hadoop.yarn.logaggregation.ContainerLogsRequest;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileController;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileControllerFactory;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregation into file:// through the stock controllers, read back with the stock readers;
 * the NM's log pages afterwards; and the stock retention task on the layout written.
 */
class LogAggregatorTest {
  @TempDir File tmp;
  private final ApplicationId app = ApplicationId.newInstance(1234L, 5);
  private final ContainerId c1 = container(1);
  private final ContainerId c2 = container(2);

  private static ContainerId container(long n) {
    return ContainerId.newContainerId(ApplicationAttemptId.newInstance(
        ApplicationId.newInstance(1234L, 5), 1), n);
  }

  private Configuration conf(String format) {
    Configuration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, new File(tmp, "remote").toURI().toString());
    if (format != null) {
      conf.set(YarnConfiguration.LOG_AGGREGATION_FILE_FORMATS, format);
      conf.set("yarn.log-aggregation.file-controller.IFile.class", "org.apache.hadoop.yarn"
          + ".logaggregation.filecontroller.ifile.LogAggregationIndexedFileController");
    }
    return conf;
  }

  private NmContext context(Configuration conf) throws IOException {
    NmDirs dirs = new NmDirs(List.of(new File(tmp, "local")),
        List.of(new File(tmp, "logs1"), new File(tmp, "logs2")));
    dirs.create();
    NmContext ctx = new NmContext(conf, dirs, System::currentTimeMillis);
    ctx.setNodeId(NodeId.newInstance("localhost", 4545));
    return ctx;
  }

  /** Writes a container's stdout/stderr into the log dir the NM would pick. */
  private static void writeLogs(NmContext ctx, ContainerId c, String text) throws IOException {
    File dir = ctx.dirs().containerLogDir(ctx.dirs().logDirFor(c), c);
    Files.createDirectories(dir.toPath());
    Files.writeString(new File(dir, "stdout").toPath(), text);
    Files.writeString(new File(dir, "stderr").toPath(), "err of " + c);
  }

  private NmApplication finishedApp() {
    return new NmApplication(app, "alice", Map.of(), null);
  }

  private static LogAggregationReport awaitReport(NmContext ctx) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      List<LogAggregationReport> r = ctx.logs().takeReports();
      if (!r.isEmpty()) {
        assertEquals(1, r.size());
        return r.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no log aggregation report");
  }

  private static String readAggregated(Configuration conf, ContainerId c) throws IOException {
    ApplicationId appId = c.getApplicationAttemptId().getApplicationId();
    LogAggregationFileController reader = new LogAggregationFileControllerFactory(conf)
        .getFileControllerForRead(appId, "alice");
    ContainerLogsRequest req = new ContainerLogsRequest();
    req.setAppId(appId);
    req.setAppOwner("alice");
    req.setContainerId(c.toString());
    req.setNodeId("localhost:4545");
    req.setBytes(Long.MAX_VALUE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(reader.readAggregatedLogs(req, out), "the stock reader finds " + c);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void tfileAggregationIsReadBackByTheStockReaderAndLocalLogsAreDeleted() throws Exception {
    Configuration conf = conf(null);
    NmContext ctx = context(conf);
    ctx.logs().start();
    writeLogs(ctx, c1, "hello from one");
    writeLogs(ctx, c2, "hello from two");
    try {
      ctx.logs().appFinished(finishedApp());
      LogAggregationReport r = awaitReport(ctx);
      assertEquals(LogAggregationStatus.SUCCEEDED, r.getLogAggregationStatus(),
          r.getDiagnosticMessage());
      assertEquals(app, r.getApplicationId());
      String one = readAggregated(conf, c1);
      assertTrue(one.contains("hello from one") && one.contains("LogType:stderr"), one);
      assertTrue(readAggregated(conf, c2).contains("hello from two"));
      // The stock layout: <remote>/<user>/bucket-logs-tfile/<bucket>/<app>/<host>_<port>.
      assertTrue(Files.exists(new File(tmp, "remote/alice/bucket-logs-tfile/0005/" + app
          + "/localhost_4545").toPath()));
      awaitGone(ctx.dirs().logDirs().stream().map(d -> new File(d, app.toString())).toList());
    } finally {
      ctx.logs().close();
      ctx.deleter().close();
    }
  }

  @Test
  void theConfiguredIndexedFormatIsUsed() throws Exception {
    Configuration conf = conf("IFile");
    NmContext ctx = context(conf);
    ctx.logs().start();
    writeLogs(ctx, c1, "indexed hello");
    try {
      ctx.logs().appFinished(finishedApp());
      assertEquals(LogAggregationStatus.SUCCEEDED, awaitReport(ctx).getLogAggregationStatus());
      assertTrue(Files.isDirectory(new File(tmp, "remote/alice/bucket-logs-ifile").toPath()));
      assertTrue(readAggregated(conf, c1).contains("indexed hello"));
    } finally {
      ctx.logs().close();
      ctx.deleter().close();
    }
  }

  @Test
  void afterAggregationTheLogPagesListAggregatedFilesAndRedirectToTheLogServer()
      throws Exception {
    Configuration conf = conf(null);
    conf.set(YarnConfiguration.YARN_LOG_SERVER_URL, "http://history.example:19888/jobhistory/logs");
    NmContext ctx = context(conf);
    ctx.logs().start();
    writeLogs(ctx, c1, "served later");
    NmWebServer web = new NmWebServer(ctx);
    web.init(conf);
    web.start();
    try {
      ctx.logs().appFinished(finishedApp());
      awaitReport(ctx);
      awaitGone(List.of(ctx.dirs().containerLogDir(ctx.dirs().logDirFor(c1), c1)));
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://localhost:" + ctx.httpPort();
      HttpResponse<String> list = get(http, base + "/ws/v1/node/containers/" + c1 + "/logs");
      assertEquals(200, list.statusCode());
      assertTrue(list.body().startsWith("{\"containerLogsInfoes\":{\"containerLogsInfo\":[{"
          + "\"containerLogInfo\":[{\"fileName\":\"stderr\""), list.body());
      assertTrue(list.body().contains("\"logAggregationType\":\"AGGREGATED\""), list.body());
      HttpResponse<String> raw = get(http, base + "/ws/v1/node/containerlogs/" + c1 + "/stdout");
      assertEquals(200, raw.statusCode());
      assertTrue(raw.body().contains("served later"), raw.body());
      HttpResponse<String> page = get(http, base + "/node/containerlogs/" + c1 + "/alice/stdout");
      assertEquals(307, page.statusCode());
      assertEquals("http://history.example:19888/jobhistory/logs/localhost:4545/" + c1 + "/"
          + c1 + "/alice/stdout", page.headers().firstValue("Location").orElse(""));
    } finally {
      web.stop();
      ctx.logs().close();
      ctx.deleter().close();
    }
  }

  @Test
  void theStockRetentionTaskDeletesOldAggregatedAppsOnThisLayout() throws Exception {
    Configuration conf = conf(null);
    NmContext ctx = context(conf);
    ctx.logs().start();
    ApplicationId old = app;
    ApplicationId recent = ApplicationId.newInstance(1234L, 6);
    try {
      for (ApplicationId a : List.of(old, recent)) {
        ContainerId c = ContainerId.newContainerId(ApplicationAttemptId.newInstance(a, 1), 1);
        writeLogs(ctx, c, "bytes of " + a);
        ctx.logs().appFinished(new NmApplication(a, "alice", Map.of(), null));
        assertEquals(LogAggregationStatus.SUCCEEDED, awaitReport(ctx).getLogAggregationStatus());
      }
    } finally {
      ctx.logs().close();
      ctx.deleter().close();
    }
    Path oldDir = appDir(old);
    Path recentDir = appDir(recent);
    ageTree(oldDir, 2 * 3600_000L);
    // Both apps are over as far as the RM knows (the stock task asks it).
    ApplicationClientProtocol rm = (ApplicationClientProtocol) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ApplicationClientProtocol.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getApplicationReport")) {
            throw new ApplicationNotFoundException("gone");
          }
          throw new UnsupportedOperationException(method.getName());
        });
    LogAggregationFileController controller =
        new LogAggregationFileControllerFactory(conf).getFileControllerForWrite();
    new LogDeletionTask(conf, 3600, rm, controller).run();
    assertFalse(Files.exists(oldDir), "older than retain-seconds: deleted");
    assertTrue(Files.exists(recentDir), "within retain-seconds: kept");
  }

  private Path appDir(ApplicationId a) throws IOException {
    try (Stream<Path> s = Files.walk(new File(tmp, "remote").toPath())) {
      return s.filter(p -> p.getFileName().toString().equals(a.toString())).findFirst()
          .orElseThrow();
    }
  }

  private static void ageTree(Path root, long ageMs) throws IOException {
    FileTime then = FileTime.fromMillis(System.currentTimeMillis() - ageMs);
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      Files.setLastModifiedTime(p, then);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitGone(List<File> files) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (files.stream().noneMatch(File::exists)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("still there: " + files);
  }
}
