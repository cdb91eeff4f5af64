package dev.spindle.rm.core;

import dev.spindle.scheduler.AppView;
import dev.spindle.scheduler.NodeView;
import dev.spindle.scheduler.QueueView;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * Takes the snapshots clients' reports are made of (yarn-compat 1.4, 1.7, 1.8) from RM state
 * and scheduler views. Loop-owned: called only on the core thread; the snapshots are
 * immutable, and the RPC side turns them into Hadoop records ({@code rpc.ReportRecords}).
 */
final class Reports {

  /** Waiting ask groups named in an application's diagnostics; the CLI lists them all. */
  private static final int DIAGNOSTIC_ASKS = 5;

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

  /**
   * The application as a caller sees it: in full when {@code viewable}, else only what the
   * stock redacted report keeps; {@code amrmToken} goes to the owner of an unmanaged AM.
   */
  AppSnapshot app(RmApp app, boolean viewable,
      org.apache.hadoop.security.token.Token<
          org.apache.hadoop.yarn.security.AMRMTokenIdentifier> amrmToken) {
    AppSubmission sub = app.submission;
    AppFacts f = app.facts;
    RmAttempt attempt = app.currentAttempt();
    ApplicationAttemptId attemptId = attempt != null ? attempt.id
        : ApplicationAttemptId.newInstance(app.id(), 0);
    boolean registered = attempt != null && attempt.isRegistered();
    String original = attempt == null ? "N/A" : attempt.facts.trackingUrl();
    var context = sub.context();
    Integer priority = context.getPriority() == null ? null
        : context.getPriority().getPriority();
    var tags = context.getApplicationTags() == null ? Set.<String>of()
        : Set.copyOf(context.getApplicationTags());
    if (!viewable) {
      return new AppSnapshot(app.id(), ApplicationAttemptId.newInstance(app.id(), 0),
          sub.user(), queueOf(app), context.getApplicationName(),
          context.getApplicationType(), tags, context.getUnmanagedAM(), priority,
          context.getNodeLabelExpression(), f.state().toYarn(), f.finalStatus(), "N/A", "N/A",
          -1, "N/A", "N/A", sub.submitTime(), launchTime(app), f.finishTime(), 0f, null,
          null, AppUpdates.lifetimeExpiry(sub), false, null);
    }
    String diagnostics = f.diagnostics().isEmpty() && attempt != null
        ? attempt.facts.diagnostics() : f.diagnostics();
    if (!f.state().isFinal()) {
      // Why its asks wait (a queue's AM share, its maximum, locality...), for any
      // application with waiting asks: stock says it only for ACCEPTED ones.
      String waiting = AppExplanation.summary(scheduler.explain(app.appKey),
          DIAGNOSTIC_ASKS);
      if (!waiting.isEmpty()) {
        diagnostics = diagnostics.isEmpty() ? waiting : diagnostics + "\n" + waiting;
      }
    }
    return new AppSnapshot(app.id(), attemptId, sub.user(), queueOf(app),
        context.getApplicationName(), context.getApplicationType(), tags,
        context.getUnmanagedAM(), priority, context.getNodeLabelExpression(),
        f.state().toYarn(), f.finalStatus(), diagnostics,
        registered ? attempt.facts.host() : "N/A", registered ? attempt.facts.rpcPort() : -1,
        trackingUrl(app, original), original == null || original.isEmpty() ? "N/A" : original,
        sub.submitTime(), launchTime(app), f.finishTime(),
        f.state().isFinal() && f.state() != AppState.FAILED ? 1f : app.progress,
        resources(app), app.logAggregation.forReport(settings.logAggregationEnabled(),
            f.state().isFinal()), AppUpdates.lifetimeExpiry(sub), true, amrmToken);
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

  private String queueOf(RmApp app) {
    return scheduler.application(app.appKey).map(AppView::queuePath)
        .orElse(app.submission.queue());
  }

  private static long launchTime(RmApp app) {
    RmAttempt first = app.attempts.isEmpty() ? null : app.attempts.get(0);
    return first == null ? 0 : first.facts.startTime();
  }

  private AppSnapshot.Resources resources(RmApp app) {
    Optional<AppView> view = scheduler.application(app.appKey);
    ResourceVector used = view.map(AppView::used).orElse(ResourceVector.ZERO);
    ResourceVector cap = scheduler.clusterCapacity();
    float share = cap.memoryMb() == 0 ? 0f : 100f * used.memoryMb() / cap.memoryMb();
    return new AppSnapshot.Resources(view.map(AppView::numContainers).orElse(0), used,
        view.map(AppView::pending).orElse(ResourceVector.ZERO), share,
        usage(app, clock.getAsLong()));
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

  AttemptSnapshot attempt(RmAttempt a) {
    AttemptFacts f = a.facts;
    return new AttemptSnapshot(a.id, f.host(), f.rpcPort(), trackingUrl(a.app, f.trackingUrl()),
        f.trackingUrl().isEmpty() ? "N/A" : f.trackingUrl(), f.diagnostics(),
        f.state().toYarn(), f.amContainerId(), f.startTime(), f.finishTime());
  }

  ContainerSnapshot container(RmContainer c) {
    ContainerState s = switch (c.state) {
      case ALLOCATED, ACQUIRED -> ContainerState.NEW;
      case RUNNING -> ContainerState.RUNNING;
      case COMPLETED -> ContainerState.COMPLETE;
    };
    RmNode node = state.nodes.get(c.nodeId);
    String http = node == null ? null : "http://" + node.httpAddress();
    String logUrl = http == null ? null : http + "/node/containerlogs/" + c.id() + "/"
        + c.attempt.app.submission.user();
    return new ContainerSnapshot(c.id(), c.resource, c.nodeId, c.priority, c.creationTime,
        c.finishTime, c.diagnostics, logUrl, c.exitStatus, s, http);
  }

  NodeSnapshot node(RmNode n) {
    Optional<NodeView> view = n.isLive() ? scheduler.node(n.schedulerId) : Optional.empty();
    return new NodeSnapshot(n.id, n.state, n.httpAddress(), n.rack,
        view.map(NodeView::used).orElse(ResourceVector.ZERO),
        n.capability, view.map(NodeView::numContainers).orElse(0),
        n.healthReport, n.lastHealthReportTime, n.decommissioningTimeout);
  }

  NodeCounts nodeCounts() {
    Map<NodeState, Integer> count = new HashMap<>();
    for (RmNode n : state.nodes.values()) {
      count.merge(n.state, 1, Integer::sum);
    }
    return new NodeCounts(count);
  }

  /** The queue and, as asked, its applications and children; null for an unknown queue. */
  QueueSnapshot queue(String name, boolean apps, boolean children, boolean recursive) {
    Optional<QueueView> found = scheduler.queue(name);
    if (found.isEmpty()) {
      return null;
    }
    QueueView q = found.get();
    ResourceVector cap = scheduler.clusterCapacity();
    float guaranteed = cap.memoryMb() * q.absoluteCapacity();
    List<QueueSnapshot> kids = new ArrayList<>();
    if (children || recursive) {
      for (String child : q.children()) {
        kids.add(queue(child, apps && recursive, recursive, recursive));
      }
    }
    List<AppSnapshot> reports = new ArrayList<>();
    long running = 0;
    long pending = 0;
    for (long key : q.appKeys()) {
      RmApp app = state.byKey.get(key);
      if (app != null && app.facts.state() == AppState.RUNNING) {
        running++;
      } else if (app != null && !app.facts.state().isFinal()) {
        pending++;
      }
      if (apps && app != null) {
        reports.add(app(app, true, null));
      }
    }
    ResourceVector free = cap.minus(scheduler.clusterUsed()).clampToZero();
    return new QueueSnapshot(q.name(), q.path(), q.capacity(), q.maximumCapacity(),
        guaranteed <= 0 ? 0f : q.used().memoryMb() / guaranteed, q.running(), scheduler.name(),
        q.appKeys().size(), running, pending, q.used(), q.pending(), free, q.numContainers(),
        kids, reports);
  }

  String queuePath(RmApp app) {
    return queueOf(app);
  }
}
