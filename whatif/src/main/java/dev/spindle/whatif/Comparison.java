package dev.spindle.whatif;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Two replays of one workload side by side, per queue, with the candidate's change: wait p50
 * and p95, utilisation (the queue's share of the cluster's memory over time), applications
 * finished, preemptions.
 */
public record Comparison(ReplayResult baseline, ReplayResult candidate) {

  /** The side-by-side table, one line per queue and metric. */
  public String table() {
    StringBuilder out = new StringBuilder();
    print(out);
    return out.toString();
  }

  private void print(StringBuilder out) {
    out.append(String.format(Locale.ROOT, "%-28s %-7s %12s %12s %12s%n", "queue", "metric",
        "baseline", "candidate", "delta"));
    TreeSet<String> names = new TreeSet<>(baseline.queues().keySet());
    names.addAll(candidate.queues().keySet());
    for (String q : names) {
      QueueStats b = baseline.queues().getOrDefault(q, new QueueStats());
      QueueStats c = candidate.queues().getOrDefault(q, new QueueStats());
      row(out, q, "wait50", seconds(b.waitQuantile(0.5)), seconds(c.waitQuantile(0.5)), "s");
      row(out, "", "wait95", seconds(b.waitQuantile(0.95)), seconds(c.waitQuantile(0.95)), "s");
      row(out, "", "util", 100 * baseline.utilisation(q), 100 * candidate.utilisation(q), "%");
      row(out, "", "apps", b.appsFinished(), c.appsFinished(), "");
      row(out, "", "preempt", b.preemptions(), c.preemptions(), "");
      if (b.appsRejected() + c.appsRejected() > 0) {
        row(out, "", "rejected", b.appsRejected(), c.appsRejected(), "");
      }
    }
  }

  private static double seconds(long ms) {
    return ms / 1000.0;
  }

  private static void row(StringBuilder out, String queue, String metric, double b, double c,
      String unit) {
    out.append(String.format(Locale.ROOT, "%-28s %-7s %12s %12s %12s%n", queue, metric,
        fmt(b, unit), fmt(c, unit), (c - b >= 0 ? "+" : "") + fmt(c - b, unit)));
  }

  private static String fmt(double v, String unit) {
    return unit.isEmpty() ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.1f%s", v, unit);
  }
}
