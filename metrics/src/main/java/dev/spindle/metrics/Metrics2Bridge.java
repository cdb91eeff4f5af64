package dev.spindle.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.configuration2.SubsetConfiguration;
import org.apache.hadoop.metrics2.AbstractMetric;
import org.apache.hadoop.metrics2.MetricType;
import org.apache.hadoop.metrics2.MetricsRecord;
import org.apache.hadoop.metrics2.MetricsSink;
import org.apache.hadoop.metrics2.MetricsSystem;
import org.apache.hadoop.metrics2.MetricsTag;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.metrics2.source.JvmMetrics;

/**
 * Hadoop's own metrics2 sources in a daemon: JvmMetrics and the RpcActivityForPort / RPC
 * detailed beans every Hadoop RPC server registers for itself. Starting the JVM's metrics
 * system under the daemon's stock service name is what puts them in JMX with stock names
 * ({@code Hadoop:service=ResourceManager,name=JvmMetrics}); one sink, shared by every daemon
 * in the JVM, keeps their latest records for the Prometheus page, which adds them as the
 * stock PrometheusMetricsSink would.
 *
 * <p>The metrics system is one per JVM: with an RM and NMs in one JVM (tests) the first to
 * start names the service of these beans, as with stock's MiniYARNCluster; it is never shut
 * down by a stopping daemon, since the others still use it (RPC servers take their own beans
 * out when they stop).
 */
public final class Metrics2Bridge {

  private static final String SINK_NAME = "spindle-prometheus";
  /** The name JvmMetrics registers its source under (JvmMetricsInfo.JvmMetrics). */
  private static final String JVM_SOURCE = "JvmMetrics";
  /** The one sink of this JVM. */
  private static final Sink SINK = new Sink();
  /** The service name of the first daemon to start (null: none started yet). */
  private static String service;

  private Metrics2Bridge() {}

  /** Starts the JVM's metrics system (once) and the JvmMetrics source for {@code service}. */
  public static synchronized void start(String service) {
    if (Metrics2Bridge.service == null) {
      Metrics2Bridge.service = service;
    }
    attach();
  }

  /**
   * Makes sure the JVM's metrics system runs with JvmMetrics and this bridge's sink in it:
   * at first use, and again after something shut it down (a stock daemon's stop does, in
   * tests that run one next to Spindle's); then samples every source into the sink.
   */
  private static synchronized void attach() {
    MetricsSystem ms = DefaultMetricsSystem.instance();
    if (ms.getSource(JVM_SOURCE) == null) {
      // Already initialized by another part of the JVM: Hadoop warns and keeps its name.
      ms = DefaultMetricsSystem.initialize(service);
      JvmMetrics jvm = JvmMetrics.initSingleton(service, null);
      if (ms.getSource(JVM_SOURCE) == null) {
        JvmMetrics.reattach(ms, jvm);
      }
    }
    long before = SINK.flushes;
    ms.publishMetricsNow();
    if (SINK.flushes == before) {
      // Publishing waits for the sinks: no flush means the sink is not attached (yet).
      ms.register(SINK_NAME, "Latest metrics2 records for Spindle's /prom", SINK);
      ms.publishMetricsNow();
    }
  }

  /** Samples every metrics2 source now and adds the counters and gauges to {@code page}. */
  public static void addTo(PromText page) {
    synchronized (Metrics2Bridge.class) {
      if (service == null) {
        return;
      }
      attach();
    }
    for (MetricsRecord r : SINK.latest()) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (MetricsTag t : r.tags()) {
        if (t.value() != null) {
          labels.put(t.name().toLowerCase(Locale.ROOT), t.value());
        }
      }
      for (AbstractMetric m : r.metrics()) {
        if (m.type() == MetricType.COUNTER || m.type() == MetricType.GAUGE) {
          String name = PromText.stockName(r.name(), m.name());
          page.sample(name, m.type().name().toLowerCase(Locale.ROOT), m.description(), name,
              labels, m.value().doubleValue());
        }
      }
    }
  }

  /** Keeps the records of the latest publication, keyed by source and tags. */
  private static final class Sink implements MetricsSink {
    private final Map<String, MetricsRecord> next = new LinkedHashMap<>();
    private volatile List<MetricsRecord> latest = List.of();
    volatile long flushes;

    @Override
    public synchronized void putMetrics(MetricsRecord record) {
      next.put(record.name() + record.tags(), record);
    }

    @Override
    public synchronized void flush() {
      latest = new ArrayList<>(next.values());
      next.clear();
      flushes++;
    }

    List<MetricsRecord> latest() {
      return latest;
    }

    @Override
    public void init(SubsetConfiguration conf) {}
  }
}
