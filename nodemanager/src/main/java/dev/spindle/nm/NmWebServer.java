package dev.spindle.nm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A minimal NM web endpoint (the JDK's HTTP server): its port is the http_port the RM
 * shows, and it serves local container log files in the stock URL shapes
 * ({@code /node/containerlogs/<cid>/<user>/<file>},
 * {@code /ws/v1/node/containers/<cid>/logs/<file>}, {@code /ws/v1/node/containerlogs/<cid>/<file>}).
 */
public class NmWebServer extends AbstractService {
  private final NmContext ctx;
  private HttpServer server;
  private ExecutorService pool;

  public NmWebServer(NmContext ctx) {
    super("NmWebServer");
    this.ctx = ctx;
  }

  @Override
  protected void serviceStart() throws Exception {
    server = HttpServer.create(bindAddress(getConfig()), 16);
    pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "nm-web");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    ctx.setHttpPort(server.getAddress().getPort());
  }

  /**
   * The configured webapp address when an operator set it; otherwise an ephemeral port,
   * so several NMs can share a host (the yarn-default 8042 would collide).
   */
  static InetSocketAddress bindAddress(Configuration conf) {
    String key = YarnConfiguration.NM_WEBAPP_ADDRESS;
    String[] sources = conf.getPropertySources(key);
    boolean explicit = sources != null && sources.length > 0
        && !sources[sources.length - 1].equals("yarn-default.xml");
    InetSocketAddress configured = conf.getSocketAddr(key,
        YarnConfiguration.DEFAULT_NM_WEBAPP_ADDRESS, YarnConfiguration.DEFAULT_NM_WEBAPP_PORT);
    return explicit ? configured : new InetSocketAddress(configured.getHostString(), 0);
  }

  @Override
  protected void serviceStop() {
    if (server != null) {
      server.stop(0);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String[] p = ex.getRequestURI().getPath().replaceAll("^/+", "").split("/");
      File file = null;
      if (p.length >= 5 && p[0].equals("node") && p[1].equals("containerlogs")) {
        file = logFile(p[2], p[4]);
      } else if (p.length >= 7 && String.join("/", p).startsWith("ws/v1/node/containers/")
          && p[5].equals("logs")) {
        file = logFile(p[4], p[6]);
      } else if (p.length >= 6 && String.join("/", p).startsWith("ws/v1/node/containerlogs/")) {
        file = logFile(p[4], p[5]);
      } else if (String.join("/", p).equals("ws/v1/node/info")) {
        reply(ex, 200, "application/json", ("{\"nodeInfo\":{\"nodeHostName\":\""
            + ctx.nodeId().getHost() + "\",\"id\":\"" + ctx.nodeId() + "\"}}")
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (file == null || !file.isFile()) {
        reply(ex, 404, "text/plain", "Not found\n".getBytes(StandardCharsets.UTF_8));
      } else {
        reply(ex, 200, "text/plain", Files.readAllBytes(file.toPath()));
      }
    }
  }

  private File logFile(String containerId, String name) {
    if (name.contains("..") || name.contains("/")) {
      return null;
    }
    try {
      ContainerId id = ContainerId.fromString(containerId);
      for (File dir : ctx.dirs().containerLogDirs(id)) {
        File f = new File(dir, name);
        if (f.isFile()) {
          return f;
        }
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static void reply(HttpExchange ex, int code, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
