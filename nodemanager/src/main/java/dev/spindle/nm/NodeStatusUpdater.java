package dev.spindle.nm;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnRuntimeException;
import org.apache.hadoop.yarn.server.api.ResourceManagerConstants;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.ServerRMProxy;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.UnRegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.apache.hadoop.yarn.util.YarnVersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration with the RM and the heartbeat loop (ResourceTracker, yarn-compat 3.1-3.3).
 *
 * <p>{@link #serviceStart} registers synchronously (so {@code nm.start()} returns registered,
 * or throws with the RM's diagnostics on SHUTDOWN) and then starts the heartbeat thread.
 * The heartbeat id and the missed-heartbeat flag are owned by that thread.
 */
public class NodeStatusUpdater extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(NodeStatusUpdater.class);

  private final NmContext ctx;
  private final NodeCommands commands;
  private final Object sleepMonitor = new Object();
  private ResourceTracker rm;
  private volatile Resource resource;
  private Thread thread;
  private volatile boolean stopping;
  private volatile boolean shutdownByRm;
  private long nextHeartbeatMs = YarnConfiguration.DEFAULT_RM_NM_HEARTBEAT_INTERVAL_MS;

  public NodeStatusUpdater(NmContext ctx, NodeCommands commands) {
    super("NodeStatusUpdater");
    this.ctx = ctx;
    this.commands = commands;
  }

  /** What this node offers the RM (null before start). */
  public Resource capability() {
    return resource;
  }

  @Override
  protected void serviceStart() throws Exception {
    // Further types (yarn.io/gpu) are declared as on the stock NM; never silently dropped.
    resource = NodeResources.capability(ctx.conf());
    rm = ServerRMProxy.createRMProxy(ctx.conf(), ResourceTracker.class);
    register();
    thread = new Thread(this::heartbeatLoop, "NM heartbeat " + ctx.nodeId());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  protected void serviceStop() throws Exception {
    stopping = true;
    synchronized (sleepMonitor) {
      sleepMonitor.notifyAll();
    }
    if (thread != null) {
      // An RPC stuck retrying a dead RM returns on interrupt.
      thread.interrupt();
      thread.join(10_000);
    }
    if (rm != null) {
      if (!shutdownByRm && ctx.rmIdentifier() != ResourceManagerConstants.RM_INVALID_IDENTIFIER) {
        unregisterBounded(5_000);
      }
      RPC.stopProxy(rm);
    }
  }

  /**
   * unRegisterNodeManager, best effort: the RM proxy retries for up to
   * yarn.resourcemanager.connect.max-wait.ms (15 min), and a stop must not hang on a dead RM.
   */
  private void unregisterBounded(long waitMs) throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        rm.unRegisterNodeManager(UnRegisterNodeManagerRequest.newInstance(ctx.nodeId()));
      } catch (Exception e) {
        LOG.warn("unRegisterNodeManager failed: {}", e.toString());
      }
    }, "NM unregister " + ctx.nodeId());
    t.setDaemon(true);
    t.start();
    t.join(waitMs);
    if (t.isAlive()) {
      LOG.warn("unRegisterNodeManager did not finish in {} ms; giving up", waitMs);
      t.interrupt();
    }
  }

  /** Registers (or re-registers after RESYNC) with every container and running app. */
  void register() throws Exception {
    synchronized (ctx.registrationLock()) {
      ctx.setRmIdentifier(ResourceManagerConstants.RM_INVALID_IDENTIFIER);
      RegisterNodeManagerRequest req = RegisterNodeManagerRequest.newInstance(ctx.nodeId(),
          ctx.httpPort(), resource, YarnVersionInfo.getVersion(),
          ctx.table().registrationStatuses(), ctx.table().runningApps());
      RegisterNodeManagerResponse resp = rm.registerNodeManager(req);
      if (resp.getNodeAction() == NodeAction.SHUTDOWN) {
        shutdownByRm = true;
        throw new YarnRuntimeException("Received SHUTDOWN signal from ResourceManager, "
            + "registration of NodeManager " + ctx.nodeId() + " failed: "
            + resp.getDiagnosticsMessage());
      }
      installKeys(resp.getContainerTokenMasterKey(), resp.getNMTokenMasterKey());
      if (resp.getResource() != null) {
        resource = resp.getResource();
      }
      ctx.setRmIdentifier(resp.getRMIdentifier());
      LOG.info("Registered {} with the RM (rmIdentifier {}, resource {}, RM version {})",
          ctx.nodeId(), resp.getRMIdentifier(), resource, resp.getRMVersion());
    }
  }

  private void installKeys(MasterKey containerKey, MasterKey nmKey) {
    if (containerKey != null) {
      ctx.containerTokens().setMasterKey(containerKey);
    }
    if (nmKey != null) {
      ctx.nmTokens().setMasterKey(nmKey);
    }
  }

  private void heartbeatLoop() {
    int lastResponseId = 0;
    boolean missed = false;
    while (!stopping) {
      List<LogAggregationReport> logReports = ctx.logs().takeReports();
      try {
        NodeHeartbeatResponse resp;
        try {
          resp = rm.nodeHeartbeat(buildHeartbeat(lastResponseId, logReports));
        } catch (Exception e) {
          ctx.logs().putBack(logReports);
          throw e;
        }
        nextHeartbeatMs = resp.getNextHeartBeatInterval();
        installKeys(resp.getContainerTokenMasterKey(), resp.getNMTokenMasterKey());
        if (resp.getNodeAction() == NodeAction.SHUTDOWN) {
          LOG.warn("RM asked {} to shut down: {}", ctx.nodeId(), resp.getDiagnosticsMessage());
          shutdownByRm = true;
          commands.shutdownRequested(resp.getDiagnosticsMessage());
          return;
        }
        if (resp.getNodeAction() == NodeAction.RESYNC) {
          ctx.logs().putBack(logReports);
          resync();
          lastResponseId = 0;
          missed = false;
          continue;
        }
        lastResponseId = resp.getResponseId();
        applyResponse(resp, missed);
        missed = false;
      } catch (Exception e) {
        if (shutdownByRm) {
          // SHUTDOWN while re-registering after a RESYNC.
          LOG.warn("{}", e.getMessage());
          commands.shutdownRequested(e.getMessage());
          return;
        }
        if (!stopping) {
          LOG.warn("Heartbeat from {} failed: {}", ctx.nodeId(), e.toString());
        }
        missed = true;
      }
      sleep();
    }
  }

  private NodeHeartbeatRequest buildHeartbeat(int lastResponseId,
      List<LogAggregationReport> logReports) {
    NodeStatus status = NodeStatus.newInstance(ctx.nodeId(), lastResponseId,
        ctx.table().heartbeatStatuses(), new ArrayList<>(), health(), null, null, null);
    // Both last_known keys always: the stock RM reads them without a null check.
    NodeHeartbeatRequest req = NodeHeartbeatRequest.newInstance(status,
        ctx.containerTokens().getCurrentKey(), ctx.nmTokens().getCurrentKey(), null);
    if (!logReports.isEmpty()) {
      // Log aggregation outcomes (stock NodeStatusUpdaterImpl sends them the same way).
      req.setLogAggregationReportsForApps(logReports);
    }
    return req;
  }

  private void applyResponse(NodeHeartbeatResponse resp, boolean missed) {
    ctx.table().ack(resp.getContainersToBeRemovedFromNM());
    // A missed heartbeat may have been processed by the RM as a duplicate; report the
    // once-more completions again rather than lose them.
    if (!missed) {
      ctx.table().clearPendingCompleted();
    }
    List<ContainerId> toKill = resp.getContainersToCleanup();
    if (!toKill.isEmpty()) {
      commands.killContainers(toKill, ContainerExitStatus.KILLED_BY_RESOURCEMANAGER,
          "Container Killed by ResourceManager");
    }
    if (!resp.getApplicationsToCleanup().isEmpty()) {
      commands.finishApplications(resp.getApplicationsToCleanup());
    }
    if (!resp.getContainersToSignalList().isEmpty()) {
      commands.signalContainers(resp.getContainersToSignalList());
    }
  }

  /** RESYNC: keep containers when work-preserving, then register again from id 0. */
  private void resync() throws Exception {
    LOG.info("RM asked {} to resync", ctx.nodeId());
    ctx.setRmIdentifier(ResourceManagerConstants.RM_INVALID_IDENTIFIER);
    boolean preserve = ctx.conf().getBoolean(
        YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED,
        YarnConfiguration.DEFAULT_RM_WORK_PRESERVING_RECOVERY_ENABLED);
    if (!preserve) {
      List<ContainerId> all = new ArrayList<>();
      ctx.table().all().forEach(c -> all.add(c.getId()));
      commands.killContainers(all, ContainerExitStatus.KILLED_BY_RESOURCEMANAGER,
          "Container killed on RM resync");
    }
    register();
  }

  private NodeHealthStatus health() {
    StringBuilder report = new StringBuilder();
    List<File> dirs = new ArrayList<>(ctx.dirs().localDirs());
    dirs.addAll(ctx.dirs().logDirs());
    for (File d : dirs) {
      if (!d.isDirectory() || !d.canWrite()) {
        report.append(report.length() == 0 ? "" : "; ").append("bad dir ").append(d);
      }
    }
    return NodeHealthStatus.newInstance(report.length() == 0, report.toString(), ctx.now());
  }

  private void sleep() {
    long ms = nextHeartbeatMs <= 0 ? YarnConfiguration.DEFAULT_RM_NM_HEARTBEAT_INTERVAL_MS
        : nextHeartbeatMs;
    synchronized (sleepMonitor) {
      if (stopping) {
        return;
      }
      try {
        sleepMonitor.wait(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }

  /** True when the RM, not our owner, ended this node (SHUTDOWN). */
  public boolean isShutdownByRm() {
    return shutdownByRm;
  }
}
