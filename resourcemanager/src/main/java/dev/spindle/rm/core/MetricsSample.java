package dev.spindle.rm.core;

import dev.spindle.scheduler.AppView;
import dev.spindle.scheduler.QueueView;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * What the metrics publish, copied out of loop-owned state in one go on the core thread:
 * node counts, cluster capacity, every queue (root first) and every application held. Immutable,
 * so the metrics thread reads it without touching RM state.
 *
 * @param queues every queue, parents before children
 * @param apps   every application the RM holds (finished ones until they are forgotten)
 */
public record MetricsSample(NodeCounts nodes, ResourceVector capacity, ResourceVector used,
    List<Queue> queues, List<App> apps) {

  /** A queue's share of the cluster now. */
  public record Queue(String path, boolean leaf, ResourceVector used, ResourceVector pending,
      int containers) {}

  /** An application now: where it is, whose, how far, what it holds and asks for. */
  public record App(ApplicationId id, String queue, String user, AppState state,
      boolean unmanaged, ResourceVector used, int containers, ResourceVector pending) {}

  /** Takes the sample; call on the core thread only. */
  static MetricsSample take(RmState state, Scheduler scheduler, NodeCounts nodes) {
    List<Queue> queues = new ArrayList<>();
    addQueue(scheduler, scheduler.rootQueue(), queues);
    List<App> apps = new ArrayList<>(state.apps.size());
    for (RmApp app : state.apps.values()) {
      Optional<AppView> view = scheduler.application(app.appKey);
      apps.add(new App(app.id(), view.map(AppView::queuePath).orElse(app.submission.queue()),
          app.submission.user(), app.facts.state(), app.isUnmanaged(),
          view.map(AppView::used).orElse(ResourceVector.ZERO),
          view.map(AppView::numContainers).orElse(0),
          view.map(AppView::pending).orElse(ResourceVector.ZERO)));
    }
    return new MetricsSample(nodes, scheduler.clusterCapacity(), scheduler.clusterUsed(),
        List.copyOf(queues), List.copyOf(apps));
  }

  private static void addQueue(Scheduler scheduler, String path, List<Queue> out) {
    Optional<QueueView> found = scheduler.queue(path);
    if (found.isEmpty()) {
      return;
    }
    QueueView q = found.get();
    out.add(new Queue(q.path(), q.isLeaf(), q.used(), q.pending(), q.numContainers()));
    for (String child : List.copyOf(q.children())) {
      addQueue(scheduler, child, out);
    }
  }
}
