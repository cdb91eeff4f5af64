package dev.spindle.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.metrics2.sink.PrometheusMetricsSink;

/**
 * A Prometheus text exposition (format 0.0.4) under construction: families, each with one
 * HELP and TYPE line and its samples together, label values escaped, and a series that
 * appears twice kept once (the first wins), so the page always parses.
 *
 * <p>Stock records become families named as Hadoop's PrometheusMetricsSink names them
 * ({@code ClusterMetrics} + {@code NumActiveNMs} is {@code cluster_metrics_num_active_n_ms}),
 * with the record's tags, lower-cased, as labels. Counters keep their stock names (no
 * {@code _total}), as the stock sink writes them.
 */
public final class PromText {

  /** Content-Type of the page. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final PrometheusMetricsSink STOCK_NAMES = new PrometheusMetricsSink();
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

  private record Family(String type, String help, Map<String, String> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** The stock Prometheus family name of a record's metric. */
  public static String stockName(String record, String metric) {
    return STOCK_NAMES.prometheusName(record, metric);
  }

  /**
   * Adds one sample to family {@code family}; {@code type} is counter, gauge or summary,
   * {@code sampleName} the family name or it plus a suffix (_count, _sum).
   */
  public void sample(String family, String type, String help, String sampleName,
      Map<String, String> labels, double value) {
    Family f = families.computeIfAbsent(family,
        n -> new Family(type, help, new LinkedHashMap<>()));
    StringBuilder line = new StringBuilder(sampleName);
    if (!labels.isEmpty()) {
      line.append('{');
      String sep = "";
      for (Map.Entry<String, String> l : labels.entrySet()) {
        line.append(sep).append(labelName(l.getKey())).append("=\"")
            .append(escapeLabel(l.getValue())).append('"');
        sep = ",";
      }
      line.append('}');
    }
    f.samples().putIfAbsent(line.toString(), number(value));
  }

  /** Adds every attribute of a stock group, as the stock sink would. */
  public void stock(StockGroup group) {
    Map<String, String> labels = new LinkedHashMap<>();
    group.tags().forEach((k, v) -> labels.put(k.toLowerCase(Locale.ROOT), v));
    for (StockGroup.Attr a : group.attrs()) {
      String name = stockName(group.record(), a.name());
      sample(name, a.kind().name().toLowerCase(Locale.ROOT), a.description(), name, labels,
          a.gauge().getValue().doubleValue());
    }
  }

  /**
   * Adds a Dropwizard registry whose metric names are already Prometheus family names
   * (Spindle's own): counters and meters as counters, numeric gauges as gauges, timers as
   * summaries in seconds (quantiles and count, as Prometheus' Dropwizard bridge maps them).
   */
  public void dropwizard(MetricRegistry registry, Map<String, String> labels, Help help) {
    for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
      String name = e.getKey();
      Metric m = e.getValue();
      String text = help.of(name);
      if (m instanceof Counter c) {
        sample(name, "counter", text, name, labels, c.getCount());
      } else if (m instanceof Meter meter) {
        sample(name, "counter", text, name, labels, meter.getCount());
      } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        sample(name, "gauge", text, name, labels, n.doubleValue());
      } else if (m instanceof Timer t) {
        Snapshot s = t.getSnapshot();
        for (double q : QUANTILES) {
          Map<String, String> withQ = new LinkedHashMap<>(labels);
          withQ.put("quantile", Double.toString(q));
          sample(name, "summary", text, name, withQ, s.getValue(q) / 1e9);
        }
        sample(name, "summary", text, name + "_count", labels, t.getCount());
      }
    }
  }

  /** Descriptions of Spindle's own families, for the HELP lines. */
  @FunctionalInterface
  public interface Help {
    String of(String family);
  }

  /** The page. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Family> e : families.entrySet()) {
      Family f = e.getValue();
      out.append("# HELP ").append(e.getKey()).append(' ').append(escapeHelp(f.help()))
          .append('\n');
      out.append("# TYPE ").append(e.getKey()).append(' ').append(f.type()).append('\n');
      f.samples().forEach((series, value) ->
          out.append(series).append(' ').append(value).append('\n'));
    }
    return out.toString();
  }

  /** The family names added so far. */
  public Set<String> familyNames() {
    return new LinkedHashSet<>(families.keySet());
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A valid label name: [a-zA-Z_][a-zA-Z0-9_]*. */
  static String labelName(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9_]", "_");
    return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }

  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String v) {
    return (v == null ? "" : v).replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** Adds what {@code other} holds (its families after this one's). */
  public void addAll(List<StockGroup> groups) {
    new ArrayList<>(groups).forEach(this::stock);
  }
}
