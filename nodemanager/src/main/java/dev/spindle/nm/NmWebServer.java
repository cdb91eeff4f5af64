package dev.spindle.nm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spindle.nm.logs.ContainerLogPages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A minimal NM web endpoint (the JDK's HTTP server): its port is the http_port the RM
 * shows, and it serves container logs in the stock URL shapes ({@link ContainerLogPages}):
 * {@code /node/containerlogs/<cid>/<user>[/<file>]} (HTML, the RM's log links),
 * {@code /ws/v1/node/containers/<cid>/logs} (the JSON listing {@code yarn logs} reads),
 * {@code /ws/v1/node/containers/<cid>/logs/<file>} and
 * {@code /ws/v1/node/containerlogs/<cid>/<file>} (raw text), {@code /ws/v1/node/info}, and
 * {@code /prom} (Prometheus text format, as stock with hadoop.prometheus.endpoint.enabled).
 */
public class NmWebServer extends AbstractService {
  private final NmContext ctx;
  private final ContainerLogPages logs;
  /** The Prometheus page, or null: no /prom. */
  private final java.util.function.Supplier<String> prom;
  private HttpServer server;
  private ExecutorService pool;

  public NmWebServer(NmContext ctx) {
    this(ctx, null);
  }

  /** A server that also serves {@code prom} at /prom (the Prometheus text format). */
  public NmWebServer(NmContext ctx, java.util.function.Supplier<String> prom) {
    super("NmWebServer");
    this.ctx = ctx;
    this.logs = new ContainerLogPages(ctx);
    this.prom = prom;
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
      String path = ex.getRequestURI().getPath().replaceAll("^/+", "");
      String query = ex.getRequestURI().getRawQuery();
      String[] p = path.split("/");
      String method = ex.getRequestMethod();
      if (method.equals("OPTIONS")) {
        // Hadoop's web-service client (AuthenticatedURL) probes with OPTIONS first and
        // needs a 200, as Jetty gives it on a stock NM.
        ex.getResponseHeaders().set("Allow", "GET, HEAD, OPTIONS");
        ex.sendResponseHeaders(200, -1);
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        reply(ex, 405, "text/plain", "Only GET\n".getBytes(StandardCharsets.UTF_8));
      } else if (p.length >= 4 && p.length <= 5 && p[0].equals("node")
          && p[1].equals("containerlogs")) {
        ContainerLogPages.send(ex, logs.page(p[2], p[3], p.length == 5 ? p[4] : null, query));
      } else if (path.startsWith("ws/v1/node/containers/") && p.length == 6
          && p[5].equals("logs")) {
        ContainerLogPages.send(ex, logs.listing(p[4]));
      } else if (path.startsWith("ws/v1/node/containers/") && p.length == 7
          && p[5].equals("logs")) {
        logs.rawFile(ex, p[4], p[6], query);
      } else if (path.startsWith("ws/v1/node/containerlogs/") && p.length == 6) {
        logs.rawFile(ex, p[4], p[5], query);
      } else if (path.equals("prom") && prom != null) {
        reply(ex, 200, dev.spindle.metrics.PromText.CONTENT_TYPE,
            prom.get().getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("ws/v1/node/info")) {
        reply(ex, 200, "application/json", ("{\"nodeInfo\":{\"nodeHostName\":\""
            + ctx.nodeId().getHost() + "\",\"id\":\"" + ctx.nodeId() + "\"}}")
            .getBytes(StandardCharsets.UTF_8));
      } else {
        reply(ex, 404, "text/plain", "Not found\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void reply(HttpExchange ex, int code, String type, byte[] body)
      throws IOException {
    ContainerLogPages.send(ex, new ContainerLogPages.Reply(code, type, body, null));
  }
}
