package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationAttemptsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationReportRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerReportRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainersRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;

/**
 * /cluster/app/{id}: one application — its facts, its diagnostics (for an app that waits,
 * the RM's reason), its attempts and its containers with links to their logs. This is also
 * the tracking URL of apps whose AM gave none.
 */
final class AppPage implements Page {

  @Override
  public String name() {
    return "app";
  }

  @Override
  public String navLabel() {
    return null;
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (args.size() != 1) {
      throw PageError.notFound("No application given");
    }
    ApplicationId id;
    try {
      id = ApplicationId.fromString(args.get(0));
    } catch (IllegalArgumentException e) {
      throw PageError.badRequest("Not an application id: " + args.get(0));
    }
    ActiveRm rm = req.rm();
    ApplicationClientProtocol client = rm.client();
    ApplicationReport app = req.asCaller(() -> client.getApplicationReport(
        GetApplicationReportRequest.newInstance(id)).getApplicationReport());
    List<ApplicationAttemptReport> attempts = new ArrayList<>(req.asCaller(() -> client
        .getApplicationAttempts(GetApplicationAttemptsRequest.newInstance(id))
        .getApplicationAttemptList()));
    attempts.sort(Comparator.comparing(ApplicationAttemptReport::getApplicationAttemptId));
    Map<ContainerId, ContainerReport> containers = containers(req, client, attempts);
    ContainerLogLinks logs = ContainerLogLinks.of(app, req.conf());

    StringBuilder b = new StringBuilder();
    b.append(facts(app).render());
    b.append("<h2>").append(waiting(app) ? "Why it waits" : "Diagnostics").append("</h2>");
    String diagnostics = app.getDiagnostics();
    b.append(diagnostics == null || diagnostics.isBlank()
        ? "<p class=\"empty\" id=\"diagnostics\">No diagnostics.</p>"
        : "<div class=\"diagnostics\" id=\"diagnostics\">" + Html.esc(diagnostics) + "</div>");
    b.append(waitingAsks(req, rm, id));
    b.append("<h2>Attempts</h2>").append(attempts(attempts, containers, logs));
    b.append("<h2>Containers</h2>").append(containers(containers.values(), logs));
    return new Rendered("Application " + id, b.toString());
  }

  /**
   * The app's outstanding asks, one row each with the latest reason the scheduler did not
   * place it; nothing when it waits for nothing or the caller may not view it.
   */
  private static String waitingAsks(UiRequest req, ActiveRm rm, ApplicationId id) {
    dev.spindle.rm.core.AppExplanation why;
    try {
      String user = req.user();
      why = rm.explain(id, user);
    } catch (Exception e) {
      return "";
    }
    if (why.finished() || why.asks().isEmpty()) {
      return "";
    }
    Table t = new Table("waiting-asks").num("Priority").num("Request id").col("Where")
        .num("Containers").col("Size").col("Why it waits").col("Since");
    for (dev.spindle.scheduler.AskExplanation a : why.asks()) {
      t.row(a.priority() + "/" + a.allocationRequestId() + "/" + a.resourceName()
              + (a.offer() ? "/offers" : ""))
          .sorted(a.priority(), a.priority())
          .sorted(a.allocationRequestId(), a.allocationRequestId())
          .text(a.offer() ? "offers" : a.resourceName())
          .sorted(a.count(), a.count())
          .text(Html.mb(a.capability().memoryMb()) + ", " + a.capability().vcores() + " vCores")
          .text(a.words())
          .text(a.since() < 0 ? "" : Html.time(a.since()));
    }
    return "<h2>Waiting asks</h2>" + t.render();
  }

  /** Whether the app has not got its AM running yet (its diagnostics say why). */
  private static boolean waiting(ApplicationReport a) {
    return switch (a.getYarnApplicationState()) {
      case NEW, NEW_SAVING, SUBMITTED, ACCEPTED -> true;
      default -> false;
    };
  }

  private static Facts facts(ApplicationReport a) {
    ApplicationResourceUsageReport u = a.getApplicationResourceUsageReport();
    boolean done = a.getFinishTime() > 0;
    long end = done ? a.getFinishTime() : System.currentTimeMillis();
    String s = a.getYarnApplicationState().name();
    Facts f = new Facts("app")
        .add("Name", a.getName())
        .add("User", a.getUser())
        .addHtml("Queue", Html.link("/cluster/scheduler", a.getQueue()))
        .add("Type", a.getApplicationType())
        .add("Tags", String.join(", ", a.getApplicationTags()))
        .add("Priority", a.getPriority() == null ? "" : a.getPriority().getPriority())
        .addHtml("State", "<span class=\"state-" + s + "\">" + s + "</span>")
        .add("Final status", a.getFinalApplicationStatus())
        .add("Progress", Html.percent(done ? 1f : a.getProgress()))
        .add("Started", Html.time(a.getStartTime()))
        .add("Launched", Html.time(a.getLaunchTime()))
        .add("Finished", Html.time(a.getFinishTime()))
        .add("Elapsed", Html.duration(a.getStartTime() > 0 ? end - a.getStartTime() : -1));
    String url = a.getTrackingUrl();
    if (url != null && !url.isEmpty() && !"N/A".equals(url)) {
      String full = url.contains("://") ? url : "http://" + url;
      f.addHtml("Tracking URL", Html.link(full, full));
    }
    if (u != null && u.getNumUsedContainers() >= 0) {
      if (!done && u.getUsedResources() != null) {
        f.add("Allocated", Html.mb(u.getUsedResources().getMemorySize()) + ", "
            + u.getUsedResources().getVirtualCores() + " vCores in "
            + u.getNumUsedContainers() + " containers");
      }
      f.add("Aggregate usage", u.getMemorySeconds() + " MB-seconds, " + u.getVcoreSeconds()
          + " vCore-seconds");
    }
    return f.add("Log aggregation", a.getLogAggregationStatus() == null ? "DISABLED"
        : a.getLogAggregationStatus())
        .add("Unmanaged AM", a.isUnmanagedApp() ? "yes" : "no");
  }

  /**
   * Every attempt's containers the RM still knows, plus each attempt's AM container when the
   * attempt's list no longer holds it; attempts the caller cannot read are skipped.
   */
  private static Map<ContainerId, ContainerReport> containers(UiRequest req,
      ApplicationClientProtocol client, List<ApplicationAttemptReport> attempts) {
    Map<ContainerId, ContainerReport> out = new LinkedHashMap<>();
    for (ApplicationAttemptReport a : attempts) {
      try {
        for (ContainerReport c : req.asCaller(() -> client.getContainers(
            GetContainersRequest.newInstance(a.getApplicationAttemptId())).getContainerList())) {
          out.put(c.getContainerId(), c);
        }
        ContainerId am = a.getAMContainerId();
        if (am != null && !out.containsKey(am)) {
          out.put(am, req.asCaller(() -> client.getContainerReport(
              GetContainerReportRequest.newInstance(am)).getContainerReport()));
        }
      } catch (PageError e) {
        // Gone from the RM (an old attempt): the attempt row still names its AM container.
      }
    }
    return out;
  }

  private static String attempts(List<ApplicationAttemptReport> attempts,
      Map<ContainerId, ContainerReport> containers, ContainerLogLinks logs) {
    Table t = new Table("attempts").num("Attempt").col("State").num("Started")
        .num("Finished").col("AM container").col("Node").col("Logs").col("Diagnostics")
        .whenEmpty("No attempts yet.");
    for (ApplicationAttemptReport a : attempts) {
      ContainerReport am = a.getAMContainerId() == null ? null
          : containers.get(a.getAMContainerId());
      String log = a.getAMContainerId() == null ? null : logs.url(a.getAMContainerId(), am);
      t.row(a.getApplicationAttemptId().toString())
          .sorted(a.getApplicationAttemptId(), a.getApplicationAttemptId().getAttemptId())
          .text(a.getYarnApplicationAttemptState())
          .sorted(Html.time(a.getStartTime()), a.getStartTime())
          .sorted(Html.time(a.getFinishTime()), a.getFinishTime())
          .text(a.getAMContainerId() == null ? "" : a.getAMContainerId())
          .text(am == null || am.getAssignedNode() == null ? a.getHost()
              : am.getAssignedNode())
          .html(log == null ? "" : Html.link(log, "Logs"), "")
          .text(a.getDiagnostics());
    }
    return t.render();
  }

  private static String containers(Iterable<ContainerReport> containers,
      ContainerLogLinks logs) {
    Table t = new Table("containers").col("Container").col("State").col("Node")
        .num("Memory").num("vCores").num("Priority").num("Started").num("Finished")
        .num("Exit status").col("Logs").col("Diagnostics")
        .whenEmpty("No containers the RM still knows of.");
    for (ContainerReport c : containers) {
      String log = logs.url(c.getContainerId(), c);
      long mb = c.getAllocatedResource() == null ? 0 : c.getAllocatedResource().getMemorySize();
      int cores = c.getAllocatedResource() == null ? 0
          : c.getAllocatedResource().getVirtualCores();
      String node = c.getAssignedNode() == null ? "" : c.getAssignedNode().toString();
      String http = c.getNodeHttpAddress();
      t.row(c.getContainerId().toString()).text(c.getContainerId())
          .text(c.getContainerState())
          .html(http == null || http.isEmpty() ? Html.esc(node)
              : Html.link(http.contains("://") ? http : "http://" + http, node), node)
          .sorted(Html.mb(mb), mb).sorted(cores, cores)
          .sorted(c.getPriority() == null ? "" : c.getPriority().getPriority(),
              c.getPriority() == null ? 0 : c.getPriority().getPriority())
          .sorted(Html.time(c.getCreationTime()), c.getCreationTime())
          .sorted(Html.time(c.getFinishTime()), c.getFinishTime())
          .sorted(c.getFinishTime() > 0 ? String.valueOf(c.getContainerExitStatus()) : "",
              c.getContainerExitStatus())
          .html(log == null ? "" : Html.link(log, "Logs"), "")
          .text(c.getDiagnosticsInfo());
    }
    return t.render();
  }
}
