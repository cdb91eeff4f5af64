package dev.spindle.rm.web;

import dev.spindle.rm.core.AppExplanation;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.AskExplanation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;

/**
 * /ws/v1/cluster/scheduler/activities and /scheduler/app-activities/{appid} in the stock
 * shapes (ActivitiesInfo, AppActivitiesInfo and their dao children), for every policy and
 * offer frameworks. Stock records the next scheduling attempts and shows them on a later
 * call; Spindle keeps the latest reason of every waiting ask all the time, so the answer is
 * immediate: one allocation entry, state SKIPPED, whose children are the waiting requests
 * with the reason in {@code diagnostic}. Spindle's own fields (reason, since, count,
 * capability, resourceName) come after the stock ones.
 */
final class ActivitiesResource {

  private static final String SKIPPED = "SKIPPED";

  private ActivitiesResource() {}

  /** GET /scheduler/activities[?nodeId=host[:port]][&groupBy=diagnostic]. */
  static Map<String, Object> activities(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    String nodeId = req.getParameter("nodeId");
    Map<String, Object> info = Web.obj();
    info.put("nodeId", nodeId);
    String badGroupBy = badGroupBy(req);
    if (badGroupBy != null) {
      info.put("diagnostic", badGroupBy);
      return Web.wrap("activities", info);
    }
    List<NodeReport> nodes = Web.asCaller(req, () -> rm.client().getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.allOf(NodeState.class))).getNodeReports());
    String error = null;
    if (nodes.isEmpty()) {
      error = "No node manager running in the cluster";
    } else if (nodeId != null) {
      String resolved = resolveNode(nodes, nodeId);
      if (resolved == null) {
        error = "Cannot find node manager with given node id";
      }
      info.put("nodeId", resolved == null ? nodeId : resolved);
    }
    if (error != null) {
      info.put("diagnostic", error);
      return Web.wrap("activities", info);
    }
    String user = Web.caller(req);
    List<AppExplanation> waiting = call(() -> rm.explainWaiting(user));
    long now = waiting.isEmpty() ? System.currentTimeMillis() : waiting.get(0).asOf();
    info.put("timestamp", now);
    info.put("dateTime", new Date(now).toString());
    if (waiting.isEmpty()) {
      info.put("diagnostic", "no application is waiting for resources");
      return Web.wrap("activities", info);
    }
    Map<String, List<Object>> byQueue = new LinkedHashMap<>();
    for (AppExplanation app : waiting) {
      byQueue.computeIfAbsent(app.queue(), q -> new ArrayList<>()).add(appNode(app));
    }
    List<Object> queues = new ArrayList<>();
    byQueue.forEach((queue, apps) -> {
      Map<String, Object> q = Web.obj();
      q.put("name", queue);
      q.put("allocationState", SKIPPED);
      q.put("children", apps);
      queues.add(q);
    });
    Map<String, Object> root = Web.obj();
    root.put("name", "root");
    root.put("allocationState", SKIPPED);
    root.put("children", queues);
    Map<String, Object> allocation = Web.obj();
    allocation.put("partition", "");
    allocation.put("finalAllocationState", SKIPPED);
    allocation.put("root", root);
    info.put("allocations", List.of(allocation));
    return Web.wrap("activities", info);
  }

  /** The application as an activity node under its queue, its requests below it. */
  private static Map<String, Object> appNode(AppExplanation app) {
    Map<String, Object> m = Web.obj();
    m.put("name", app.id().toString());
    m.put("appPriority", app.priority());
    m.put("allocationState", SKIPPED);
    m.put("diagnostic", app.asks().get(0).words());
    List<Object> requests = new ArrayList<>();
    for (List<AskExplanation> group : groups(app.asks())) {
      AskExplanation any = group.get(group.size() - 1);
      Map<String, Object> r = Web.obj();
      r.put("name", any.offer() ? "offers" : "request_" + any.priority() + "_"
          + any.allocationRequestId());
      r.put("requestPriority", any.priority());
      r.put("allocationRequestId", any.allocationRequestId());
      r.put("allocationState", SKIPPED);
      r.put("diagnostic", any.words());
      spindleFields(r, any);
      requests.add(r);
    }
    m.put("children", requests);
    return m;
  }

  /** GET /scheduler/app-activities/{appid} with the stock parameters. */
  static Map<String, Object> appActivities(HttpServletRequest req, String appId)
      throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    String badGroupBy = badGroupBy(req);
    if (badGroupBy != null) {
      return appError(badGroupBy, appId);
    }
    Set<String> actions = flat(req, "actions");
    for (String action : actions) {
      if (!action.equalsIgnoreCase("refresh") && !action.equalsIgnoreCase("get")) {
        return appError("Got invalid action: " + action + ", valid actions: [REFRESH, GET]",
            appId);
      }
    }
    Set<Integer> priorities = new HashSet<>();
    Set<Long> requestIds = new HashSet<>();
    try {
      flat(req, "requestPriorities").forEach(p -> priorities.add(Integer.valueOf(p)));
    } catch (NumberFormatException e) {
      return appError("request priorities must be integers!", appId);
    }
    try {
      flat(req, "allocationRequestIds").forEach(p -> requestIds.add(Long.valueOf(p)));
    } catch (NumberFormatException e) {
      return appError("allocation request Ids must be integers!", appId);
    }
    String limit = req.getParameter("limit");
    if (limit != null) {
      try {
        if (Integer.parseInt(limit) <= 0) {
          return appError("limit must be greater than 0!", appId);
        }
      } catch (NumberFormatException e) {
        return appError("limit must be integer!", appId);
      }
    }
    ApplicationId id;
    try {
      id = ApplicationId.fromString(appId);
    } catch (RuntimeException e) {
      return appError("Cannot find application with given appId", appId);
    }
    if (!actions.isEmpty() && actions.stream().noneMatch(a -> a.equalsIgnoreCase("get"))) {
      return appError("Successfully received " + (actions.size() == 1 ? "action: "
          : "actions: ") + String.join(",", actions), appId);
    }
    AppExplanation app;
    try {
      String user = Web.caller(req);
      app = call(() -> rm.explain(id, user));
    } catch (WebError e) {
      if (e.status() == 404) {
        return appError("fail to get application activities after finished", appId);
      }
      throw e;
    }
    if (app.finished()) {
      return appError("fail to get application activities after finished", appId);
    }
    Map<String, Object> info = Web.obj();
    info.put("applicationId", id.toString());
    List<Object> allocations = new ArrayList<>();
    List<Object> requests = new ArrayList<>();
    String first = null;
    for (List<AskExplanation> group : groups(app.asks())) {
      AskExplanation any = group.get(group.size() - 1);
      if (!priorities.isEmpty() && !priorities.contains(any.priority())
          || !requestIds.isEmpty() && !requestIds.contains(any.allocationRequestId())) {
        continue;
      }
      first = first == null ? any.words() : first;
      requests.add(request(group, any));
    }
    if (!requests.isEmpty()) {
      Map<String, Object> a = Web.obj();
      a.put("timestamp", app.asOf());
      a.put("dateTime", new Date(app.asOf()).toString());
      a.put("queueName", app.queue());
      a.put("appPriority", app.priority());
      a.put("allocationState", SKIPPED);
      a.put("diagnostic", first);
      a.put("children", requests);
      allocations.add(a);
    }
    info.put("allocations", allocations);
    return Web.wrap("appActivities", info);
  }

  /** A request (stock AppRequestAllocationInfo), one child per resource name it asks at. */
  private static Map<String, Object> request(List<AskExplanation> group, AskExplanation any) {
    Map<String, Object> r = Web.obj();
    r.put("requestPriority", any.priority());
    r.put("allocationRequestId", any.allocationRequestId());
    r.put("allocationState", SKIPPED);
    r.put("diagnostic", any.words());
    List<Object> children = new ArrayList<>();
    for (AskExplanation ask : group) {
      Map<String, Object> c = Web.obj();
      c.put("name", ask.offer() ? "offers" : ask.resourceName());
      c.put("requestPriority", ask.priority());
      c.put("allocationRequestId", ask.allocationRequestId());
      c.put("allocationState", SKIPPED);
      c.put("diagnostic", ask.words());
      spindleFields(c, ask);
      children.add(c);
    }
    r.put("children", children);
    spindleFields(r, any);
    return r;
  }

  /** What Spindle adds to a stock node: the reason constant, since when, and the ask. */
  private static void spindleFields(Map<String, Object> m, AskExplanation a) {
    m.put("reason", a.reason().name());
    if (a.since() >= 0) {
      m.put("since", a.since());
    }
    m.put("resourceName", a.offer() ? "offers" : a.resourceName());
    m.put("count", a.count());
    Map<String, Object> capability = Web.obj();
    capability.put("memory", a.capability().memoryMb());
    capability.put("vCores", a.capability().vcores());
    m.put("capability", capability);
    m.put("relaxLocality", a.relaxLocality());
  }

  /** Consecutive asks of one (priority, allocationRequestId), the ANY one (or offers) last. */
  static List<List<AskExplanation>> groups(List<AskExplanation> asks) {
    List<List<AskExplanation>> out = new ArrayList<>();
    List<AskExplanation> current = new ArrayList<>();
    for (AskExplanation a : asks) {
      current.add(a);
      if (a.offer() || a.resourceName().equals(Ask.ANY)) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    return out;
  }

  /** Stock AppActivitiesInfo(errorMessage, appId): the message, the id and the time. */
  private static Map<String, Object> appError(String message, String appId) {
    Map<String, Object> info = Web.obj();
    info.put("applicationId", appId);
    info.put("diagnostic", message);
    long now = System.currentTimeMillis();
    info.put("timestamp", now);
    info.put("dateTime", new Date(now).toString());
    return Web.wrap("appActivities", info);
  }

  /** Stock's groupBy check: only DIAGNOSTIC exists (the answer is the same either way). */
  private static String badGroupBy(HttpServletRequest req) {
    String groupBy = req.getParameter("groupBy");
    if (groupBy != null && !groupBy.toUpperCase(Locale.ROOT).equals("DIAGNOSTIC")) {
      return "Got invalid groupBy: " + groupBy + ", valid groupBy types: [DIAGNOSTIC]";
    }
    return null;
  }

  /** host or host:port, as stock matches it, to the node's full id; null when unknown. */
  private static String resolveNode(List<NodeReport> nodes, String nodeId) {
    int colon = nodeId.indexOf(':');
    String host = colon < 0 ? nodeId : nodeId.substring(0, colon);
    String port = colon < 0 ? "" : nodeId.substring(colon + 1);
    for (NodeReport n : nodes) {
      if (n.getNodeId().getHost().equals(host)
          && (port.isEmpty() || String.valueOf(n.getNodeId().getPort()).equals(port))) {
        return n.getNodeId().toString();
      }
    }
    return null;
  }

  /** A repeated, comma-separated query parameter as a set (stock getFlatSet). */
  private static Set<String> flat(HttpServletRequest req, String name) {
    Set<String> out = new java.util.LinkedHashSet<>();
    String[] values = req.getParameterValues(name);
    if (values != null) {
      for (String v : values) {
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .forEach(out::add);
      }
    }
    return out;
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(Call<T> call) throws WebError {
    try {
      return call.run();
    } catch (ApplicationNotFoundException e) {
      throw WebError.notFound(e.getMessage());
    } catch (Exception e) {
      throw WebError.of(e);
    }
  }
}
