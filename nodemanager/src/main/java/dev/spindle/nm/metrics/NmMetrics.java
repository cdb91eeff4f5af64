package dev.spindle.nm.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.spindle.metrics.JmxPublisher;
import dev.spindle.metrics.Metrics2Bridge;
import dev.spindle.metrics.PromText;
import dev.spindle.metrics.StockGroup;
import dev.spindle.metrics.StockGroup.Kind;
import dev.spindle.metrics.StockGroup.Type;
import dev.spindle.nm.container.ContainerTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NM's metrics: stock {@code Hadoop:service=NodeManager,name=NodeManagerMetrics} (with
 * stock's attribute names, over a Dropwizard registry) refreshed from the container table
 * every {@value #SAMPLE_INTERVAL_KEY} ms (default 1000) and on every scrape, and the
 * Prometheus page of it plus Hadoop's metrics2 sources (JvmMetrics, the container-management
 * server's RpcActivityForPort).
 */
public final class NmMetrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NmMetrics.class);

  public static final String SERVICE = "NodeManager";
  public static final String SAMPLE_INTERVAL_KEY = "spindle.nm.metrics.sample-interval-ms";

  private final ContainerTable table;
  private final Supplier<Resource> capability;
  private final long intervalMs;
  private final MetricRegistry registry = new MetricRegistry();
  private final JmxPublisher jmx = new JmxPublisher(SERVICE);
  private final StockGroup group = new StockGroup("NodeManagerMetrics", "NodeManagerMetrics",
      tags());
  private ScheduledExecutorService sampler;

  /**
   * @param capability what the node offers (null until it registered)
   */
  public NmMetrics(Configuration conf, ContainerTable table, Supplier<Resource> capability) {
    this.table = table;
    this.capability = capability;
    this.intervalMs = Math.max(10, conf.getLong(SAMPLE_INTERVAL_KEY, 1000));
    group.add("ContainersLaunched", Kind.COUNTER, Type.INT, "Containers launched");
    group.add("ContainersCompleted", Kind.COUNTER, Type.INT, "Containers completed");
    group.add("ContainersFailed", Kind.COUNTER, Type.INT, "Containers failed");
    group.add("ContainersKilled", Kind.COUNTER, Type.INT, "Containers killed");
    group.add("ContainersIniting", Kind.GAUGE, Type.INT, "# of initializing containers");
    group.add("ContainersRunning", Kind.GAUGE, Type.INT, "Containers running");
    group.add("AllocatedGB", Kind.GAUGE, Type.INT, "Current allocated memory in GB");
    group.add("AllocatedContainers", Kind.GAUGE, Type.INT,
        "Current # of allocated containers");
    group.add("AvailableGB", Kind.GAUGE, Type.INT, "Available GB");
    group.add("AllocatedVCores", Kind.GAUGE, Type.INT, "Current allocated Virtual Cores");
    group.add("AvailableVCores", Kind.GAUGE, Type.INT, "Available VCores");
    group.add("ApplicationsRunning", Kind.GAUGE, Type.INT, "Current running apps");
    group.registerIn(registry);
  }

  private static Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Context", "yarn");
    try {
      tags.put("Hostname", InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      tags.put("Hostname", "localhost");
    }
    return tags;
  }

  /** Publishes the bean and starts refreshing it. */
  public synchronized void start() {
    Metrics2Bridge.start(SERVICE);
    sampleNow();
    jmx.publish(group);
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-nm-metrics");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleWithFixedDelay(this::sampleNow, intervalMs, intervalMs,
        TimeUnit.MILLISECONDS);
  }

  /** Refreshes the bean from the container table now. */
  public void sampleNow() {
    try {
      ContainerTable.Usage u = table.usage();
      Resource cap = capability.get();
      long capMb = cap == null ? 0 : cap.getMemorySize();
      long capVcores = cap == null ? 0 : cap.getVirtualCores();
      group.set("ContainersLaunched", u.launched());
      group.set("ContainersCompleted", u.completed());
      group.set("ContainersFailed", u.failed());
      group.set("ContainersKilled", u.killed());
      group.set("ContainersIniting", u.initing());
      group.set("ContainersRunning", u.running());
      // Stock rounds allocated GB up and available GB down.
      group.set("AllocatedGB", (int) Math.ceil(u.allocatedMb() / 1024d));
      group.set("AllocatedContainers", u.allocatedContainers());
      group.set("AvailableGB", (int) Math.floor(Math.max(0, capMb - u.allocatedMb()) / 1024d));
      group.set("AllocatedVCores", u.allocatedVcores());
      group.set("AvailableVCores", Math.max(0, capVcores - u.allocatedVcores()));
      group.set("ApplicationsRunning", u.appsRunning());
    } catch (RuntimeException e) {
      LOG.warn("NodeManagerMetrics sample failed", e);
    }
  }

  /** The Prometheus page (refreshed first). */
  public String prometheus() {
    sampleNow();
    PromText page = new PromText();
    page.stock(group);
    Metrics2Bridge.addTo(page);
    return page.render();
  }

  /** The stock group, for tests. */
  StockGroup group() {
    return group;
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
    jmx.close();
  }
}
