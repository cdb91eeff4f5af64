package dev.spindle.rm.core;

import dev.spindle.scheduler.AppView;
import dev.spindle.scheduler.NodeView;
import dev.spindle.scheduler.QueueView;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.ApplicationTimeout;
import org.apache.hadoop.yarn.api.records.ApplicationTimeoutType;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.QueueState;
import org.apache.hadoop.yarn.api.records.QueueStatistics;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnClusterMetrics;
import org.apache.hadoop.yarn.util.Records;

/**
 * Builds the Hadoop report records clients read (yarn-compat 1.4, 1.7, 1.8) from RM state and
 * scheduler views. Loop-owned: called only on the core thread; the records it returns are
 * fresh copies, safe to hand to RPC threads.
 */
final class Reports {

  private final RmState state;
  private final Scheduler scheduler;
  private final RmSettings settings;
  private final java.util.function.LongSupplier clock;

  Reports(RmState state, Scheduler scheduler, RmSettings settings,
      java.util.function.LongSupplier clock) {
    this.state = state;
    this.scheduler = scheduler;
    this.settings = settings;
    this.clock = clock;
  }

  ApplicationReport app(RmApp app) {
    AppSubmission sub = app.submission;
    AppFacts f = app.facts;
    RmAttempt attempt = app.currentAttempt();
    ApplicationAttemptId attemptId = attempt != null ? attempt.id
        : ApplicationAttemptId.newInstance(app.id(), 0);
    boolean registered = attempt != null && attempt.isRegistered();
    String host = registered ? attempt.facts.host() : "N/A";
    int port = registered ? attempt.facts.rpcPort() : -1;
    String original = attempt == null ? "N/A" : attempt.facts.trackingUrl();
    String diagnostics = f.diagnostics().isEmpty() && attempt != null
        ? attempt.facts.diagnostics() : f.diagnostics();
    if (f.state() == AppState.ACCEPTED && diagnostics.isEmpty()) {
      // Why a queue holds it back (AM share, max-parallel-apps), as stock diagnostics say.
      diagnostics = scheduler.application(app.appKey).map(AppView::pendingReason)
          .orElse(null);
      diagnostics = diagnostics == null ? "" : diagnostics;
    }
    ApplicationReport r = ApplicationReport.newInstance(app.id(), attemptId, sub.user(),
        queueOf(app), sub.context().getApplicationName(), host, port, null,
        f.state().toYarn(), diagnostics, trackingUrl(app, original),
        sub.submitTime(), launchTime(app), f.finishTime(), f.finalStatus(), usage(app),
        original == null || original.isEmpty() ? "N/A" : original,
        f.state().isFinal() && f.state() != AppState.FAILED ? 1f : app.progress,
        sub.context().getApplicationType(), null, sub.context().getApplicationTags(),
        sub.context().getUnmanagedAM(), sub.context().getPriority(),
        sub.context().getNodeLabelExpression(), null);
    r.setSubmitTime(sub.submitTime());
    r.setLogAggregationStatus(app.logAggregation.forReport(
        settings.logAggregationEnabled(), f.state().isFinal()));
    r.setApplicationTimeouts(Map.of(ApplicationTimeoutType.LIFETIME, lifetime(sub)));
    return r;
  }

  /**
   * The proxied tracking URL; an unmanaged AM's own URL as it gave it (stock: the RM's proxy
   * is not put in front of an AM it did not launch).
   */
  private String trackingUrl(RmApp app, String original) {
    if (app.isUnmanaged()) {
      return original == null || original.isEmpty() ? "N/A" : original;
    }
    return settings.proxyUrl(app.id().toString());
  }

  /**
   * What a caller without VIEW_APP sees (stock createAndGetApplicationReport with allowAccess
   * false): who, where and what state, but no host, port, URLs, diagnostics, progress, tokens
   * or usage (all -1), and attempt 0.
   */
  ApplicationReport redacted(RmApp app) {
    AppSubmission sub = app.submission;
    AppFacts f = app.facts;
    Resource unknown = Resource.newInstance(-1, -1);
    ApplicationResourceUsageReport usage = ApplicationResourceUsageReport.newInstance(-1, -1,
        unknown, unknown, unknown, new HashMap<>(), 0f, 0f, new HashMap<>());
    ApplicationReport r = ApplicationReport.newInstance(app.id(),
        ApplicationAttemptId.newInstance(app.id(), 0), sub.user(), queueOf(app),
        sub.context().getApplicationName(), "N/A", -1, null, f.state().toYarn(), "N/A", "N/A",
        sub.submitTime(), launchTime(app), f.finishTime(), f.finalStatus(), usage, "N/A", 0f,
        sub.context().getApplicationType(), null, sub.context().getApplicationTags(),
        sub.context().getUnmanagedAM(), sub.context().getPriority(),
        sub.context().getNodeLabelExpression(), null);
    r.setSubmitTime(sub.submitTime());
    r.setApplicationTimeouts(Map.of(ApplicationTimeoutType.LIFETIME, lifetime(sub)));
    return r;
  }

  /** The lifetime as stock reports it: UNLIMITED/-1, or the ISO 8601 expiry and seconds left. */
  private ApplicationTimeout lifetime(AppSubmission sub) {
    long expiry = AppUpdates.lifetimeExpiry(sub);
    if (expiry < 0) {
      return ApplicationTimeout.newInstance(ApplicationTimeoutType.LIFETIME, "UNLIMITED", -1);
    }
    long left = Math.max(0, (expiry - clock.getAsLong()) / 1000);
    return ApplicationTimeout.newInstance(ApplicationTimeoutType.LIFETIME,
        org.apache.hadoop.yarn.util.Times.formatISO8601(expiry), left);
  }

  private String queueOf(RmApp app) {
    return scheduler.application(app.appKey).map(AppView::queuePath)
        .orElse(app.submission.queue());
  }

  private static long launchTime(RmApp app) {
    RmAttempt first = app.attempts.isEmpty() ? null : app.attempts.get(0);
    return first == null ? 0 : first.facts.startTime();
  }

  private ApplicationResourceUsageReport usage(RmApp app) {
    Optional<AppView> view = scheduler.application(app.appKey);
    int containers = view.map(AppView::numContainers).orElse(0);
    Resource used = toResource(view.map(AppView::used).orElse(ResourceVector.ZERO));
    Resource pending = toResource(view.map(AppView::pending).orElse(ResourceVector.ZERO));
    ResourceVector cap = scheduler.clusterCapacity();
    float share = cap.memoryMb() == 0 ? 0f
        : 100f * used.getMemorySize() / cap.memoryMb();
    Usage total = usage(app, clock.getAsLong());
    return ApplicationResourceUsageReport.newInstance(containers, 0, used,
        Resource.newInstance(0, 0), plus(used, pending), new HashMap<>(total.resourceSeconds()),
        share, share, new HashMap<>(total.preemptedSeconds()));
  }

  /**
   * What all of the application's attempts used up to {@code now}: ended attempts as
   * recorded, the live one with its running containers counted to now (stock adds the
   * running attempt's live figures the same way).
   */
  static Usage usage(RmApp app, long now) {
    Usage total = Usage.NONE;
    for (RmAttempt a : app.attempts) {
      total = total.plus(a.facts.state().isFinal() ? a.facts.usage() : a.usageAt(now));
    }
    return total;
  }

  /** Needed resources = used + pending, as the stock usage report counts them. */
  private static Resource plus(Resource used, Resource pending) {
    return org.apache.hadoop.yarn.util.resource.Resources.add(used, pending);
  }

  ApplicationAttemptReport attempt(RmAttempt a) {
    AttemptFacts f = a.facts;
    String url = trackingUrl(a.app, f.trackingUrl());
    return ApplicationAttemptReport.newInstance(a.id, f.host(), f.rpcPort(), url,
        f.trackingUrl().isEmpty() ? "N/A" : f.trackingUrl(), f.diagnostics(),
        f.state().toYarn(), f.amContainerId(), f.startTime(), f.finishTime());
  }

  ContainerReport container(RmContainer c) {
    ContainerState s = switch (c.state) {
      case ALLOCATED, ACQUIRED -> ContainerState.NEW;
      case RUNNING -> ContainerState.RUNNING;
      case COMPLETED -> ContainerState.COMPLETE;
    };
    RmNode node = state.nodes.get(c.nodeId);
    String http = node == null ? null : "http://" + node.httpAddress();
    String logUrl = http == null ? null : http + "/node/containerlogs/" + c.id() + "/"
        + c.attempt.app.submission.user();
    return ContainerReport.newInstance(c.id(), ResourceConverter.toResource(c.resource),
        c.nodeId, org.apache.hadoop.yarn.api.records.Priority.newInstance(c.priority),
        c.creationTime, c.finishTime,
        c.diagnostics, logUrl, c.exitStatus, s, http);
  }

  NodeSnapshot node(RmNode n) {
    Optional<NodeView> view = n.isLive() ? scheduler.node(n.schedulerId) : Optional.empty();
    return new NodeSnapshot(n.id, n.state, n.httpAddress(), n.rack,
        view.map(NodeView::used).orElse(ResourceVector.ZERO),
        ResourceConverter.toVector(n.capability), view.map(NodeView::numContainers).orElse(0),
        n.healthReport, n.lastHealthReportTime, n.decommissioningTimeout);
  }

  YarnClusterMetrics clusterMetrics() {
    YarnClusterMetrics m = Records.newRecord(YarnClusterMetrics.class);
    Map<NodeState, Integer> count = new HashMap<>();
    for (RmNode n : state.nodes.values()) {
      count.merge(n.state, 1, Integer::sum);
    }
    int active = count.getOrDefault(NodeState.RUNNING, 0);
    int unhealthy = count.getOrDefault(NodeState.UNHEALTHY, 0);
    int decommissioning = count.getOrDefault(NodeState.DECOMMISSIONING, 0);
    m.setNumNodeManagers(active + unhealthy + decommissioning
        + count.getOrDefault(NodeState.NEW, 0));
    m.setNumActiveNodeManagers(active);
    m.setNumUnhealthyNodeManagers(unhealthy);
    m.setNumDecommissioningNodeManagers(decommissioning);
    m.setNumDecommissionedNodeManagers(count.getOrDefault(NodeState.DECOMMISSIONED, 0));
    m.setNumLostNodeManagers(count.getOrDefault(NodeState.LOST, 0));
    m.setNumRebootedNodeManagers(count.getOrDefault(NodeState.REBOOTED, 0));
    m.setNumShutdownNodeManagers(count.getOrDefault(NodeState.SHUTDOWN, 0));
    return m;
  }

  /** The queue and, as asked, its applications and children; null for an unknown queue. */
  QueueInfo queue(String name, boolean apps, boolean children, boolean recursive) {
    Optional<QueueView> found = scheduler.queue(name);
    if (found.isEmpty()) {
      return null;
    }
    QueueView q = found.get();
    QueueInfo info = Records.newRecord(QueueInfo.class);
    info.setQueueName(q.name());
    info.setQueuePath(q.path());
    info.setCapacity(q.capacity());
    info.setMaximumCapacity(q.maximumCapacity());
    ResourceVector cap = scheduler.clusterCapacity();
    float guaranteed = cap.memoryMb() * q.absoluteCapacity();
    info.setCurrentCapacity(guaranteed <= 0 ? 0f : q.used().memoryMb() / guaranteed);
    info.setQueueState(q.running() ? QueueState.RUNNING : QueueState.STOPPED);
    info.setAccessibleNodeLabels(new HashSet<>(List.of("*")));
    info.setDefaultNodeLabelExpression("");
    info.setWeight(-1f);
    info.setMaxParallelApps(Integer.MAX_VALUE);
    info.setSchedulerType(scheduler.name());
    info.setQueueStatistics(statistics(q));
    List<QueueInfo> kids = new ArrayList<>();
    if (children || recursive) {
      for (String child : q.children()) {
        kids.add(queue(child, apps && recursive, recursive, recursive));
      }
    }
    info.setChildQueues(kids);
    List<ApplicationReport> reports = new ArrayList<>();
    if (apps) {
      for (long key : q.appKeys()) {
        RmApp app = state.byKey.get(key);
        if (app != null) {
          reports.add(app(app));
        }
      }
    }
    info.setApplications(reports);
    return info;
  }

  private QueueStatistics statistics(QueueView q) {
    QueueStatistics s = Records.newRecord(QueueStatistics.class);
    long running = 0;
    long pending = 0;
    for (long key : q.appKeys()) {
      RmApp app = state.byKey.get(key);
      if (app != null && app.facts.state() == AppState.RUNNING) {
        running++;
      } else if (app != null && !app.facts.state().isFinal()) {
        pending++;
      }
    }
    ResourceVector free = scheduler.clusterCapacity().minus(scheduler.clusterUsed())
        .clampToZero();
    s.setNumAppsSubmitted(q.appKeys().size());
    s.setNumAppsRunning(running);
    s.setNumAppsPending(pending);
    s.setAllocatedMemoryMB(q.used().memoryMb());
    s.setAllocatedVCores(q.used().vcores());
    s.setPendingMemoryMB(q.pending().memoryMb());
    s.setPendingVCores(q.pending().vcores());
    s.setAvailableMemoryMB(free.memoryMb());
    s.setAvailableVCores(free.vcores());
    s.setAllocatedContainers(q.numContainers());
    return s;
  }

  static Resource toResource(ResourceVector v) {
    return ResourceConverter.toResource(v);
  }

  String queuePath(RmApp app) {
    return queueOf(app);
  }
}
