package dev.spindle.rm.rpc;

import dev.spindle.rm.core.AppSnapshot;
import dev.spindle.rm.core.AttemptSnapshot;
import dev.spindle.rm.core.ContainerSnapshot;
import dev.spindle.rm.core.NodeCounts;
import dev.spindle.rm.core.NodeSnapshot;
import dev.spindle.rm.core.QueueSnapshot;
import dev.spindle.rm.core.ResourceConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.ApplicationTimeout;
import org.apache.hadoop.yarn.api.records.ApplicationTimeoutType;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.NodeUpdateType;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.QueueState;
import org.apache.hadoop.yarn.api.records.QueueStatistics;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.api.records.YarnClusterMetrics;
import org.apache.hadoop.yarn.util.Records;
import org.apache.hadoop.yarn.util.Times;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * Turns the core's snapshots into the Hadoop report records clients read (yarn-compat 1.4,
 * 1.7, 1.8, 2.8). Runs on RPC threads: building records is kept off the core thread.
 */
public final class ReportRecords {

  private ReportRecords() {}

  public static NodeReport node(NodeSnapshot n) {
    NodeReport r = NodeReport.newInstance(n.id(), n.state(), n.httpAddress(), n.rack(),
        ResourceConverter.toResource(n.used()), ResourceConverter.toResource(n.capability()),
        n.numContainers(), n.healthReport(), n.lastHealthReportTime());
    r.setNodeLabels(new HashSet<>());
    r.setDecommissioningTimeout(n.decommissioningTimeout());
    return r;
  }

  /**
   * The report an AM gets in updated_nodes: the node's report plus what kind of change it is,
   * as the stock RM's DefaultAMSProcessor sends (DECOMMISSIONING, back to usable, unusable).
   */
  public static NodeReport nodeUpdate(NodeSnapshot n) {
    NodeReport r = node(n);
    r.setNodeUpdateType(switch (n.state()) {
      case DECOMMISSIONING -> NodeUpdateType.NODE_DECOMMISSIONING;
      case RUNNING, NEW -> NodeUpdateType.NODE_USABLE;
      default -> NodeUpdateType.NODE_UNUSABLE;
    });
    return r;
  }

  /**
   * The application report; a snapshot without view rights gives the stock redacted one
   * (createAndGetApplicationReport with allowAccess false): usage all -1, no host, URLs,
   * diagnostics or progress, attempt 0. {@code now} counts the lifetime left.
   */
  public static ApplicationReport app(AppSnapshot a, long now) {
    Priority priority = a.priority() == null ? null : Priority.newInstance(a.priority());
    ApplicationResourceUsageReport usage = a.viewable() ? usage(a.resources())
        : ApplicationResourceUsageReport.newInstance(-1, -1, Resource.newInstance(-1, -1),
            Resource.newInstance(-1, -1), Resource.newInstance(-1, -1), new HashMap<>(), 0f,
            0f, new HashMap<>());
    ApplicationReport r = ApplicationReport.newInstance(a.id(), a.attemptId(), a.user(),
        a.queue(), a.name(), a.host(), a.rpcPort(), null, a.state(), a.diagnostics(),
        a.trackingUrl(), a.submitTime(), a.launchTime(), a.finishTime(), a.finalStatus(),
        usage, a.originalUrl(), a.progress(), a.type(), null, new HashSet<>(a.tags()),
        a.unmanaged(), priority, a.nodeLabelExpression(), null);
    r.setSubmitTime(a.submitTime());
    if (a.logAggregation() != null) {
      r.setLogAggregationStatus(a.logAggregation());
    }
    r.setApplicationTimeouts(Map.of(ApplicationTimeoutType.LIFETIME,
        lifetime(a.lifetimeExpiry(), now)));
    if (a.amrmToken() != null) {
      var t = a.amrmToken();
      r.setAMRMToken(Token.newInstance(t.getIdentifier(), t.getKind().toString(),
          t.getPassword(), t.getService().toString()));
    }
    return r;
  }

  private static ApplicationResourceUsageReport usage(AppSnapshot.Resources res) {
    Resource used = ResourceConverter.toResource(res.used());
    Resource pending = ResourceConverter.toResource(res.pending());
    // Needed resources = used + pending, as the stock usage report counts them.
    return ApplicationResourceUsageReport.newInstance(res.containers(), 0, used,
        Resource.newInstance(0, 0), Resources.add(used, pending),
        new HashMap<>(res.usage().resourceSeconds()), res.share(), res.share(),
        new HashMap<>(res.usage().preemptedSeconds()));
  }

  /** The lifetime as stock reports it: UNLIMITED/-1, or the ISO 8601 expiry and seconds left. */
  private static ApplicationTimeout lifetime(long expiry, long now) {
    if (expiry < 0) {
      return ApplicationTimeout.newInstance(ApplicationTimeoutType.LIFETIME, "UNLIMITED", -1);
    }
    return ApplicationTimeout.newInstance(ApplicationTimeoutType.LIFETIME,
        Times.formatISO8601(expiry), Math.max(0, (expiry - now) / 1000));
  }

  public static ApplicationAttemptReport attempt(AttemptSnapshot a) {
    return ApplicationAttemptReport.newInstance(a.id(), a.host(), a.rpcPort(),
        a.trackingUrl(), a.originalUrl(), a.diagnostics(), a.state(), a.amContainer(),
        a.startTime(), a.finishTime());
  }

  public static ContainerReport container(ContainerSnapshot c) {
    return ContainerReport.newInstance(c.id(), ResourceConverter.toResource(c.resource()),
        c.nodeId(), Priority.newInstance(c.priority()), c.creationTime(), c.finishTime(),
        c.diagnostics(), c.logUrl(), c.exitStatus(), c.state(), c.nodeHttpAddress());
  }

  public static YarnClusterMetrics clusterMetrics(NodeCounts n) {
    YarnClusterMetrics m = Records.newRecord(YarnClusterMetrics.class);
    int active = n.in(NodeState.RUNNING);
    int unhealthy = n.in(NodeState.UNHEALTHY);
    int decommissioning = n.in(NodeState.DECOMMISSIONING);
    m.setNumNodeManagers(active + unhealthy + decommissioning + n.in(NodeState.NEW));
    m.setNumActiveNodeManagers(active);
    m.setNumUnhealthyNodeManagers(unhealthy);
    m.setNumDecommissioningNodeManagers(decommissioning);
    m.setNumDecommissionedNodeManagers(n.in(NodeState.DECOMMISSIONED));
    m.setNumLostNodeManagers(n.in(NodeState.LOST));
    m.setNumRebootedNodeManagers(n.in(NodeState.REBOOTED));
    m.setNumShutdownNodeManagers(n.in(NodeState.SHUTDOWN));
    return m;
  }

  /** The queue with its children and applications; null for null (an unknown queue). */
  public static QueueInfo queue(QueueSnapshot q, long now) {
    if (q == null) {
      return null;
    }
    QueueInfo info = Records.newRecord(QueueInfo.class);
    info.setQueueName(q.name());
    info.setQueuePath(q.path());
    info.setCapacity(q.capacity());
    info.setMaximumCapacity(q.maximumCapacity());
    info.setCurrentCapacity(q.currentCapacity());
    info.setQueueState(q.running() ? QueueState.RUNNING : QueueState.STOPPED);
    info.setAccessibleNodeLabels(new HashSet<>(List.of("*")));
    info.setDefaultNodeLabelExpression("");
    info.setWeight(-1f);
    info.setMaxParallelApps(Integer.MAX_VALUE);
    info.setSchedulerType(q.schedulerType());
    info.setQueueStatistics(statistics(q));
    List<QueueInfo> kids = new ArrayList<>();
    for (QueueSnapshot child : q.children()) {
      kids.add(queue(child, now));
    }
    info.setChildQueues(kids);
    List<ApplicationReport> apps = new ArrayList<>();
    for (AppSnapshot app : q.apps()) {
      apps.add(app(app, now));
    }
    info.setApplications(apps);
    return info;
  }

  private static QueueStatistics statistics(QueueSnapshot q) {
    QueueStatistics s = Records.newRecord(QueueStatistics.class);
    s.setNumAppsSubmitted(q.appsSubmitted());
    s.setNumAppsRunning(q.appsRunning());
    s.setNumAppsPending(q.appsPending());
    s.setAllocatedMemoryMB(q.used().memoryMb());
    s.setAllocatedVCores(q.used().vcores());
    s.setPendingMemoryMB(q.pending().memoryMb());
    s.setPendingVCores(q.pending().vcores());
    s.setAvailableMemoryMB(q.free().memoryMb());
    s.setAvailableVCores(q.free().vcores());
    s.setAllocatedContainers(q.containers());
    return s;
  }
}
