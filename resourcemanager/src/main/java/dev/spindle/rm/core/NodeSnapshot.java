package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * A node as the core saw it at one moment: what node reports and an AM's updated nodes are
 * made of. Immutable, so RPC threads turn it into Hadoop records off the core thread.
 *
 * @param decommissioningTimeout while DECOMMISSIONING, the graceful timeout in seconds
 *                               (negative: none); otherwise null
 */
public record NodeSnapshot(NodeId id, NodeState state, String httpAddress, String rack,
    ResourceVector used, ResourceVector capability, int numContainers, String healthReport,
    long lastHealthReportTime, Integer decommissioningTimeout) {}
