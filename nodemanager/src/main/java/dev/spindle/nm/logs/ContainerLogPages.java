package dev.spindle.nm.logs;

import com.sun.net.httpserver.HttpExchange;
import dev.spindle.nm.NmContext;
import dev.spindle.nm.container.NmApplication;
import dev.spindle.nm.container.NmContainer;
import dev.spindle.nm.container.NmContainerState;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.ContainerLogAggregationType;
import org.apache.hadoop.yarn.logaggregation.ContainerLogFileInfo;
import org.apache.hadoop.yarn.logaggregation.ContainerLogMeta;
import org.apache.hadoop.yarn.logaggregation.ContainerLogsRequest;
import org.apache.hadoop.yarn.logaggregation.LogToolUtils;
import org.apache.hadoop.yarn.util.Times;

/**
 * The NM's container-log endpoints in the stock shapes (NMWebServices, ContainerLogsPage,
 * NMWebAppFilter): the JSON listing {@code yarn logs} reads for running apps, the raw file
 * with the stock header and {@code size}, and the HTML pages the RM's log links open. After
 * aggregation the HTML pages redirect to {@code yarn.log.server.url} as stock does.
 */
public final class ContainerLogPages {
  private final NmContext ctx;

  public ContainerLogPages(NmContext ctx) {
    this.ctx = ctx;
  }

  /** A reply: status, content type, body. */
  public record Reply(int status, String type, byte[] body, String location) {
    static Reply of(int status, String type, String body) {
      return new Reply(status, type, body.getBytes(StandardCharsets.UTF_8), null);
    }
  }

  // --- /ws/v1/node/containers/{id}/logs ---------------------------------------------------

  /** The ContainerLogsInfo list: LOCAL files if still here, AGGREGATED ones if uploaded. */
  public Reply listing(String containerIdStr) {
    ContainerId id = parse(containerIdStr);
    if (id == null) {
      return Reply.of(400, "text/plain", "invalid container id, " + containerIdStr);
    }
    List<String> infos = new ArrayList<>();
    List<File> local = localFiles(id);
    if (!local.isEmpty() || ctx.table().get(id) != null) {
      List<String> files = new ArrayList<>();
      for (File f : local) {
        files.add(fileJson(f.getName(), Long.toString(f.length()),
            Times.format(f.lastModified())));
      }
      infos.add(logsInfoJson(files, ContainerLogAggregationType.LOCAL, id));
    }
    for (ContainerLogMeta meta : aggregatedMeta(id)) {
      List<String> files = new ArrayList<>();
      for (ContainerLogFileInfo f : meta.getContainerLogMeta()) {
        files.add(fileJson(f.getFileName(), f.getFileSize(), f.getLastModifiedTime()));
      }
      infos.add(logsInfoJson(files, ContainerLogAggregationType.AGGREGATED, id));
    }
    if (infos.isEmpty()) {
      return Reply.of(404, "text/plain", "Can not find the logs of container " + id
          + " on this NodeManager: it never ran here, or its logs were deleted.");
    }
    return Reply.of(200, "application/json", "{\"containerLogsInfoes\":{\"containerLogsInfo\":["
        + String.join(",", infos) + "]}}");
  }

  private List<ContainerLogMeta> aggregatedMeta(ContainerId id) {
    String owner = owner(appOf(id));
    if (!ctx.logs().enabled() || owner == null) {
      return List.of();
    }
    try {
      return ctx.logs().factory().getFileControllerForRead(appOf(id), owner)
          .readAggregatedLogsMeta(request(id, owner));
    } catch (IOException | RuntimeException e) {
      return List.of(); // not aggregated (yet), as stock: skipped
    }
  }

  // --- /ws/v1/node/containerlogs/{id}/{file} and /ws/v1/node/containers/{id}/logs/{file} -

  /** Streams one log file (stock NMWebServices.getLogs); {@code size} as stock. */
  public void rawFile(HttpExchange ex, String containerIdStr, String name, String query)
      throws IOException {
    ContainerId id = parse(containerIdStr);
    if (id == null) {
      send(ex, Reply.of(400, "text/plain", "invalid container id, " + containerIdStr));
      return;
    }
    long bytes;
    try {
      String size = param(query, "size");
      bytes = size == null || size.isEmpty() ? Long.MAX_VALUE : Long.parseLong(size);
    } catch (NumberFormatException e) {
      send(ex, Reply.of(400, "text/plain", "size must be a number"));
      return;
    }
    File file = localFile(id, name);
    if (file == null) {
      String owner = owner(appOf(id));
      if (owner != null && ctx.logs().enabled() && !isHead(ex)) {
        try {
          ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
          ex.sendResponseHeaders(200, 0);
          try (OutputStream os = ex.getResponseBody()) {
            ContainerLogsRequest r = request(id, owner);
            r.setBytes(bytes);
            r.setLogTypes(Set.of(name));
            ctx.logs().factory().getFileControllerForRead(appOf(id), owner)
                .readAggregatedLogs(r, os);
          }
          return;
        } catch (IOException e) {
          return; // headers already sent: the stream just ends
        }
      }
      send(ex, Reply.of(404, "text/plain", "Can not find the log file " + name
          + " of container " + id + " on this NodeManager."));
      return;
    }
    if (isHead(ex)) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    NmContainer c = ctx.table().get(id);
    boolean running = c != null && c.getState() == NmContainerState.RUNNING;
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream os = ex.getResponseBody(); FileInputStream in = new FileInputStream(file)) {
      LogToolUtils.outputContainerLogThroughZeroCopy(id.toString(), ctx.nodeId().toString(),
          name, file.length(), bytes, Times.format(file.lastModified()), in, os,
          ContainerLogAggregationType.LOCAL);
      String end = "End of LogType:" + name;
      StringBuilder sb = new StringBuilder(end).append('.');
      sb.append(running ? "This log file belongs to a running container (" + id
          + ") and so may not be complete.\n" : "\n");
      sb.append("*".repeat(end.length() + 50)).append("\n\n");
      os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  // --- /node/containerlogs/{id}/{user}[/{file}] -------------------------------------------

  /** The HTML pages behind the RM's "Logs" links. */
  public Reply page(String containerIdStr, String user, String name, String query) {
    ContainerId id = parse(containerIdStr);
    if (id == null) {
      return html(400, "Invalid container ID: " + escape(containerIdStr));
    }
    ApplicationId app = appOf(id);
    boolean appHere = ctx.table().app(app) != null;
    boolean aggregatedWanted = "remote".equals(param(query, "log.aggregation.type"));
    String notice = "";
    if ((!appHere || aggregatedWanted) && ctx.logs().enabled()) {
      String server = ctx.conf().get(YarnConfiguration.YARN_LOG_SERVER_URL);
      if (server != null && !server.isEmpty()) {
        String to = server + "/" + ctx.nodeId() + "/" + id + "/" + id + "/" + user
            + (name == null ? "" : "/" + name) + (query == null ? "" : "?" + query);
        return new Reply(307, "text/plain",
            ("Redirecting to log server : " + to + "\n").getBytes(StandardCharsets.UTF_8), to);
      }
      notice = "<h1>Failed while trying to construct the redirect url to the log server."
          + " Log Server url may not be configured</h1>\n";
    }
    List<File> local = localFiles(id);
    if (local.isEmpty()) {
      String why = ctx.logs().enabled() && ctx.logs().ownerOf(app) != null
          ? "Logs of container " + id + " were aggregated; read them with: yarn logs"
              + " -applicationId " + app + " -containerId " + id
          : "No logs available for container " + id;
      return html(404, notice + "<p>" + escape(why) + "</p>");
    }
    if (name == null) {
      StringBuilder sb = new StringBuilder(notice).append("<ul>\n");
      for (File f : local) {
        String n = escape(f.getName());
        sb.append("<li><a href=\"/node/containerlogs/").append(id).append('/')
            .append(escape(user)).append('/').append(n).append("\">").append(n)
            .append("</a> : Total file length is ").append(f.length())
            .append(" bytes.</li>\n");
      }
      return html(200, sb.append("</ul>").toString());
    }
    File file = localFile(id, name);
    if (file == null) {
      return html(404, notice + "<p>Cannot find this log on the local disk: "
          + escape(name) + "</p>");
    }
    try {
      return html(200, notice + excerpt(file, id, user, query));
    } catch (NumberFormatException e) {
      return html(400, "start and end must be numbers");
    } catch (IOException e) {
      return html(500, "Cannot read " + escape(name) + ": " + escape(e.toString()));
    }
  }

  /**
   * The bytes [start, end) of a log, negative offsets counted from its end; by default the
   * last 4 KB with a link to the whole file, as the stock ContainerLogsPage shows it.
   */
  private static String excerpt(File file, ContainerId id, String user, String query)
      throws IOException {
    long length = file.length();
    String startParam = param(query, "start");
    String endParam = param(query, "end");
    long start = startParam == null || startParam.isEmpty() ? -4096 : Long.parseLong(startParam);
    long end = endParam == null || endParam.isEmpty() ? length : Long.parseLong(endParam);
    start = Math.max(0, Math.min(length, start < 0 ? length + start : start));
    end = Math.max(start, Math.min(length, end < 0 ? length + end : end));
    byte[] bytes = new byte[(int) Math.min(end - start, 64L << 20)];
    try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
      in.seek(start);
      in.readFully(bytes);
    }
    StringBuilder sb = new StringBuilder();
    if (start > 0 || end < length) {
      sb.append("<p>Showing ").append(bytes.length).append(" bytes of ").append(length)
          .append(" total. <a href=\"/node/containerlogs/").append(id).append('/')
          .append(escape(user)).append('/').append(escape(file.getName()))
          .append("?start=0\">Click here</a> for the full log.</p>\n");
    }
    return sb.append("<pre>").append(escape(new String(bytes, StandardCharsets.UTF_8)))
        .append("</pre>").toString();
  }

  // --- helpers ------------------------------------------------------------------------------

  private static boolean isHead(HttpExchange ex) {
    return ex.getRequestMethod().equals("HEAD");
  }

  /** The container's log files, one per name over all log dirs. */
  private List<File> localFiles(ContainerId id) {
    TreeMap<String, File> byName = new TreeMap<>();
    for (File dir : ctx.dirs().containerLogDirs(id)) {
      File[] files = dir.listFiles(File::isFile);
      if (files != null) {
        for (File f : files) {
          byName.putIfAbsent(f.getName(), f);
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private File localFile(ContainerId id, String name) {
    if (name == null || name.isEmpty() || name.contains("..") || name.contains("/")) {
      return null;
    }
    for (File dir : ctx.dirs().containerLogDirs(id)) {
      File f = new File(dir, name);
      if (f.isFile()) {
        return f;
      }
    }
    return null;
  }

  /** The app's user while it is here, or after it finished here; else null. */
  private String owner(ApplicationId app) {
    NmApplication a = ctx.table().app(app);
    return a != null ? a.getUser() : ctx.logs().ownerOf(app);
  }

  private ContainerLogsRequest request(ContainerId id, String owner) {
    ContainerLogsRequest r = new ContainerLogsRequest();
    r.setAppId(appOf(id));
    r.setAppOwner(owner);
    r.setContainerId(id.toString());
    r.setNodeId(ctx.nodeId().toString());
    return r;
  }

  private static ApplicationId appOf(ContainerId id) {
    return id.getApplicationAttemptId().getApplicationId();
  }

  private static ContainerId parse(String s) {
    try {
      return ContainerId.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String param(String query, String key) {
    if (query == null) {
      return null;
    }
    for (String kv : query.split("&")) {
      int i = kv.indexOf('=');
      String k = i < 0 ? kv : kv.substring(0, i);
      if (k.equals(key)) {
        return i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private String fileJson(String name, String size, String modified) {
    return "{\"fileName\":" + quote(name) + ",\"fileSize\":" + quote(size)
        + ",\"lastModifiedTime\":" + quote(modified) + "}";
  }

  private String logsInfoJson(List<String> files, ContainerLogAggregationType type,
      ContainerId id) {
    return "{\"containerLogInfo\":[" + String.join(",", files) + "],\"logAggregationType\":"
        + quote(type.toString()) + ",\"containerId\":" + quote(id.toString())
        + ",\"nodeId\":" + quote(ctx.nodeId().toString()) + "}";
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static Reply html(int status, String body) {
    return Reply.of(status, "text/html", "<!DOCTYPE html>\n<html><head><title>Container logs"
        + "</title></head><body>\n" + body + "\n</body></html>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Sends a small reply. */
  public static void send(HttpExchange ex, Reply r) throws IOException {
    ex.getResponseHeaders().set("Content-Type", r.type() + "; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (r.location() != null) {
      ex.getResponseHeaders().set("Location", r.location());
    }
    if (isHead(ex)) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }
}
