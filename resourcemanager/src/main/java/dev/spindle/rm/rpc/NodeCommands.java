package dev.spindle.rm.rpc;

import dev.spindle.rm.core.NodeHeartbeat;
import dev.spindle.rm.core.NodeRegistration;
import dev.spindle.rm.core.ResourceConverter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.apache.hadoop.yarn.server.api.protocolrecords.NMContainerStatus;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;

/**
 * Turns the NM's ResourceTracker requests into the core's commands. Runs on RPC threads, so
 * reading the records stays off the core thread. The heartbeat is the hot path: an idle
 * node's command has the shared empty lists.
 */
public final class NodeCommands {

  private NodeCommands() {}

  public static NodeRegistration registration(RegisterNodeManagerRequest r) {
    List<NMContainerStatus> reported = r.getNMContainerStatuses();
    List<NodeRegistration.ReportedContainer> containers = new ArrayList<>();
    if (reported != null) {
      for (NMContainerStatus s : reported) {
        containers.add(new NodeRegistration.ReportedContainer(s.getContainerId(),
            s.getContainerState(), ResourceConverter.toVector(s.getAllocatedResource()),
            s.getPriority() == null ? 0 : s.getPriority().getPriority(),
            s.getContainerExitStatus(), s.getDiagnostics(), s.getCreationTime(),
            s.getAllocationRequestId()));
      }
    }
    return new NodeRegistration(r.getNodeId(), r.getHttpPort(),
        ResourceConverter.toVector(r.getResource()), r.getNMVersion(), containers,
        r.getRunningApplications());
  }

  /**
   * @param logAggregation whether the cluster aggregates logs: the core ignores the NM's
   *                       reports otherwise, and not reading them saves making their list
   *                       on every heartbeat
   */
  public static NodeHeartbeat heartbeat(NodeHeartbeatRequest request, boolean logAggregation) {
    NodeStatus status = request.getNodeStatus();
    NodeHealthStatus h = status.getNodeHealthStatus();
    NodeHeartbeat.Health health = h == null ? null : new NodeHeartbeat.Health(
        h.getIsNodeHealthy(), h.getHealthReport(), h.getLastHealthReportTime());
    return new NodeHeartbeat(status.getNodeId(), status.getResponseId(), health,
        containers(status.getContainersStatuses()),
        logAggregation ? logReports(request.getLogAggregationReportsForApps()) : List.of());
  }

  private static List<NodeHeartbeat.ContainerUpdate> containers(List<ContainerStatus> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    List<NodeHeartbeat.ContainerUpdate> out = new ArrayList<>(in.size());
    for (ContainerStatus s : in) {
      out.add(new NodeHeartbeat.ContainerUpdate(s.getContainerId(), s.getState(),
          s.getExitStatus(), s.getDiagnostics()));
    }
    return out;
  }

  private static List<NodeHeartbeat.LogReport> logReports(List<LogAggregationReport> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    List<NodeHeartbeat.LogReport> out = new ArrayList<>(in.size());
    for (LogAggregationReport r : in) {
      out.add(new NodeHeartbeat.LogReport(r.getApplicationId(), r.getLogAggregationStatus()));
    }
    return out;
  }
}
