package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NM web endpoint binds an ephemeral port and serves container log files. */
class NmWebServerTest {
  @TempDir File tmp;

  private static HttpResponse<String> get(HttpClient http, NmContext ctx, String path)
      throws Exception {
    return http.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + ctx.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesLocalContainerLogsInTheStockUrlShapes() throws Exception {
    NmDirs dirs = new NmDirs(List.of(new File(tmp, "local")), List.of(new File(tmp, "logs")));
    dirs.create();
    Configuration conf = new YarnConfiguration();
    NmContext ctx = new NmContext(conf, dirs, System::currentTimeMillis);
    ctx.setNodeId(NodeId.newInstance("localhost", 1));
    ContainerId id = ContainerId.newContainerId(
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(5L, 1), 1), 2);
    File logDir = dirs.containerLogDir(dirs.logDirFor(id), id);
    Files.createDirectories(logDir.toPath());
    Files.writeString(new File(logDir, "stdout").toPath(), "hello logs");
    NmWebServer web = new NmWebServer(ctx);
    web.init(conf);
    web.start();
    try {
      assertTrue(ctx.httpPort() > 0 && ctx.httpPort() != 8042, "ephemeral by default");
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {"/ws/v1/node/containerlogs/" + id + "/stdout",
          "/ws/v1/node/containers/" + id + "/logs/stdout"}) {
        HttpResponse<String> r = get(http, ctx, path);
        assertEquals(200, r.statusCode(), path);
        // The stock NMWebServices.getLogs framing (LogToolUtils), which LogsCLI prints.
        assertTrue(r.body().contains("LogAggregationType: LOCAL\n"), r.body());
        assertTrue(r.body().contains("LogType:stdout\n"), r.body());
        assertTrue(r.body().contains("LogLength:10\n"), r.body());
        assertTrue(r.body().contains("LogContents:\nhello logs"), r.body());
        assertTrue(r.body().contains("End of LogType:stdout."), r.body());
      }
      HttpResponse<String> tail = get(http, ctx,
          "/ws/v1/node/containers/" + id + "/logs/stdout?size=-4");
      assertTrue(tail.body().contains("LogContents:\nlogs"), "size=-4: the last 4 bytes");
      assertEquals(400, get(http, ctx, "/ws/v1/node/containerlogs/" + id + "/stdout?size=x")
          .statusCode());

      HttpResponse<String> list = get(http, ctx, "/ws/v1/node/containers/" + id + "/logs");
      assertEquals(200, list.statusCode());
      assertEquals("{\"containerLogsInfoes\":{\"containerLogsInfo\":[{\"containerLogInfo\":[{"
          + "\"fileName\":\"stdout\",\"fileSize\":\"10\",\"lastModifiedTime\":\""
          + org.apache.hadoop.yarn.util.Times.format(new File(logDir, "stdout").lastModified())
          + "\"}],\"logAggregationType\":\"LOCAL\",\"containerId\":\"" + id
          + "\",\"nodeId\":\"localhost:1\"}]}}", list.body());

      HttpResponse<String> index = get(http, ctx, "/node/containerlogs/" + id + "/alice");
      assertEquals(200, index.statusCode());
      assertTrue(index.body().contains("href=\"/node/containerlogs/" + id + "/alice/stdout\""),
          index.body());
      HttpResponse<String> page = get(http, ctx, "/node/containerlogs/" + id + "/alice/stdout");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<pre>hello logs</pre>"), page.body());
      HttpResponse<String> part = get(http, ctx,
          "/node/containerlogs/" + id + "/alice/stdout?start=-4");
      assertTrue(part.body().contains("<pre>logs</pre>")
          && part.body().contains("Showing 4 bytes of 10 total."), part.body());
      assertEquals(400, get(http, ctx, "/ws/v1/node/containers/nonsense/logs").statusCode());
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(
          "http://localhost:" + ctx.httpPort() + "/node/containerlogs/" + id + "/alice/nope"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, missing.statusCode());
    } finally {
      web.stop();
    }
  }
}
