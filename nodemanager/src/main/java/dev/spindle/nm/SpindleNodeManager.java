package dev.spindle.nm;

import dev.spindle.nm.aux.AuxServicesHost;
import dev.spindle.nm.aux.NmLocalPathHandler;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import dev.spindle.nm.metrics.NmMetrics;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.service.CompositeService;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spindle NodeManager: {@code nm.init(conf); nm.start(); ... nm.stop()}.
 *
 * <p>Start order matters: aux services first (their metadata goes into every start reply),
 * then the web server (its port is registered), then the container-management RPC server
 * (the NodeId carries its real port), and last the status updater, whose start returns
 * once the RM accepted the registration. Several instances may share a JVM: all state is
 * per instance, and each reads its own dirs and ports from its configuration.
 */
public class SpindleNodeManager extends CompositeService {
  private static final Logger LOG = LoggerFactory.getLogger(SpindleNodeManager.class);

  private NmContext ctx;
  private ContainerSupervisor supervisor;
  private NodeStatusUpdater statusUpdater;
  private volatile String rmShutdownDiagnostics;
  /** NodeManagerMetrics in JMX and /prom; published while the NM runs. */
  private NmMetrics metrics;

  public SpindleNodeManager() {
    super("SpindleNodeManager");
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    Configuration yconf = conf instanceof YarnConfiguration ? conf : new YarnConfiguration(conf);
    if (yconf.getBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, false)) {
      // Several NMs in one JVM: aux services such as the ShuffleHandler register metrics
      // sources under fixed names; mini-cluster mode makes the names unique (as the stock
      // MiniYARNCluster does).
      DefaultMetricsSystem.setMiniClusterMode(true);
    }
    NmDirs dirs = NmDirs.fromConf(yconf);
    dirs.create();
    ctx = new NmContext(yconf, dirs, System::currentTimeMillis);
    ctx.logs().start();
    AuxServicesHost aux = new AuxServicesHost(new NmLocalPathHandler(dirs));
    addService(aux);
    supervisor = new ContainerSupervisor(ctx, aux, Map.copyOf(System.getenv()),
        this::stopOnRmRequest);
    statusUpdater = new NodeStatusUpdater(ctx, supervisor);
    metrics = new NmMetrics(yconf, ctx.table(), statusUpdater::capability);
    addService(new NmWebServer(ctx, metrics::prometheus));
    addService(new ContainerManagerService(ctx, supervisor));
    addService(statusUpdater);
    super.serviceInit(yconf);
  }

  @Override
  protected void serviceStart() throws Exception {
    metrics.start();
    super.serviceStart();
  }

  /** This NM's metrics (null before init). */
  public NmMetrics metrics() {
    return metrics;
  }

  @Override
  protected void serviceStop() throws Exception {
    if (metrics != null) {
      metrics.close();
    }
    if (supervisor != null) {
      supervisor.stopAll(10_000);
    }
    super.serviceStop();
    if (supervisor != null) {
      supervisor.close();
    }
  }

  /** SHUTDOWN in a heartbeat: stop on another thread (the heartbeat thread is joined). */
  private void stopOnRmRequest(String diagnostics) {
    rmShutdownDiagnostics = "ResourceManager asked this NodeManager to shut down: " + diagnostics;
    Thread t = new Thread(this::stop, "nm-shutdown");
    t.setDaemon(true);
    t.start();
  }

  /** The NodeId registered with the RM (valid after start()). */
  public NodeId getNodeId() {
    return ctx == null ? null : ctx.nodeId();
  }

  /** The port of the NM web endpoint (valid after start()). */
  public int getHttpPort() {
    return ctx.httpPort();
  }

  /** Non-null when the RM ended this node with SHUTDOWN. */
  public String getRmShutdownDiagnostics() {
    return rmShutdownDiagnostics;
  }

  /** For tests and embedding: the node's shared context. */
  public NmContext getContext() {
    return ctx;
  }
}
