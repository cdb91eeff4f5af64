package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * One NM heartbeat, as the core takes it (yarn-compat 3.2). Built by the RPC side for every
 * heartbeat, the hot path: an idle node's has empty shared lists.
 *
 * @param responseId the id of the last response the NM got
 * @param health     what the NM's health checker says; null when the NM sent none
 * @param containers the NM's containers and their states
 * @param logReports how aggregating the logs of finished applications went on the node
 */
public record NodeHeartbeat(NodeId nodeId, int responseId, Health health,
    List<ContainerUpdate> containers, List<LogReport> logReports) {

  public NodeHeartbeat {
    containers = containers == null ? List.of() : containers;
    logReports = logReports == null ? List.of() : logReports;
  }

  public record Health(boolean healthy, String report, long reportTime) {}

  /** One container's state on the NM; the exit status and diagnostics count once COMPLETE. */
  public record ContainerUpdate(ContainerId id, ContainerState state, int exitStatus,
      String diagnostics) {}

  public record LogReport(ApplicationId app, LogAggregationStatus status) {}
}
