package dev.spindle.whatif.bench;

import dev.spindle.scheduler.ResourceVector;
import dev.spindle.whatif.Comparison;
import dev.spindle.whatif.ReplayConfig;
import dev.spindle.whatif.SyntheticWorkload;
import dev.spindle.whatif.TraceFixture;
import dev.spindle.whatif.TraceLoader;
import dev.spindle.whatif.WhatIf;
import dev.spindle.whatif.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a what-if comparison of a recorded day takes: a synthetic day of a cluster (by
 * default 1,000 nodes of 64 GB / 32 vcores, 1,000 applications an hour into three Capacity
 * queues) is recorded into a trace as the RM records one, then loaded and replayed against
 * the recorded config and a candidate, timed. Not a test: run it on a quiet machine with
 * {@code mvn -o -Pwhatif-bench -pl whatif -am test -DskipTests} (one core:
 * -XX:ActiveProcessorCount=1 is set in the profile).
 *
 * <p>Arguments: nodes, hours, applications per hour, mean tasks per application, mean task
 * run time in seconds.
 */
public final class ReplayDayBench {

  private ReplayDayBench() {}

  static String capacity(int a, int b, int c) {
    return "<configuration>"
        + prop("yarn.scheduler.capacity.root.queues", "a,b,c")
        + prop("yarn.scheduler.capacity.root.a.capacity", a)
        + prop("yarn.scheduler.capacity.root.b.capacity", b)
        + prop("yarn.scheduler.capacity.root.c.capacity", c)
        + "</configuration>";
  }

  private static String prop(String name, Object value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
    int appsPerHour = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int meanTasks = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    long meanRunMs = (args.length > 4 ? Long.parseLong(args[4]) : 300) * 1000;
    Workload day = SyntheticWorkload.of(7, nodes, ResourceVector.of(65536, 32),
        hours * 3600_000L, hours * appsPerHour, List.of("a", "b", "c"), meanTasks, meanRunMs);

    Path trace = Files.createTempDirectory("whatif-bench");
    long t0 = System.nanoTime();
    TraceFixture.record(day, "capacity", Map.of("capacity-scheduler.xml",
        capacity(40, 40, 20)), trace);
    long t1 = System.nanoTime();
    long bytes = 0;
    for (Path f : dev.spindle.rm.whatif.WorkloadTrace.files(trace)) {
      bytes += Files.size(f);
    }
    System.out.printf(Locale.ROOT, "Recorded %d nodes, %d apps over %d h: %.0f MB of trace"
        + " in %.1f s%n", nodes, day.apps().size(), hours, bytes / 1e6, (t1 - t0) / 1e9);

    Path candidate = trace.resolve("candidate.xml");
    Files.writeString(candidate, capacity(20, 40, 40));
    // CPU time of this thread as well as wall time: the replay runs on this one thread, and a
    // shared machine stretches wall time.
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory
        .getThreadMXBean();
    long t2 = System.nanoTime();
    long c2 = cpu.getCurrentThreadCpuTime();
    Workload loaded = TraceLoader.load(trace);
    ReplayConfig recorded = ReplayConfig.recorded(trace);
    long t3 = System.nanoTime();
    long c3 = cpu.getCurrentThreadCpuTime();
    Comparison c = WhatIf.compare(loaded, recorded,
        recorded.withCandidate(candidate, Optional.empty()));
    long t4 = System.nanoTime();
    long c4 = cpu.getCurrentThreadCpuTime();
    System.out.print(c.table());
    long containers = c.baseline().queues().values().stream()
        .mapToLong(dev.spindle.whatif.QueueStats::containers).sum();
    System.out.printf(Locale.ROOT, "Load %.1f s, two replays %.1f s (%d containers and %d"
        + " node visits in the baseline): what-if total %.1f s wall, %.1f s CPU (load %.1f,"
        + " replays %.1f)%n", (t3 - t2) / 1e9, (t4 - t3) / 1e9, containers,
        c.baseline().nodeVisits(), (t4 - t2) / 1e9, (c4 - c2) / 1e9, (c3 - c2) / 1e9,
        (c4 - c3) / 1e9);
    try (var files = Files.walk(trace)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
