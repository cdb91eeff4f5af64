package dev.spindle.rm.web;

import dev.spindle.rm.core.AppCounters;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.VersionInfo;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterMetricsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnClusterMetrics;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.YarnVersionInfo;

/** /ws/v1/cluster, /info (served locally even on a standby) and /metrics. */
final class ClusterInfoResource {

  private static final long PROCESS_START = ManagementFactory.getRuntimeMXBean().getStartTime();

  private ClusterInfoResource() {}

  static Map<String, Object> info(HttpServletRequest req) {
    WebBackend backend = Web.backend(req.getServletContext());
    ActiveRm rm = backend.active();
    Configuration conf = Web.conf(req.getServletContext());
    Map<String, Object> m = Web.obj();
    m.put("id", rm == null ? PROCESS_START : rm.clusterTimestamp());
    m.put("startedOn", rm == null ? PROCESS_START : rm.startedOn());
    m.put("state", "STARTED");
    m.put("haState", backend.haState().name());
    m.put("rmStateStoreName", conf != null
        && conf.getBoolean(YarnConfiguration.RECOVERY_ENABLED, false)
        ? "dev.spindle.rm.store.ZkStateStore"
        : "org.apache.hadoop.yarn.server.resourcemanager.recovery.NullRMStateStore");
    m.put("resourceManagerVersion", YarnVersionInfo.getVersion());
    m.put("resourceManagerBuildVersion", YarnVersionInfo.getBuildVersion());
    m.put("resourceManagerVersionBuiltOn", YarnVersionInfo.getDate());
    m.put("hadoopVersion", VersionInfo.getVersion());
    m.put("hadoopBuildVersion", VersionInfo.getBuildVersion());
    m.put("hadoopVersionBuiltOn", VersionInfo.getDate());
    m.put("haZooKeeperConnectionState", backend.zkConnectionState());
    return Web.wrap("clusterInfo", m);
  }

  static Map<String, Object> metrics(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    ApplicationClientProtocol client = rm.client();
    YarnClusterMetrics cm = Web.asCaller(req,
        () -> client.getClusterMetrics(GetClusterMetricsRequest.newInstance())
            .getClusterMetrics());
    // Cluster-wide lifetime counts, as stock's root queue metrics: not the caller's view.
    AppCounters apps;
    try {
      apps = rm.appCounters();
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw WebError.of(e);
    }
    List<NodeReport> nodes = Web.asCaller(req, () -> client.getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.of(NodeState.RUNNING))).getNodeReports());
    long[] sums = nodeSums(nodes);
    long totalMb = sums[0];
    long usedMb = sums[1];
    long totalCores = sums[2];
    long usedCores = sums[3];
    long containers = sums[4];
    Map<String, Object> m = Web.obj();
    m.put("appsSubmitted", apps.submitted());
    m.put("appsCompleted", apps.finished());
    m.put("appsPending", apps.pending());
    m.put("appsRunning", apps.running());
    m.put("appsFailed", apps.failed());
    m.put("appsKilled", apps.killed());
    m.put("reservedMB", 0L);
    m.put("availableMB", totalMb - usedMb);
    m.put("allocatedMB", usedMb);
    m.put("pendingMB", 0L);
    m.put("reservedVirtualCores", 0L);
    m.put("availableVirtualCores", totalCores - usedCores);
    m.put("allocatedVirtualCores", usedCores);
    m.put("pendingVirtualCores", 0L);
    m.put("containersAllocated", containers);
    m.put("containersReserved", 0L);
    m.put("containersPending", 0L);
    m.put("totalMB", totalMb);
    // Node-reported utilisation is not tracked: 0, as stock shows without a monitor.
    m.put("utilizedMB", 0L);
    m.put("totalVirtualCores", totalCores);
    m.put("utilizedVirtualCores", 0L);
    m.put("utilizedMBPercent", totalMb == 0 ? 0 : (int) (usedMb * 100 / totalMb));
    m.put("utilizedVirtualCoresPercent",
        totalCores == 0 ? 0 : (int) (usedCores * 100 / totalCores));
    m.put("rmSchedulerBusyPercent", 0);
    // Stock ClusterMetricsInfo counts every node the RM knows of, lost and gone ones too.
    m.put("totalNodes", cm.getNumActiveNodeManagers() + cm.getNumLostNodeManagers()
        + cm.getNumDecommissionedNodeManagers() + cm.getNumRebootedNodeManagers()
        + cm.getNumUnhealthyNodeManagers() + cm.getNumDecommissioningNodeManagers()
        + cm.getNumShutdownNodeManagers());
    m.put("lostNodes", cm.getNumLostNodeManagers());
    m.put("unhealthyNodes", cm.getNumUnhealthyNodeManagers());
    m.put("decommissioningNodes", cm.getNumDecommissioningNodeManagers());
    m.put("decommissionedNodes", cm.getNumDecommissionedNodeManagers());
    m.put("rebootedNodes", cm.getNumRebootedNodeManagers());
    m.put("activeNodes", cm.getNumActiveNodeManagers());
    m.put("shutdownNodes", cm.getNumShutdownNodeManagers());
    m.put("containerAssignedPerSecond", 0);
    m.put("totalAllocatedContainersAcrossPartition", 0);
    m.put("crossPartitionMetricsAvailable", false);
    m.put("rmEventQueueSize", 0);
    m.put("schedulerEventQueueSize", 0);
    return Web.wrap("clusterMetrics", m);
  }

  /** Total and used memory and cores, and containers, over the running nodes. */
  private static long[] nodeSums(List<NodeReport> nodes) {
    long[] sums = new long[5];
    for (NodeReport n : nodes) {
      sums[0] += n.getCapability().getMemorySize();
      sums[2] += n.getCapability().getVirtualCores();
      if (n.getUsed() != null) {
        sums[1] += n.getUsed().getMemorySize();
        sums[3] += n.getUsed().getVirtualCores();
      }
      sums[4] += n.getNumContainers();
    }
    return sums;
  }
}
