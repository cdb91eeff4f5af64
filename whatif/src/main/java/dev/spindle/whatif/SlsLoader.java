package dev.spindle.whatif;

import com.fasterxml.jackson.databind.MappingIterator;
import dev.spindle.rm.whatif.WorkloadTrace;
import dev.spindle.scheduler.ResourceVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the stock Scheduler Load Simulator's input (its "SLS" JSON jobs format, and its nodes
 * file) into a {@link Workload}, with SLS's defaults: {@code job.start.ms} is the submission,
 * {@code job.tasks} entries ask for {@code count} containers of {@code container.memory-mb} /
 * {@code container.vcores} (1024 MB / 1 vcore) that run {@code container.duration.ms} (or
 * {@code duration.ms}, or end less start); {@code am.memory-mb} / {@code am.vcores} size the
 * AM (1024 MB / 1). A {@code mapreduce} job ({@code am.type}, the default) asks for its
 * reduces once its maps are done, as SLS's MR AM does; other types ask for everything when the
 * AM starts, after {@code container.request.delay}. Nodes come from the nodes file
 * ({@code [{"rack": ..., "nodes": [{"node": ...}]}]}, 10240 MB / 10 vcores each unless a
 * {@code resource} says otherwise) or, without one, from the jobs' {@code container.host}s.
 */
public final class SlsLoader {

  static final long NODE_MB = 10240;
  static final long NODE_VCORES = 10;
  static final long CONTAINER_MB = 1024;
  static final long CONTAINER_VCORES = 1;
  /** SLS's MR priorities (AMDefinitionRumen): maps 20, reduces 10. */
  static final int MAP_PRIORITY = 20;
  static final int AM_PRIORITY = 0;

  private SlsLoader() {}

  /**
   * @param nodesFile the SLS nodes file, or null to take nodes from the jobs' hosts
   */
  public static Workload load(Path jobsFile, Path nodesFile, long heartbeatIntervalMs)
      throws IOException {
    List<Map<String, Object>> jobs = readAll(jobsFile);
    List<Workload.Node> nodes = nodesFile == null ? nodesOfJobs(jobs) : nodesOfFile(nodesFile);
    List<Workload.App> apps = new ArrayList<>();
    long start = Long.MAX_VALUE;
    long end = 0;
    long key = 1;
    List<Map<String, Object>> ordered = new ArrayList<>(jobs);
    ordered.sort((a, b) -> Long.compare(num(a, "job.start.ms", 0), num(b, "job.start.ms", 0)));
    for (Map<String, Object> job : ordered) {
      int copies = (int) Math.max(1, num(job, "job.count", 1));
      for (int c = 0; c < copies; c++) {
        Workload.App app = app(key++, job);
        apps.add(app);
        start = Math.min(start, app.submit());
        end = Math.max(end, Math.max(num(job, "job.end.ms", 0), app.submit() + work(app)));
      }
    }
    if (start == Long.MAX_VALUE) {
      start = 0;
    }
    // SLS starts every node before the first job.
    List<Workload.Node> joined = new ArrayList<>(nodes.size());
    for (Workload.Node n : nodes) {
      joined.add(new Workload.Node(n.id(), n.host(), n.rack(), n.capacity(), start,
          Long.MAX_VALUE));
    }
    // Run on past the jobs' own end: a slower configuration still gets to finish them.
    long horizon = start + 2 * (end - start) + 60_000;
    return new Workload(joined, apps, heartbeatIntervalMs, start, horizon, 0);
  }

  /** The job's total task time: a bound on how long it could take alone. */
  private static long work(Workload.App app) {
    long total = 0;
    for (List<Workload.TaskAsk> stage : app.stages()) {
      long longest = 0;
      for (Workload.TaskAsk t : stage) {
        for (long ms : t.runMs()) {
          longest = Math.max(longest, t.offsetMs() + ms);
        }
      }
      total += longest;
    }
    return total;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> readAll(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    // SLS writes concatenated objects; a file holding one array of them reads the same.
    try (MappingIterator<Map<String, Object>> it =
        WorkloadTrace.JSON.readerFor(Map.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Workload.App app(long key, Map<String, Object> job) {
    long submit = num(job, "job.start.ms", 0);
    String queue = str(job, "job.queue.name", "default");
    String user = str(job, "job.user", "default");
    ResourceVector am = ResourceVector.of(num(job, "am.memory-mb", CONTAINER_MB),
        num(job, "am.vcores", CONTAINER_VCORES));
    boolean mapReduce = str(job, "am.type", "mapreduce").equals("mapreduce");
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) job.getOrDefault("job.tasks",
        List.of());
    Stage maps = new Stage();
    Stage reduces = new Stage();
    for (Map<String, Object> task : tasks) {
      boolean reduce = mapReduce && str(task, "container.type", "map").equals("reduce");
      (reduce ? reduces : maps).add(task);
    }
    List<List<Workload.TaskAsk>> stages = new ArrayList<>();
    for (Stage s : List.of(maps, reduces)) {
      if (!s.isEmpty()) {
        stages.add(s.asks());
      }
    }
    long amOnly = stages.isEmpty()
        ? Math.max(0, num(job, "job.end.ms", submit) - submit) : -1;
    return new Workload.App(key, queue, user, 0, false, am, AM_PRIORITY, submit, -1, amOnly,
        true, stages);
  }

  /** One stage's tasks, grouped by key (priority, size, delay) into asks. */
  private static final class Stage {
    private final Map<String, Group> groups = new LinkedHashMap<>();

    void add(Map<String, Object> task) {
      int priority = (int) num(task, "container.priority", MAP_PRIORITY);
      ResourceVector size = ResourceVector.of(num(task, "container.memory-mb", CONTAINER_MB),
          num(task, "container.vcores", CONTAINER_VCORES));
      long delay = Math.max(0, num(task, "container.request.delay", 0));
      long rid = num(task, "container.allocation.id", -1);
      String k = priority + "/" + size + "/" + delay + "/" + rid;
      Group g = groups.computeIfAbsent(k, x -> new Group(priority, size, delay, rid));
      long duration = duration(task);
      int count = (int) Math.max(1, num(task, "count", 1));
      for (int i = 0; i < count; i++) {
        g.runMs.add(duration);
      }
      Object host = task.get("container.host");
      if (host != null) {
        String[] rackHost = rackAndHost(host.toString());
        g.localities.add(rackHost[1]);
        if (!rackHost[0].isEmpty()) {
          g.localities.add(rackHost[0]);
        }
      }
    }

    boolean isEmpty() {
      return groups.isEmpty();
    }

    List<Workload.TaskAsk> asks() {
      List<Workload.TaskAsk> out = new ArrayList<>();
      // Distinct sizes at one priority need distinct keys: a key has one capability.
      long nextRid = 0;
      for (Group g : groups.values()) {
        long rid = g.rid >= 0 ? g.rid : nextRid++;
        out.add(new Workload.TaskAsk(g.delay, g.priority, rid, g.size, g.runMs.size(),
            g.runMs.stream().mapToLong(Long::longValue).toArray(), List.copyOf(g.localities),
            true));
      }
      return out;
    }
  }

  private record Group(int priority, ResourceVector size, long delay, long rid,
      List<Long> runMs, Set<String> localities) {
    Group(int priority, ResourceVector size, long delay, long rid) {
      this(priority, size, delay, rid, new ArrayList<>(), new LinkedHashSet<>());
    }
  }

  /** SLS's task duration: container.duration.ms, else duration.ms, else end less start. */
  private static long duration(Map<String, Object> task) {
    long d = num(task, "container.duration.ms", -1);
    if (d < 0) {
      d = num(task, "duration.ms", -1);
    }
    if (d < 0) {
      d = num(task, "container.end.ms", 0) - num(task, "container.start.ms", 0);
    }
    if (d <= 0) {
      throw new IllegalArgumentException("A task needs a positive duration: " + task);
    }
    return d;
  }

  /** "/rack/host" into {"/rack", "host"}; a bare host has no rack. */
  static String[] rackAndHost(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? new String[] {"", path.substring(slash + 1)}
        : new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }

  private static List<Workload.Node> nodesOfJobs(List<Map<String, Object>> jobs) {
    Map<String, String> hosts = new LinkedHashMap<>();
    for (Map<String, Object> job : jobs) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> tasks = (List<Map<String, Object>>) job.getOrDefault(
          "job.tasks", List.of());
      for (Map<String, Object> task : tasks) {
        Object host = task.get("container.host");
        if (host != null) {
          String[] rh = rackAndHost(host.toString());
          hosts.putIfAbsent(rh[1], rh[0].isEmpty() ? "/default-rack" : rh[0]);
        }
      }
    }
    List<Workload.Node> out = new ArrayList<>();
    for (Map.Entry<String, String> h : hosts.entrySet()) {
      out.add(node(h.getKey(), h.getValue(), ResourceVector.of(NODE_MB, NODE_VCORES)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Workload.Node> nodesOfFile(Path file) throws IOException {
    List<Workload.Node> out = new ArrayList<>();
    for (Map<String, Object> rack : readAll(file)) {
      String rackName = str(rack, "rack", "default-rack");
      String rackPath = rackName.startsWith("/") ? rackName : "/" + rackName;
      for (Map<String, Object> n : (List<Map<String, Object>>) rack.getOrDefault("nodes",
          List.of())) {
        Map<String, Object> res = (Map<String, Object>) n.getOrDefault("resource", Map.of());
        out.add(node(str(n, "node", "node" + out.size()), rackPath, ResourceVector.of(
            num(res, "memory-mb", NODE_MB), num(res, "vcores", NODE_VCORES))));
      }
    }
    return out;
  }

  private static Workload.Node node(String host, String rack, ResourceVector capacity) {
    return new Workload.Node(host + ":0", host, rack, capacity, 0, Long.MAX_VALUE);
  }

  private static long num(Map<String, Object> m, String key, long dflt) {
    Object v = m.get(key);
    return v == null ? dflt : Long.parseLong(v.toString().trim());
  }

  private static String str(Map<String, Object> m, String key, String dflt) {
    Object v = m.get(key);
    return v == null ? dflt : v.toString();
  }
}
