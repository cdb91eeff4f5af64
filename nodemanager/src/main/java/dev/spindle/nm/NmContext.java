package dev.spindle.nm;

import dev.spindle.nm.container.ContainerTable;
import dev.spindle.nm.logs.LogAggregator;
import dev.spindle.nm.security.NmContainerTokenSecretManager;
import dev.spindle.nm.security.NmTokenSecretManager;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.ResourceManagerConstants;

/**
 * What the parts of one NodeManager share. One instance per NM (several NMs may run in one
 * JVM, so nothing here is static).
 */
public final class NmContext {
  /** How long stop/status calls on a forgotten container still succeed (stock key). */
  public static final String TRACK_STOPPED_KEY =
      YarnConfiguration.NM_PREFIX + "duration-to-track-stopped-containers";

  private final Configuration conf;
  private final NmDirs dirs;
  private final LongSupplier clock;
  private final NmContainerTokenSecretManager containerTokens;
  private final NmTokenSecretManager nmTokens;
  private final ContainerTable table;
  private final DelayedDeleter deleter;
  private final LogAggregator logs;
  /**
   * Held while registering with the RM and while starting containers, so a container is
   * never half-started across a resync (the stock NM synchronises the same two paths).
   */
  private final Object registrationLock = new Object();
  private volatile NodeId nodeId;
  private volatile int httpPort;
  private volatile long rmIdentifier = ResourceManagerConstants.RM_INVALID_IDENTIFIER;

  public NmContext(Configuration conf, NmDirs dirs, LongSupplier clock) {
    this.conf = conf;
    this.dirs = dirs;
    this.clock = clock;
    this.containerTokens = new NmContainerTokenSecretManager(conf, clock);
    this.nmTokens = new NmTokenSecretManager();
    this.table = new ContainerTable(conf.getLong(TRACK_STOPPED_KEY, 600_000L), clock);
    // Both start their threads lazily, on first use.
    this.deleter = new DelayedDeleter(conf);
    this.logs = new LogAggregator(this, deleter);
  }

  /** Delayed deletion of finished work and the housekeeping timer. */
  public DelayedDeleter deleter() {
    return deleter;
  }

  /** Log aggregation (or local log retention when aggregation is off). */
  public LogAggregator logs() {
    return logs;
  }

  public Configuration conf() {
    return conf;
  }

  public NmDirs dirs() {
    return dirs;
  }

  public long now() {
    return clock.getAsLong();
  }

  public LongSupplier clock() {
    return clock;
  }

  public NmContainerTokenSecretManager containerTokens() {
    return containerTokens;
  }

  public NmTokenSecretManager nmTokens() {
    return nmTokens;
  }

  public ContainerTable table() {
    return table;
  }

  public Object registrationLock() {
    return registrationLock;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** Set once the container-management server is bound. */
  public void setNodeId(NodeId nodeId) {
    this.nodeId = nodeId;
    containerTokens.setNodeId(nodeId);
    nmTokens.setNodeId(nodeId);
  }

  public int httpPort() {
    return httpPort;
  }

  public void setHttpPort(int httpPort) {
    this.httpPort = httpPort;
  }

  /** The RM incarnation this node registered with; -1 while (re)registering. */
  public long rmIdentifier() {
    return rmIdentifier;
  }

  public void setRmIdentifier(long rmIdentifier) {
    this.rmIdentifier = rmIdentifier;
  }
}
