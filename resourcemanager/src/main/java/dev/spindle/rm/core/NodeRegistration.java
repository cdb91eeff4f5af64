package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * A NodeManager registering (or re-registering), as the core takes it: the RPC side builds
 * it from the NM's request (yarn-compat 3.1).
 *
 * @param capability   every resource type the node offers
 * @param containers   what the NM still runs or finished while the RM was away
 *                     (work-preserving restart); empty on a fresh NM
 * @param runningApps  applications the NM still runs; a live node re-registering with some
 *                     keeps its containers
 */
public record NodeRegistration(NodeId nodeId, int httpPort, ResourceVector capability,
    String nmVersion, List<ReportedContainer> containers, List<ApplicationId> runningApps) {

  public NodeRegistration {
    containers = containers == null ? List.of() : containers;
    runningApps = runningApps == null ? List.of() : runningApps;
  }

  /** A container the NM reports at registration: what recovering it takes. */
  public record ReportedContainer(ContainerId id, ContainerState state,
      ResourceVector capability, int priority, int exitStatus, String diagnostics,
      long creationTime, long allocationRequestId) {}
}
