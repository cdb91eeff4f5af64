package dev.spindle.rm.web;

import dev.spindle.rm.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationAttemptReportRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerReportRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/** AppInfo and AppAttemptInfo bodies (stock dao.AppInfo / AppAttemptInfo field names). */
final class AppJson {

  private AppJson() {}

  /** The AM container's report, or null when there is none (yet) or it is gone. */
  static ContainerReport amContainer(ApplicationClientProtocol client, ContainerId id) {
    if (id == null) {
      return null;
    }
    try {
      return client.getContainerReport(GetContainerReportRequest.newInstance(id))
          .getContainerReport();
    } catch (Exception e) {
      return null;
    }
  }

  static ContainerId amContainerId(ApplicationClientProtocol client, ApplicationAttemptId id) {
    if (id == null) {
      return null;
    }
    try {
      return client.getApplicationAttemptReport(
          GetApplicationAttemptReportRequest.newInstance(id))
          .getApplicationAttemptReport().getAMContainerId();
    } catch (Exception e) {
      return null;
    }
  }

  /** The AM container of each app's current attempt, where it has one (one loop call). */
  static Map<ApplicationAttemptId, ContainerReport> amContainers(ActiveRm rm,
      List<ApplicationReport> apps) throws WebError {
    List<ApplicationAttemptId> attempts = new ArrayList<>();
    for (ApplicationReport a : apps) {
      if (a.getCurrentApplicationAttemptId() != null) {
        attempts.add(a.getCurrentApplicationAttemptId());
      }
    }
    try {
      return rm.amContainers(attempts);
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw WebError.of(e);
    }
  }

  static boolean isFinal(YarnApplicationState s) {
    return s == YarnApplicationState.FINISHED || s == YarnApplicationState.FAILED
        || s == YarnApplicationState.KILLED;
  }

  static String withScheme(String url) {
    return url.contains("://") ? url : "http://" + url;
  }

  /**
   * An AppInfo body.
   *
   * @param webBase http://host:port of this RM's web server, for /cluster/app links
   */
  /** The usage of each listed app the caller may see in full (redacted ones show -1 usage). */
  static Map<ApplicationId, Usage> usages(ActiveRm rm, List<ApplicationReport> apps)
      throws WebError {
    List<ApplicationId> ids = new ArrayList<>();
    for (ApplicationReport a : apps) {
      var u = a.getApplicationResourceUsageReport();
      if (u != null && u.getNumUsedContainers() >= 0) {
        ids.add(a.getApplicationId());
      }
    }
    try {
      return ids.isEmpty() ? Map.of() : rm.usages(ids);
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw WebError.of(e);
    }
  }

  static Map<String, Object> app(ApplicationReport r, ContainerReport am, Usage usage,
      String webBase) {
    Map<String, Object> m = Web.obj();
    m.put("id", r.getApplicationId().toString());
    m.put("user", r.getUser());
    m.put("name", r.getName());
    m.put("queue", r.getQueue());
    m.put("state", r.getYarnApplicationState().name());
    m.put("finalStatus", r.getFinalApplicationStatus().name());
    boolean done = isFinal(r.getYarnApplicationState());
    m.put("progress", done ? 100f : r.getProgress() * 100f);
    // Stock AppInfo: no tracking URL before the AM runs; a finished app without an AM URL
    // points at its /cluster/app page.
    String url = r.getTrackingUrl();
    boolean running = r.getYarnApplicationState() == YarnApplicationState.RUNNING;
    boolean hasUrl = url != null && !url.isEmpty() && !"N/A".equals(url);
    if (done) {
      m.put("trackingUI", "History");
      String original = r.getOriginalTrackingUrl();
      boolean amUrl = original != null && !original.isEmpty() && !"N/A".equals(original);
      m.put("trackingUrl", amUrl && hasUrl ? withScheme(url)
          : webBase + "/cluster/app/" + r.getApplicationId());
    } else if (running && hasUrl) {
      m.put("trackingUI", "ApplicationMaster");
      m.put("trackingUrl", withScheme(url));
    } else {
      m.put("trackingUI", "UNASSIGNED");
    }
    m.put("diagnostics", r.getDiagnostics() == null ? "" : r.getDiagnostics());
    m.put("clusterId", r.getApplicationId().getClusterTimestamp());
    m.put("applicationType", r.getApplicationType());
    m.put("applicationTags", String.join(",", r.getApplicationTags()));
    m.put("priority", r.getPriority() == null ? 0 : r.getPriority().getPriority());
    m.put("startedTime", r.getStartTime());
    m.put("launchTime", r.getLaunchTime());
    m.put("finishedTime", r.getFinishTime());
    long end = r.getFinishTime() > 0 ? r.getFinishTime() : System.currentTimeMillis();
    m.put("elapsedTime", r.getStartTime() > 0 ? end - r.getStartTime() : 0);
    if (am != null) {
      String http = am.getNodeHttpAddress();
      m.put("amContainerLogs", logs(am, r.getUser()));
      m.put("amHostHttpAddress", strip(http));
      m.put("masterNodeId", am.getAssignedNode() == null ? null : am.getAssignedNode().toString());
    }
    if (r.getHost() != null && !"N/A".equals(r.getHost())) {
      m.put("amRPCAddress", r.getHost() + ":" + r.getRpcPort());
    }
    usage(m, r.getApplicationResourceUsageReport(), done, usage);
    m.put("logAggregationStatus",
        r.getLogAggregationStatus() == null ? "DISABLED" : r.getLogAggregationStatus().name());
    m.put("unmanagedApplication", r.isUnmanagedApp());
    m.put("appNodeLabelExpression", r.getAppNodeLabelExpression());
    m.put("amNodeLabelExpression",
        r.getAmNodeLabelExpression() == null ? "" : r.getAmNodeLabelExpression());
    m.put("timeouts", timeouts(r));
    return m;
  }

  /** Resource usage; a finished app's current figures are -1, as stock renders them. */
  private static void usage(Map<String, Object> m, ApplicationResourceUsageReport u,
      boolean done, Usage lost) {
    Resource used = u == null || done ? null : u.getUsedResources();
    Resource reserved = u == null || done ? null : u.getReservedResources();
    m.put("allocatedMB", used == null ? -1 : used.getMemorySize());
    m.put("allocatedVCores", used == null ? -1 : used.getVirtualCores());
    m.put("reservedMB", reserved == null ? -1 : reserved.getMemorySize());
    m.put("reservedVCores", reserved == null ? -1 : reserved.getVirtualCores());
    m.put("runningContainers", u == null || done ? -1 : u.getNumUsedContainers());
    m.put("memorySeconds", u == null ? 0 : u.getMemorySeconds());
    m.put("vcoreSeconds", u == null ? 0 : u.getVcoreSeconds());
    m.put("queueUsagePercentage", u == null ? 0f : u.getQueueUsagePercentage());
    m.put("clusterUsagePercentage", u == null ? 0f : u.getClusterUsagePercentage());
    List<Object> seconds = new ArrayList<>();
    if (u != null && u.getResourceSecondsMap() != null
        && !u.getResourceSecondsMap().isEmpty()) {
      u.getResourceSecondsMap().forEach((k, v) -> seconds.add(entry(k, v)));
    } else {
      seconds.add(entry("memory-mb", 0));
      seconds.add(entry("vcores", 0));
    }
    m.put("resourceSecondsMap", Web.wrap("entry", seconds));
    m.put("preemptedResourceMB", lost == null ? 0L : lost.preemptedMemoryMb());
    m.put("preemptedResourceVCores", lost == null ? 0L : lost.preemptedVcores());
    m.put("numNonAMContainerPreempted", lost == null ? 0 : lost.preemptedNonAm());
    m.put("numAMContainerPreempted", lost == null ? 0 : lost.preemptedAm());
    m.put("preemptedMemorySeconds", u == null ? 0 : u.getPreemptedMemorySeconds());
    m.put("preemptedVcoreSeconds", u == null ? 0 : u.getPreemptedVcoreSeconds());
  }

  static Map<String, Object> attempt(ApplicationAttemptReport a, ContainerReport am,
      String user) {
    Map<String, Object> m = Web.obj();
    m.put("id", a.getApplicationAttemptId().getAttemptId());
    m.put("startTime", a.getStartTime());
    m.put("finishedTime", a.getFinishTime());
    if (a.getAMContainerId() != null) {
      m.put("containerId", a.getAMContainerId().toString());
    }
    if (am != null) {
      String http = am.getNodeHttpAddress();
      m.put("nodeHttpAddress", strip(http));
      m.put("nodeId", am.getAssignedNode() == null ? null : am.getAssignedNode().toString());
      m.put("logsLink", logs(am, user));
    }
    m.put("blacklistedNodes", "");
    m.put("nodesBlacklistedBySystem", "");
    m.put("appAttemptId", a.getApplicationAttemptId().toString());
    // Stock AppAttemptInfo renders an unset field as the string "null".
    m.put("exportPorts", "null");
    m.put("appAttemptState", a.getYarnApplicationAttemptState().name());
    return m;
  }

  private static Map<String, Object> entry(String key, Object value) {
    Map<String, Object> m = Web.obj();
    m.put("key", key);
    m.put("value", value);
    return m;
  }

  /** The app's timeouts; none set renders as LIFETIME UNLIMITED, as on stock. */
  private static Map<String, Object> timeouts(ApplicationReport r) {
    List<Object> out = new java.util.ArrayList<>();
    var given = r.getApplicationTimeouts();
    if (given == null || given.isEmpty()) {
      out.add(timeout("LIFETIME", "UNLIMITED", -1));
    } else {
      for (var t : given.values()) {
        out.add(timeout(t.getTimeoutType().name(), t.getExpiryTime(),
            t.getRemainingTime()));
      }
    }
    return Web.wrap("timeout", out);
  }

  private static Map<String, Object> timeout(String type, String expiry, long remaining) {
    Map<String, Object> t = Web.obj();
    t.put("type", type);
    t.put("expiryTime", expiry);
    t.put("remainingTimeInSeconds", remaining);
    return t;
  }

  /** A list body as stock renders it: {root: {item: [...]}}, {root: {}} when empty. */
  static Map<String, Object> list(String root, String item, List<?> values) {
    return Web.wrap(root, values.isEmpty() ? Web.obj() : Web.wrap(item, values));
  }

  /** The NM's running-log URL of a container (stock WebAppUtils.getRunningLogURL). */
  static String logs(ContainerReport c, String user) {
    String http = strip(c.getNodeHttpAddress());
    return "http://" + (http == null ? "" : http) + "/node/containerlogs/" + c.getContainerId()
        + "/" + user;
  }

  /** host:port without a scheme (container reports may carry one). */
  static String strip(String http) {
    if (http == null) {
      return null;
    }
    int i = http.indexOf("://");
    return i < 0 ? http : http.substring(i + 3);
  }
}
