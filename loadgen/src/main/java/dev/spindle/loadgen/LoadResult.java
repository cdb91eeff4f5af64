package dev.spindle.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one load run measured, and whether it was valid (a run that lost or doubled containers
 * measured a broken RM, not a fast one).
 *
 * @param mode {@code containers} (apps asking for containers), {@code idle} (nodes only) or
 *     {@code storm} (submission storm)
 * @param requested containers all the apps asked for
 * @param allocated containers the apps received and kept (surplus not counted)
 * @param completed kept containers the apps saw complete
 * @param allocationsPerSecond allocated / time from the first ask to the last allocation
 * @param allocationsPerSecond10to90 the allocations between the 10th and 90th percentile of
 *     allocation times over the time between them: the steady rate, without ramp-up and tail
 * @param timeToAllocateAllMs from the first ask to the last allocation
 * @param runMs the measured window: first ask to last completion (idle: the idle time; storm:
 *     first submission to settled)
 * @param allocate latency of the AMs' {@code allocate} calls in the measured window
 * @param heartbeat latency of the NMs' {@code nodeHeartbeat} calls in the measured window
 * @param lateHeartbeats heartbeats that started more than half an interval late: the generator
 *     (or the machine) could not keep up, so the RM saw less than the scenario's heartbeat rate
 * @param rmCpuSeconds RM process CPU (user + system) over the measured window, null without a pid
 * @param rmCores rmCpuSeconds / the window, null without a pid
 * @param rmPeakRssMb the RM process's peak resident set (VmHWM) at the end, null without a pid
 * @param rpcErrors failed RPCs (heartbeat, allocate, submit, kill...)
 * @param nmResyncs RESYNC orders to NMs, and AM_RESYNC to AMs
 * @param nmShutdowns SHUTDOWN orders to NMs, and AM_SHUTDOWN to AMs
 * @param nodeOverAllocations containers placed on a node that had no room left for them
 * @param appOverAllocations containers given to an app beyond what its asks allowed, or twice
 * @param surplusReleased containers beyond an app's need, released at once (the absolute-ask
 *     race: allocations made between two calls are not yet known to the AM's next ask); not an
 *     error
 * @param foreignReleased containers placed on a node that is not simulated (a real NodeManager of
 *     the cluster under test), released at once and that node blacklisted for the app; not an error
 * @param abnormalExits kept containers that completed with a non-zero exit (killed by the RM...)
 * @param submitted applications submitted
 * @param submissionsPerSecond submitted / time from the first submission to the last one returning
 * @param timeToSettleMs storm: first submission until every app is in a final state (kill) or
 *     accepted (no kill)
 * @param failures why the run could not complete (timeouts, rejected submissions, ...)
 */
public record LoadResult(String mode, int nodes, int apps,
    long requested, long allocated, long completed,
    double allocationsPerSecond, double allocationsPerSecond10to90, long timeToAllocateAllMs,
    long runMs, Latency allocate, Latency heartbeat, long lateHeartbeats,
    Double rmCpuSeconds, Double rmCores, Long rmPeakRssMb,
    long rpcErrors, long nmResyncs, long nmShutdowns,
    long nodeOverAllocations, long appOverAllocations, long surplusReleased, long foreignReleased,
    long abnormalExits,
    long submitted, double submissionsPerSecond, long timeToSettleMs,
    List<String> failures) {

  public LoadResult {
    failures = List.copyOf(failures);
  }

  /** allocated == requested == completed, nothing over-allocated, no RPC error, no resync. */
  public boolean valid() {
    return problems().isEmpty();
  }

  /** Why the run is not valid; empty when it is. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(failures);
    if (allocated != requested) {
      problems.add("allocated " + allocated + " of " + requested + " requested containers");
    }
    if (completed != requested) {
      problems.add("completed " + completed + " of " + requested + " requested containers");
    }
    if (nodeOverAllocations > 0) {
      problems.add(nodeOverAllocations + " containers placed on a full node");
    }
    if (appOverAllocations > 0) {
      problems.add(appOverAllocations + " containers given to an app beyond its asks");
    }
    if (abnormalExits > 0) {
      problems.add(abnormalExits + " containers completed with a non-zero exit");
    }
    if (rpcErrors > 0) {
      problems.add(rpcErrors + " RPC errors");
    }
    if (nmResyncs > 0) {
      problems.add(nmResyncs + " resyncs ordered");
    }
    if (nmShutdowns > 0) {
      problems.add(nmShutdowns + " shutdowns ordered");
    }
    return problems;
  }

  /** One line of JSON with every figure, {@code valid} and {@code problems}. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("mode", mode);
    root.put("valid", valid());
    root.put("nodes", nodes);
    root.put("apps", apps);
    root.put("requested", requested);
    root.put("allocated", allocated);
    root.put("completed", completed);
    root.put("allocationsPerSecond", round(allocationsPerSecond));
    root.put("allocationsPerSecond10to90", round(allocationsPerSecond10to90));
    root.put("timeToAllocateAllMs", timeToAllocateAllMs);
    root.put("runMs", runMs);
    latency(root.putObject("allocateMs"), allocate);
    latency(root.putObject("heartbeatMs"), heartbeat);
    root.put("lateHeartbeats", lateHeartbeats);
    root.put("rmCpuSeconds", rmCpuSeconds == null ? null : round(rmCpuSeconds));
    root.put("rmCores", rmCores == null ? null : round(rmCores));
    root.put("rmPeakRssMb", rmPeakRssMb);
    root.put("rpcErrors", rpcErrors);
    root.put("resyncs", nmResyncs);
    root.put("shutdowns", nmShutdowns);
    root.put("nodeOverAllocations", nodeOverAllocations);
    root.put("appOverAllocations", appOverAllocations);
    root.put("surplusReleased", surplusReleased);
    root.put("foreignReleased", foreignReleased);
    root.put("abnormalExits", abnormalExits);
    root.put("submitted", submitted);
    root.put("submissionsPerSecond", round(submissionsPerSecond));
    root.put("timeToSettleMs", timeToSettleMs);
    ArrayNode problems = root.putArray("problems");
    problems().forEach(problems::add);
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** A human table of the same figures. */
  public String table() {
    StringBuilder out = new StringBuilder();
    row(out, "mode", mode + " (" + nodes + " nodes, " + apps + " apps)");
    if ("containers".equals(mode) || "offers".equals(mode)) {
      row(out, "containers requested / allocated / completed",
          requested + " / " + allocated + " / " + completed);
      row(out, "allocations/s (whole run, 10-90 %)",
          fmt(allocationsPerSecond) + ", " + fmt(allocationsPerSecond10to90));
      row(out, "time to allocate all", timeToAllocateAllMs + " ms");
      row(out, "offers".equals(mode) ? "poll and accept p50 / p99 / max"
          : "allocate p50 / p99 / max", ms(allocate));
    } else if ("storm".equals(mode)) {
      row(out, "submitted, submissions/s", submitted + ", " + fmt(submissionsPerSecond));
      row(out, "time until settled", timeToSettleMs + " ms");
    }
    row(out, "run (measured window)", runMs + " ms");
    row(out, "NM heartbeat p50 / p99 / max", ms(heartbeat));
    row(out, "late heartbeats (generator behind)", Long.toString(lateHeartbeats));
    row(out, "RM CPU", rmCpuSeconds == null ? "n/a (no --rm-pid)"
        : fmt(rmCpuSeconds) + " s = " + fmt(rmCores) + " cores");
    row(out, "RM peak RSS", rmPeakRssMb == null ? "n/a (no --rm-pid)" : rmPeakRssMb + " MB");
    row(out, "RPC errors / resyncs / shutdowns",
        rpcErrors + " / " + nmResyncs + " / " + nmShutdowns);
    row(out, "over-allocations node / app", nodeOverAllocations + " / " + appOverAllocations);
    row(out, "released: surplus / on real nodes", surplusReleased + " / " + foreignReleased);
    row(out, "abnormal exits", Long.toString(abnormalExits));
    row(out, "valid", valid() ? "yes" : "NO: " + String.join("; ", problems()));
    return out.toString();
  }

  private static void latency(ObjectNode node, Latency latency) {
    node.put("count", latency.count());
    node.put("p50", latency.p50Ms());
    node.put("p99", latency.p99Ms());
    node.put("max", latency.maxMs());
  }

  private static String ms(Latency latency) {
    return latency.count() == 0 ? "n/a (no calls)"
        : fmt(latency.p50Ms()) + " / " + fmt(latency.p99Ms()) + " / " + fmt(latency.maxMs())
            + " ms (" + latency.count() + " calls)";
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "%-46s %s%n", name, value));
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
