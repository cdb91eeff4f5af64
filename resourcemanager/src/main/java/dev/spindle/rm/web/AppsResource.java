package dev.spindle.rm.web;

import dev.spindle.rm.core.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationAttemptsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationReportRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.KillApplicationRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/** /ws/v1/cluster/apps, /apps/{id}, /apps/{id}/appattempts and GET/PUT /apps/{id}/state. */
final class AppsResource {

  private AppsResource() {}

  static Object get(HttpServletRequest req, String[] p) throws WebError {
    if (p.length == 1) {
      return apps(req);
    }
    ApplicationId id = parseId(p[1]);
    if (p.length == 2) {
      ActiveRm rm = Web.active(req.getServletContext());
      ApplicationReport r = report(req, rm, id);
      return Web.wrap("app", AppJson.app(r, Web.asCaller(req, () -> AppJson.amContainer(
          rm.client(), AppJson.amContainerId(rm.client(), r.getCurrentApplicationAttemptId()))),
          AppJson.usages(rm, List.of(r)).get(id), Web.webBase(req.getServletContext())));
    }
    if (p.length == 3 && p[2].equals("appattempts")) {
      return attempts(req, id);
    }
    if (p.length == 3 && p[2].equals("state")) {
      ActiveRm rm = Web.active(req.getServletContext());
      report(req, rm, id);
      return state(rm, id);
    }
    return null;
  }

  /** Stock WebAppUtils.parseApplicationId: malformed → 400 with the parse failure. */
  static ApplicationId parseId(String text) throws WebError {
    try {
      return ApplicationId.fromString(text);
    } catch (RuntimeException e) {
      throw WebError.badRequest(e.getMessage());
    }
  }

  private static ApplicationReport report(HttpServletRequest req, ActiveRm rm, ApplicationId id)
      throws WebError {
    try {
      return Web.asCaller(req, () -> rm.client().getApplicationReport(
          GetApplicationReportRequest.newInstance(id)).getApplicationReport());
    } catch (WebError e) {
      if (e.status() == 404) {
        throw WebError.notFound("app with id: " + id + " not found");
      }
      throw e;
    }
  }

  private static Map<String, Object> state(ActiveRm rm, ApplicationId id) throws WebError {
    try {
      // Unwrapped, as stock renders AppState (no root element).
      return Map.of("state", rm.internalState(id));
    } catch (Exception e) {
      throw WebError.of(e);
    }
  }

  private static Object apps(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    GetApplicationsRequest q = AppQuery.from(req);
    Set<FinalApplicationStatus> finals = AppQuery.finalStatus(req);
    List<ApplicationReport> reports = Web.asCaller(req,
        () -> rm.client().getApplications(q).getApplicationList());
    List<ApplicationReport> shown = new ArrayList<>();
    for (ApplicationReport r : reports) {
      if (finals == null || finals.contains(r.getFinalApplicationStatus())) {
        shown.add(r);
      }
    }
    Map<ApplicationAttemptId, ContainerReport> amContainers = AppJson.amContainers(rm, shown);
    Map<ApplicationId, Usage> usages = AppJson.usages(rm, shown);
    List<Object> out = new ArrayList<>();
    for (ApplicationReport r : shown) {
      out.add(AppJson.app(r, amContainers.get(r.getCurrentApplicationAttemptId()),
          usages.get(r.getApplicationId()), Web.webBase(req.getServletContext())));
    }
    return AppJson.list("apps", "app", out);
  }

  private static Object attempts(HttpServletRequest req, ApplicationId id) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    ApplicationReport app = report(req, rm, id);
    ApplicationClientProtocol client = rm.client();
    List<ApplicationAttemptReport> reports = Web.asCaller(req, () -> client
        .getApplicationAttempts(GetApplicationAttemptsRequest.newInstance(id))
        .getApplicationAttemptList());
    List<Object> out = new ArrayList<>();
    for (ApplicationAttemptReport a : reports) {
      out.add(AppJson.attempt(a, Web.asCaller(req,
          () -> AppJson.amContainer(client, a.getAMContainerId())), app.getUser()));
    }
    return AppJson.list("appAttempts", "appAttempt", out);
  }

  /**
   * PUT /apps/{id}/state {"state":"KILLED"}: 200 with the state once the kill is done, 202
   * with Location (this URL, to poll) while it is in progress (stock RMWebServices).
   */
  static void putState(HttpServletRequest req, HttpServletResponse resp, String idText)
      throws WebError, IOException {
    ApplicationId id = parseId(idText);
    try {
      putState(req, resp, id);
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw WebError.of(e);
    }
  }

  private static void putState(HttpServletRequest req, HttpServletResponse resp,
      ApplicationId id) throws WebError, IOException, org.apache.hadoop.yarn.exceptions.YarnException {
    ActiveRm rm = Web.active(req.getServletContext());
    Map<?, ?> body = stateBody(req);
    Object target = body.get("state");
    report(req, rm, id);
    String current = rm.internalState(id);
    if (current.equals(target) || "KILLED".equals(target) && current.equals("KILLED")) {
      // Stock answers 200 with the state when the target is already the current state.
      Web.write(req, resp, 200, Map.of("state", current));
      return;
    }
    if (!"KILLED".equals(target)) {
      throw WebError.badRequest("Only 'KILLED' is allowed as a target state.");
    }
    KillApplicationRequest kill = KillApplicationRequest.newInstance(id);
    if (body.get("diagnostics") instanceof String d) {
      kill.setDiagnostics(d);
    }
    boolean done = Web.asWriter(req,
        () -> rm.client().forceKillApplication(kill).getIsKillCompleted());
    if (done) {
      Web.write(req, resp, 200, state(rm, id));
    } else {
      // Stock reports KILLING while the kill is under way.
      resp.setHeader("Location", req.getRequestURL().toString());
      Web.write(req, resp, 202, Map.of("state", "KILLING"));
    }
  }

  /** The PUT body, JSON {"state":..} (or wrapped in "appstate") or XML &lt;appstate&gt;. */
  private static Map<?, ?> stateBody(HttpServletRequest req) throws WebError {
    try {
      byte[] raw = req.getInputStream().readAllBytes();
      String type = req.getContentType();
      if (type != null && type.contains("xml")) {
        Map<String, Object> m = Web.obj();
        m.put("state", Xml.text(raw, "state"));
        m.put("diagnostics", Xml.text(raw, "diagnostics"));
        return m;
      }
      Map<?, ?> body = Web.JSON.readValue(raw, Map.class);
      return body.get("appstate") instanceof Map<?, ?> inner ? inner : body;
    } catch (Exception e) {
      throw WebError.badRequest("Could not parse the request body: " + e.getMessage());
    }
  }

  static Set<String> commaList(HttpServletRequest req, String name) {
    String[] values = req.getParameterValues(name);
    if (values == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (!part.trim().isEmpty()) {
          out.add(part.trim());
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  static EnumSet<YarnApplicationState> states(Set<String> names) throws WebError {
    EnumSet<YarnApplicationState> out = EnumSet.noneOf(YarnApplicationState.class);
    for (String n : names) {
      try {
        out.add(YarnApplicationState.valueOf(n.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw WebError.badRequest("Invalid application-state " + n + " specified. It should be"
            + " one of " + java.util.Arrays.toString(YarnApplicationState.values()));
      }
    }
    return out;
  }
}
