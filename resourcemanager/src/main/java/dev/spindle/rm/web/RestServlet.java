package dev.spindle.rm.web;

import java.io.IOException;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The REST API under /ws/v1/cluster (yarn-compat 9): routes each path to its area and writes
 * JSON (also for Accept: application/xml; XML is not built). Errors carry the stock
 * RemoteException body.
 */
public final class RestServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] p = parts(req);
    try {
      Object body = switch (p.length == 0 ? "" : p[0]) {
        case "", "info" -> p.length <= 1 ? ClusterInfoResource.info(req) : null;
        case "metrics" -> p.length == 1 ? ClusterInfoResource.metrics(req) : null;
        case "scheduler" -> scheduler(req, p);
        case "apps" -> AppsResource.get(req, p);
        case "nodes" -> NodesResource.get(req, p);
        case "frameworks" -> p.length == 1 ? OffersResource.frameworks(req) : null;
        case "offers" -> p.length == 1 ? OffersResource.offers(req) : null;
        default -> null;
      };
      if (body == null) {
        noResource(req, resp);
        return;
      }
      Web.write(req, resp, 200, (Map<?, ?>) body);
    } catch (WebError e) {
      Web.writeError(req, resp, e);
    }
  }

  @Override
  protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] p = parts(req);
    try {
      if (p.length == 3 && p[0].equals("apps") && p[2].equals("state")) {
        AppsResource.putState(req, resp, p[1]);
        return;
      }
      noResource(req, resp);
    } catch (WebError e) {
      Web.writeError(req, resp, e);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] p = parts(req);
    boolean newApp = p.length == 2 && p[0].equals("apps") && p[1].equals("new-application");
    boolean submit = p.length == 1 && p[0].equals("apps");
    boolean queueCheck = p.length == 2 && p[0].equals("scheduler") && p[1].equals("check");
    try {
      if (queueCheck) {
        Web.write(req, resp, 200, QueueCheckResource.check(req));
      } else if (!newApp && !submit) {
        noResource(req, resp);
      } else if (SubmitResource.enabled(req, resp)) {
        if (newApp) {
          Web.write(req, resp, 200, SubmitResource.newApplication(req));
        } else {
          SubmitResource.submit(req, resp);
        }
      }
    } catch (WebError e) {
      Web.writeError(req, resp, e);
    }
  }

  /** /scheduler, its activities and an application's activities (why asks wait). */
  private static Map<String, Object> scheduler(HttpServletRequest req, String[] p)
      throws WebError {
    if (p.length == 1) {
      return SchedulerResource.scheduler(req);
    }
    if (p.length == 2 && p[1].equals("activities")) {
      return ActivitiesResource.activities(req);
    }
    if (p.length == 3 && p[1].equals("app-activities")) {
      return ActivitiesResource.appActivities(req, p[2]);
    }
    return null;
  }

  /** No such resource: Jersey's own 404 body, not a RemoteException (as stock). */
  private static void noResource(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Map<String, Object> body = Web.obj();
    body.put("servlet", RestServlet.class.getName());
    body.put("message", "Not Found");
    body.put("url", req.getRequestURI());
    body.put("status", "404");
    Web.write(req, resp, 404, body);
  }

  /** The path below /ws/v1/cluster, split on "/", empty segments dropped. */
  private static String[] parts(HttpServletRequest req) {
    String info = req.getPathInfo();
    if (info == null) {
      return new String[0];
    }
    return java.util.Arrays.stream(info.split("/")).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

}
