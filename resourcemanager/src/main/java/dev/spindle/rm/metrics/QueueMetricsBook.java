package dev.spindle.rm.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.spindle.metrics.JmxPublisher;
import dev.spindle.metrics.StockGroup;
import dev.spindle.metrics.StockGroup.Kind;
import dev.spindle.metrics.StockGroup.Type;
import dev.spindle.rm.core.AppState;
import dev.spindle.rm.core.MetricsSample;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * Stock {@code QueueMetrics}: one group per queue, named {@code QueueMetrics,q0=root,q1=a,...}
 * as stock names them, and one per user of a queue ({@code ...,user=alice}), with stock's
 * attribute names. A parent queue counts what its descendants hold, as stock propagates to
 * the parent.
 *
 * <p>The app counters (submitted, completed, killed, failed) are lifetime counts since this RM
 * became active; they are derived by comparing each sample with the one before, so the core
 * needs no hooks: an application first seen is submitted (at the first sample only the
 * unfinished ones, as stock counts recovered apps), one seen reaching a final state ended.
 * Only the metrics thread calls this class.
 */
final class QueueMetricsBook {

  private final JmxPublisher jmx;
  private final MetricRegistry registry;
  private final Map<String, Entry> queues = new LinkedHashMap<>();
  private final Map<String, Entry> users = new LinkedHashMap<>();
  /** Applications of the previous sample: their state and the queue path they counted in. */
  private final Map<ApplicationId, Seen> seen = new HashMap<>();
  private boolean first = true;

  QueueMetricsBook(JmxPublisher jmx, MetricRegistry registry) {
    this.jmx = jmx;
    this.registry = registry;
  }

  private record Seen(AppState state, String queue) {}

  /** One published group and what is counted into it. */
  private static final class Entry {
    final StockGroup group;
    long submitted;
    long completed;
    long killed;
    long failed;
    // Per sample:
    int running;
    int pending;
    int active;
    ResourceVector allocated = ResourceVector.ZERO;
    int containers;
    ResourceVector asked = ResourceVector.ZERO;
    final Set<String> activeUsers = new HashSet<>();

    Entry(StockGroup group) {
      this.group = group;
    }

    void clearSample() {
      running = 0;
      pending = 0;
      active = 0;
      allocated = ResourceVector.ZERO;
      containers = 0;
      asked = ResourceVector.ZERO;
      activeUsers.clear();
    }
  }

  /** The stock JMX name part of a queue ({@code QueueMetrics,q0=root,q1=a}). */
  static String jmxName(String path) {
    StringBuilder sb = new StringBuilder("QueueMetrics");
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      sb.append(",q").append(i).append('=').append(parts[i]);
    }
    return sb.toString();
  }

  void update(MetricsSample s) {
    syncQueues(s);
    queues.values().forEach(Entry::clearSample);
    users.values().forEach(Entry::clearSample);
    Set<ApplicationId> present = new HashSet<>();
    for (MetricsSample.App app : s.apps()) {
      present.add(app.id());
      Seen last = seen.get(app.id());
      String queue = queuePath(app.queue(), last);
      seen.put(app.id(), new Seen(app.state(), queue));
      AppState before = last == null ? null : last.state();
      boolean ended = app.state().isFinal();
      if (first && ended) {
        continue; // recovered already finished: stock's queues never see it
      }
      List<Entry> into = entries(queue, app.user());
      if (before == null) {
        into.forEach(e -> e.submitted++);
      }
      if (ended && (before == null || !before.isFinal())) {
        into.forEach(e -> countEnd(e, app.state()));
      }
      if (!ended) {
        boolean running = app.state() == AppState.RUNNING || app.state() == AppState.FINISHING;
        boolean active = !app.used().isZero() || !app.pending().isZero();
        for (Entry e : into) {
          if (running) {
            e.running++;
          } else {
            e.pending++;
          }
          e.allocated = e.allocated.plus(app.used());
          e.containers += app.containers();
          e.asked = e.asked.plus(app.pending());
          if (active) {
            e.active++;
            e.activeUsers.add(app.user());
          }
        }
      }
    }
    seen.keySet().retainAll(present);
    first = false;
    ResourceVector available = s.capacity().minus(s.used()).clampToZero();
    queues.values().forEach(e -> publishSample(e, available));
    users.values().forEach(e -> publishSample(e, available));
  }

  private static void countEnd(Entry e, AppState state) {
    switch (state) {
      case KILLED -> e.killed++;
      case FAILED -> e.failed++;
      default -> e.completed++;
    }
  }

  /**
   * The full path of an app's queue. An app the scheduler no longer holds (finished, or
   * killed before placement) reports the queue it was submitted to, maybe a leaf's short
   * name: the path it counted in before, else the leaf of that name.
   */
  private String queuePath(String queue, Seen last) {
    if (queues.containsKey(queue)) {
      return queue;
    }
    if (last != null) {
      return last.queue();
    }
    for (String path : queues.keySet()) {
      if (path.endsWith("." + queue)) {
        return path;
      }
    }
    return queue;
  }

  /** The queue groups an app counts in (its queue and every ancestor) and their user groups. */
  private List<Entry> entries(String queue, String user) {
    List<Entry> out = new ArrayList<>();
    String[] parts = queue.split("\\.");
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      path.append(path.length() == 0 ? "" : ".").append(part);
      Entry q = queues.get(path.toString());
      if (q != null) {
        out.add(q);
        out.add(users.computeIfAbsent(path + "\u0000" + user,
            k -> open(userGroup(q.group.tags().get("Queue"), user))));
      }
    }
    return out;
  }

  /** Opens groups for new queues and closes those of removed ones (refreshQueues). */
  private void syncQueues(MetricsSample s) {
    Set<String> now = new HashSet<>();
    for (MetricsSample.Queue q : s.queues()) {
      now.add(q.path());
      queues.computeIfAbsent(q.path(), p -> open(queueGroup(p)));
    }
    queues.entrySet().removeIf(e -> {
      if (now.contains(e.getKey())) {
        return false;
      }
      close(e.getValue());
      return true;
    });
    users.entrySet().removeIf(e -> {
      String queue = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
      if (now.contains(queue)) {
        return false;
      }
      close(e.getValue());
      return true;
    });
  }

  private Entry open(StockGroup g) {
    g.registerIn(registry);
    jmx.publish(g);
    return new Entry(g);
  }

  private void close(Entry e) {
    jmx.withdraw(e.group);
    e.group.removeFrom(registry);
  }

  private static StockGroup queueGroup(String path) {
    StockGroup g = new StockGroup("QueueMetrics", jmxName(path),
        StockTags.yarn(Map.of("Queue", path)));
    addAttributes(g);
    return g;
  }

  private static StockGroup userGroup(String path, String user) {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("Queue", path);
    own.put("User", user);
    StockGroup g = new StockGroup("QueueMetrics", jmxName(path) + ",user=" + user,
        StockTags.yarn(own));
    addAttributes(g);
    return g;
  }

  /** Stock QueueMetrics' attributes that Spindle can fill (no reservations: always 0). */
  private static void addAttributes(StockGroup g) {
    g.add("AppsSubmitted", Kind.COUNTER, Type.INT, "# of apps submitted");
    g.add("AppsRunning", Kind.GAUGE, Type.INT, "# of running apps");
    g.add("AppsPending", Kind.GAUGE, Type.INT, "# of pending apps");
    g.add("AppsCompleted", Kind.COUNTER, Type.INT, "# of apps completed");
    g.add("AppsKilled", Kind.COUNTER, Type.INT, "# of apps killed");
    g.add("AppsFailed", Kind.COUNTER, Type.INT, "# of apps failed");
    g.add("AllocatedMB", Kind.GAUGE, Type.LONG, "Allocated memory in MB");
    g.add("AllocatedVCores", Kind.GAUGE, Type.INT, "Allocated CPU in virtual cores");
    g.add("AllocatedContainers", Kind.GAUGE, Type.INT, "# of allocated containers");
    g.add("AvailableMB", Kind.GAUGE, Type.LONG, "Available memory in MB");
    g.add("AvailableVCores", Kind.GAUGE, Type.INT, "Available CPU in virtual cores");
    g.add("PendingMB", Kind.GAUGE, Type.LONG, "Pending memory allocation in MB");
    g.add("PendingVCores", Kind.GAUGE, Type.INT, "Pending CPU allocation in virtual cores");
    g.add("ReservedMB", Kind.GAUGE, Type.LONG, "# of reserved memory in MB");
    g.add("ReservedVCores", Kind.GAUGE, Type.INT, "Reserved CPU in virtual cores");
    g.add("ReservedContainers", Kind.GAUGE, Type.INT, "# of reserved containers");
    g.add("ActiveUsers", Kind.GAUGE, Type.INT, "# of active users");
    g.add("ActiveApplications", Kind.GAUGE, Type.INT, "# of active applications");
  }

  private static void publishSample(Entry e, ResourceVector available) {
    StockGroup g = e.group;
    g.set("AppsSubmitted", e.submitted);
    g.set("AppsRunning", e.running);
    g.set("AppsPending", e.pending);
    g.set("AppsCompleted", e.completed);
    g.set("AppsKilled", e.killed);
    g.set("AppsFailed", e.failed);
    g.set("AllocatedMB", e.allocated.memoryMb());
    g.set("AllocatedVCores", e.allocated.vcores());
    g.set("AllocatedContainers", e.containers);
    g.set("AvailableMB", available.memoryMb());
    g.set("AvailableVCores", available.vcores());
    g.set("PendingMB", e.asked.memoryMb());
    g.set("PendingVCores", e.asked.vcores());
    g.set("ActiveUsers", e.activeUsers.size());
    g.set("ActiveApplications", e.active);
  }

  /** Every group published now: queues first, then users. */
  List<StockGroup> groups() {
    List<StockGroup> out = new ArrayList<>();
    queues.values().forEach(e -> out.add(e.group));
    users.values().forEach(e -> out.add(e.group));
    return out;
  }

  /** Takes every group out of JMX and the registry (the RM stops). */
  void closeAll() {
    queues.values().forEach(this::close);
    users.values().forEach(this::close);
    queues.clear();
    users.clear();
  }
}
