package dev.spindle.rm.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A minimal server-rendered UI under /cluster: overview (about and metrics), /cluster/cluster
 * (about), /apps, /app/&lt;id&gt; (the tracking URL of apps without an AM URL), /nodes and
 * /scheduler. Everything shown is escaped; the data is the REST API's.
 */
public final class UiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The RM's own queues: how far behind it is and what waits for the store or launcher. */
  private static void internals(StringBuilder html, HttpServletRequest req) {
    ActiveRm rm = Web.backend(req.getServletContext()).active();
    if (rm == null) {
      return;
    }
    dev.spindle.rm.RmInternals i = rm.internals();
    Map<String, Object> rows = new java.util.LinkedHashMap<>();
    rows.put("Operations waiting for the core thread", i.loopQueue());
    rows.put("Replies waiting for the state store", i.parkedReplies());
    rows.put("Records waiting to be stored", i.storeQueued());
    rows.put("Records stored (ZooKeeper commits)", i.storeWritten() + " (" + i.storeCommits()
        + ")");
    rows.put("AM launches queued", i.amLaunchesQueued());
    rows.put("AM launches dropped (attempt ended first)", i.amLaunchesDropped());
    table(html, "ResourceManager internals", rows);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String info = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("/+$", "");
    String[] p = info.replaceFirst("^/", "").split("/");
    StringBuilder html = new StringBuilder();
    int status = 200;
    try {
      switch (p[0]) {
        case "" -> {
          table(html, "About the cluster", (Map<?, ?>) ClusterInfoResource.info(req)
              .get("clusterInfo"));
          table(html, "Cluster metrics", (Map<?, ?>) ClusterInfoResource.metrics(req)
              .get("clusterMetrics"));
          internals(html, req);
        }
        case "cluster" -> table(html, "About the cluster",
            (Map<?, ?>) ClusterInfoResource.info(req).get("clusterInfo"));
        case "apps" -> list(html, "Applications",
            AppsResource.get(req, new String[] {"apps"}), "apps", "app");
        case "app" -> {
          if (p.length != 2) {
            throw WebError.notFound("No application given");
          }
          Map<?, ?> app = (Map<?, ?>) ((Map<?, ?>) AppsResource.get(req,
              new String[] {"apps", p[1]})).get("app");
          table(html, "Application " + p[1], app);
          list(html, "Attempts", AppsResource.get(req,
              new String[] {"apps", p[1], "appattempts"}), "appAttempts", "appAttempt");
        }
        case "nodes" -> list(html, "Nodes", NodesResource.get(req, new String[] {"nodes"}),
            "nodes", "node");
        case "scheduler" -> table(html, "Scheduler", (Map<?, ?>) ((Map<?, ?>) SchedulerResource
            .scheduler(req).get("scheduler")).get("schedulerInfo"));
        default -> throw WebError.notFound("No page at " + req.getRequestURI());
      }
    } catch (WebError e) {
      status = e.status();
      html.append("<p>").append(Web.html(e.getMessage())).append("</p>");
    }
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    PrintWriter out = resp.getWriter();
    out.println("<!DOCTYPE html><html><head><title>Spindle ResourceManager</title></head><body>");
    out.println("<p><a href=\"/cluster\">Cluster</a> | <a href=\"/cluster/cluster\">About</a>"
        + " | <a href=\"/cluster/apps\">Applications</a> | <a href=\"/cluster/nodes\">Nodes</a>"
        + " | <a href=\"/cluster/scheduler\">Scheduler</a></p>");
    out.println(html);
    out.println("</body></html>");
  }

  private static void table(StringBuilder html, String title, Map<?, ?> fields) {
    html.append("<h2>").append(Web.html(title)).append("</h2><table>");
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      html.append("<tr><th>").append(Web.html(e.getKey())).append("</th><td>")
          .append(value(e.getKey(), e.getValue())).append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void list(StringBuilder html, String title, Object body, String root,
      String item) {
    html.append("<h2>").append(Web.html(title)).append("</h2>");
    Object rows = ((Map<?, ?>) ((Map<?, ?>) body).get(root)).get(item);
    if (!(rows instanceof List<?> list) || list.isEmpty()) {
      html.append("<p>None.</p>");
      return;
    }
    List<?> columns = List.copyOf(((Map<?, ?>) list.get(0)).keySet());
    html.append("<table border=\"1\"><tr>");
    for (Object c : columns) {
      html.append("<th>").append(Web.html(c)).append("</th>");
    }
    html.append("</tr>");
    for (Object row : list) {
      html.append("<tr>");
      for (Object c : columns) {
        Object v = ((Map<?, ?>) row).get(c);
        if (c.equals("id") && item.equals("app")) {
          html.append("<td><a href=\"/cluster/app/").append(Web.html(v)).append("\">")
              .append(Web.html(v)).append("</a></td>");
        } else {
          html.append("<td>").append(v == null ? "" : value(c, v)).append("</td>");
        }
      }
      html.append("</tr>");
    }
    html.append("</table>");
  }

  /** A cell: links stay links (escaped), nested objects print as their JSON text. */
  private static String value(Object key, Object v) {
    String s = v instanceof Map<?, ?> || v instanceof List<?> ? json(v) : String.valueOf(v);
    if (s.startsWith("http://") || s.startsWith("https://")) {
      return "<a href=\"" + Web.html(s) + "\">" + Web.html(s) + "</a>";
    }
    return Web.html(s);
  }

  private static String json(Object v) {
    try {
      return Web.JSON.writeValueAsString(v);
    } catch (IOException e) {
      return String.valueOf(v);
    }
  }
}
