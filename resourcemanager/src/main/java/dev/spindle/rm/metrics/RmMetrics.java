package dev.spindle.rm.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.spindle.metrics.JmxPublisher;
import dev.spindle.metrics.Metrics2Bridge;
import dev.spindle.metrics.PromText;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.MetricsSample;
import dev.spindle.rm.core.Refusal;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.store.StoreWriter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RM's metrics: a Dropwizard registry with the stock ClusterMetrics and QueueMetrics
 * groups (published in JMX under their stock names) and Spindle's own families (event loop,
 * RPC latencies, scheduling passes, state store, offers), and the Prometheus page of all of
 * them plus Hadoop's metrics2 sources (JvmMetrics, RpcActivityForPort...).
 *
 * <p>Threads: the stock groups are filled from a {@link MetricsSample} the event loop copies
 * out every {@value #SAMPLE_INTERVAL_KEY} ms (default 1000) on a call made by this class's
 * own thread; nothing here reads loop-owned state. The same call measures the loop's lag:
 * how long it took the loop to reach it.
 */
public final class RmMetrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RmMetrics.class);

  /** The stock service name in the MBean names. */
  public static final String SERVICE = "ResourceManager";
  /** How often the stock groups are refreshed from the core (ms). */
  public static final String SAMPLE_INTERVAL_KEY = "spindle.rm.metrics.sample-interval-ms";

  /** HELP lines of Spindle's own families. */
  private static final Map<String, String> HELP = Map.ofEntries(
      Map.entry("spindle_rm_event_loop_queue_depth", "Operations waiting for the RM event loop"),
      Map.entry("spindle_rm_event_loop_parked_replies",
          "Replies waiting for their state-store write to be durable"),
      Map.entry("spindle_rm_event_loop_lag_seconds",
          "How long the latest probe waited for the RM event loop"),
      Map.entry("spindle_rm_allocate_seconds", "AM allocate call latency"),
      Map.entry("spindle_rm_node_heartbeat_seconds", "NM heartbeat call latency"),
      Map.entry("spindle_rm_submit_application_seconds", "submitApplication call latency"),
      Map.entry("spindle_rm_scheduling_pass_seconds", "Time of one scheduling pass"),
      Map.entry("spindle_rm_state_store_write_seconds",
          "Time to commit a group of state-store writes, retries included"),
      Map.entry("spindle_rm_state_store_write_failures_total",
          "State-store write batches that failed"),
      Map.entry("spindle_rm_offers_made_total", "Offers sent to frameworks"),
      Map.entry("spindle_rm_offers_accepted_total", "Offers accepted by frameworks"),
      Map.entry("spindle_rm_offers_declined_total", "Offers declined by frameworks"),
      Map.entry("spindle_rm_offers_rescinded_total", "Offers taken back by the RM"),
      Map.entry("spindle_rm_offers_outstanding", "Offers made and not yet answered"));

  private final long intervalMs;
  private final JmxPublisher jmx = new JmxPublisher(SERVICE);
  /** The stock groups, as {@code <jmxName>.<Attribute>}. */
  private final MetricRegistry stock = new MetricRegistry();
  /** Spindle's own families, named as they appear in Prometheus. */
  private final MetricRegistry own = new MetricRegistry();
  private final ClusterMetricsGroup cluster = new ClusterMetricsGroup();
  private final QueueMetricsBook queues = new QueueMetricsBook(jmx, stock);
  private final OfferMetrics offers = new OfferMetrics(own);
  private final Timer allocate = own.timer("spindle_rm_allocate_seconds");
  private final Timer heartbeat = own.timer("spindle_rm_node_heartbeat_seconds");
  private final Timer submit = own.timer("spindle_rm_submit_application_seconds");
  private final Timer schedulingPass = own.timer("spindle_rm_scheduling_pass_seconds");
  private final Timer storeWrites = own.timer("spindle_rm_state_store_write_seconds");
  private final Counter storeFailures =
      own.counter("spindle_rm_state_store_write_failures_total");
  private volatile long lagNanos;
  /** Held while a sample is taken and applied (never while rendering). */
  private final Object sampling = new Object();
  private ScheduledExecutorService sampler;
  private volatile EventLoop loop;
  private volatile RmCore core;

  public RmMetrics(Configuration conf) {
    this.intervalMs = Math.max(10, conf.getLong(SAMPLE_INTERVAL_KEY, 1000));
    own.register("spindle_rm_event_loop_lag_seconds", (Gauge<Double>) () -> lagNanos / 1e9);
  }

  /** AM allocate latencies (AmRmService). */
  public Timer allocate() {
    return allocate;
  }

  /** NM heartbeat latencies (ResourceTrackerService). */
  public Timer nodeHeartbeat() {
    return heartbeat;
  }

  /** submitApplication latencies (ClientRmService). */
  public Timer submitApplication() {
    return submit;
  }

  /** Offer mode's counters and outstanding gauge. */
  public OfferMetrics offers() {
    return offers;
  }

  /** Measures the store's writes (HA / recovery on). */
  public void observe(StoreWriter writer) {
    writer.observe(new StoreWriter.Observer() {
      @Override
      public void committed(long nanos) {
        storeWrites.update(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void failed() {
        storeFailures.inc();
      }
    });
  }

  /**
   * Starts publishing: Hadoop's metrics system (JvmMetrics, RPC beans), the stock groups in
   * JMX after a first sample taken now, and the sampling thread.
   */
  public synchronized void start(EventLoop loop, RmCore core) {
    this.core = core;
    this.loop = loop;
    Metrics2Bridge.start(SERVICE);
    own.register("spindle_rm_event_loop_queue_depth", (Gauge<Integer>) loop::queued);
    own.register("spindle_rm_event_loop_parked_replies", (Gauge<Integer>) loop::parkedReplies);
    try {
      // The hook is loop-owned state: set it on the loop.
      loop.call(() -> {
        core.observeSchedulingPasses(
            nanos -> schedulingPass.update(nanos, TimeUnit.NANOSECONDS));
        return null;
      });
    } catch (Refusal e) {
      throw new IllegalStateException("The RM core is not running", e);
    }
    cluster.group.registerIn(stock);
    jmx.publish(cluster.group);
    sampleNow();
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-rm-metrics");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleWithFixedDelay(this::sampleNow, intervalMs, intervalMs,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Refreshes the stock groups from the core now (also what the sampling thread runs).
   * Samples are taken and applied one at a time, so they are applied in the order the loop
   * took them: the app counters compare each sample with the one before.
   */
  public void sampleNow() {
    synchronized (sampling) {
      takeSample();
    }
  }

  private void takeSample() {
    EventLoop l = loop;
    if (l == null) {
      return;
    }
    long asked = System.nanoTime();
    try {
      Probe p = l.call(() -> new Probe(System.nanoTime(), core.metricsSample()));
      lagNanos = Math.max(0, p.reached() - asked);
      synchronized (this) {
        if (loop == null) {
          return; // closed meanwhile
        }
        cluster.update(p.sample());
        cluster.loopDepth(l.queued());
        queues.update(p.sample());
      }
    } catch (Refusal e) {
      LOG.debug("No metrics sample: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Metrics sample failed", e);
    }
  }

  private record Probe(long reached, MetricsSample sample) {}

  /**
   * The Prometheus page: stock groups (refreshed from the core first, so a scrape sees the
   * state of now), Spindle's families, Hadoop's metrics2 sources.
   */
  public String prometheus() {
    sampleNow();
    PromText page = new PromText();
    synchronized (this) {
      page.stock(cluster.group);
      queues.groups().forEach(page::stock);
    }
    page.dropwizard(own, Map.of(), name -> HELP.getOrDefault(name, name));
    Metrics2Bridge.addTo(page);
    return page.render();
  }

  /** The JMX publisher, for tests that look up the names it gave. */
  JmxPublisher jmx() {
    return jmx;
  }

  /** Stops sampling and takes every bean of this RM out of JMX. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = sampler;
      sampler = null;
      loop = null;
      queues.closeAll();
      jmx.close();
      cluster.group.removeFrom(stock);
    }
    if (s != null) {
      s.shutdownNow();
    }
  }
}
