package dev.spindle.metrics;

import com.codahale.metrics.DefaultSettableGauge;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stock Hadoop metrics record (ClusterMetrics, QueueMetrics of one queue, ...) kept in a
 * Dropwizard registry: its record name, the {@code name=} part of its stock JMX name, its tags
 * and its attributes, each a settable gauge. Publishers read it: {@link StockMBean} as one
 * MBean, {@link PromText} as samples of stock-named families.
 *
 * <p>Rationale: stock builds these as metrics2 sources; Spindle keeps Dropwizard as its one
 * registry and reproduces only the names operators' dashboards read. Values are set by one
 * writer thread and read from any (the gauges are volatile).
 */
public final class StockGroup {

  /** How the value moves, for the Prometheus TYPE line (stock: metrics2's MetricType). */
  public enum Kind { COUNTER, GAUGE }

  /** The Java type JMX shows (stock: MutableGaugeInt is an Integer, ...Long a Long). */
  public enum Type { INT, LONG, FLOAT }

  /** One attribute: its stock name and description, and the gauge holding its value. */
  public record Attr(String name, Kind kind, Type type, String description,
      DefaultSettableGauge<Number> gauge) {

    /** The value in the attribute's JMX type. */
    public Object jmxValue() {
      Number n = gauge.getValue();
      return switch (type) {
        case INT -> n.intValue();
        case LONG -> n.longValue();
        case FLOAT -> n.floatValue();
      };
    }
  }

  private final String record;
  private final String jmxName;
  private final Map<String, String> tags;
  private final Map<String, Attr> attrs = new LinkedHashMap<>();

  /**
   * @param record  the metrics2 record name ({@code QueueMetrics}), the Prometheus prefix
   * @param jmxName what follows {@code name=} in the MBean name ({@code QueueMetrics,q0=root})
   * @param tags    stock tags in order ({@code Queue=root}, {@code Context=yarn}, ...)
   */
  public StockGroup(String record, String jmxName, Map<String, String> tags) {
    this.record = record;
    this.jmxName = jmxName;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Adds an attribute starting at 0; returns its gauge. Call before publishing. */
  public DefaultSettableGauge<Number> add(String name, Kind kind, Type type, String description) {
    DefaultSettableGauge<Number> g = new DefaultSettableGauge<>(0);
    if (attrs.putIfAbsent(name, new Attr(name, kind, type, description, g)) != null) {
      throw new IllegalArgumentException("Duplicate attribute " + name + " in " + jmxName);
    }
    return g;
  }

  /** Sets an attribute added before. */
  public void set(String name, Number value) {
    Attr a = attrs.get(name);
    if (a == null) {
      throw new IllegalArgumentException("No attribute " + name + " in " + jmxName);
    }
    a.gauge().setValue(value);
  }

  /** Puts every attribute in {@code registry} as {@code <jmxName>.<attribute>}. */
  public void registerIn(MetricRegistry registry) {
    for (Attr a : attrs.values()) {
      registry.register(MetricRegistry.name(jmxName, a.name()), a.gauge());
    }
  }

  /** Takes every attribute out of {@code registry} again. */
  public void removeFrom(MetricRegistry registry) {
    for (Attr a : attrs.values()) {
      registry.remove(MetricRegistry.name(jmxName, a.name()));
    }
  }

  public String record() {
    return record;
  }

  public String jmxName() {
    return jmxName;
  }

  public Map<String, String> tags() {
    return tags;
  }

  public List<Attr> attrs() {
    return new ArrayList<>(attrs.values());
  }

  public Attr attr(String name) {
    return attrs.get(name);
  }
}
