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
      for (String path : new String[] {"/node/containerlogs/" + id + "/alice/stdout",
          "/ws/v1/node/containers/" + id + "/logs/stdout"}) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + ctx.httpPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        assertEquals("hello logs", r.body());
      }
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(
          "http://localhost:" + ctx.httpPort() + "/node/containerlogs/" + id + "/alice/nope"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, missing.statusCode());
    } finally {
      web.stop();
    }
  }
}
