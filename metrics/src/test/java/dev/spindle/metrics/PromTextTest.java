package dev.spindle.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exposition text: stock family names, label escaping, grouping, Dropwizard mapping. */
class PromTextTest {

  @Test
  void familiesAreNamedAsStocksPrometheusSinkNamesThem() {
    assertEquals("cluster_metrics_num_active_n_ms",
        PromText.stockName("ClusterMetrics", "NumActiveNMs"));
    assertEquals("queue_metrics_allocated_v_cores",
        PromText.stockName("QueueMetrics", "AllocatedVCores"));
    assertEquals("node_manager_metrics_allocated_gb",
        PromText.stockName("NodeManagerMetrics", "AllocatedGB"));
  }

  @Test
  void aStockGroupBecomesLabelledSamplesOfTypedFamilies() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Queue", "root.a\"b\\c\nd");
    tags.put("Context", "yarn");
    StockGroup g = new StockGroup("QueueMetrics", "QueueMetrics,q0=root", tags);
    g.add("AppsSubmitted", StockGroup.Kind.COUNTER, StockGroup.Type.INT, "# of apps\nsubmitted");
    g.add("AllocatedMB", StockGroup.Kind.GAUGE, StockGroup.Type.LONG, "Allocated memory in MB");
    g.set("AppsSubmitted", 3);
    g.set("AllocatedMB", 2048L);
    PromText page = new PromText();
    page.stock(g);
    page.stock(g); // the same series twice is written once
    assertEquals("""
        # HELP queue_metrics_apps_submitted # of apps\\nsubmitted
        # TYPE queue_metrics_apps_submitted counter
        queue_metrics_apps_submitted{queue="root.a\\"b\\\\c\\nd",context="yarn"} 3
        # HELP queue_metrics_allocated_mb Allocated memory in MB
        # TYPE queue_metrics_allocated_mb gauge
        queue_metrics_allocated_mb{queue="root.a\\"b\\\\c\\nd",context="yarn"} 2048
        """, page.render());
  }

  @Test
  void dropwizardTimersAreSummariesInSeconds() {
    MetricRegistry r = new MetricRegistry();
    r.timer("spindle_x_seconds").update(2, TimeUnit.SECONDS);
    r.counter("spindle_y_total").inc(5);
    PromText page = new PromText();
    page.dropwizard(r, Map.of(), name -> "help of " + name);
    String text = page.render();
    assertTrue(text.contains("# TYPE spindle_x_seconds summary\n"), text);
    assertTrue(text.contains("spindle_x_seconds{quantile=\"0.99\"} 2\n"), text);
    assertTrue(text.contains("spindle_x_seconds_count 1\n"), text);
    assertTrue(text.contains("# TYPE spindle_y_total counter\nspindle_y_total 5\n"), text);
  }

  @Test
  void numbersAreWrittenAsPrometheusReadsThem() {
    assertEquals("3", PromText.number(3.0));
    assertEquals("0.25", PromText.number(0.25));
    assertEquals("NaN", PromText.number(Double.NaN));
    assertEquals("+Inf", PromText.number(Double.POSITIVE_INFINITY));
  }
}
