package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * A live container at one moment: what a container report is made of.
 *
 * @param nodeHttpAddress "http://host:port" of its NM's web server, or null when the node
 *                        is gone
 * @param logUrl          where its logs are served, or null when the node is gone
 */
public record ContainerSnapshot(ContainerId id, ResourceVector resource, NodeId nodeId,
    int priority, long creationTime, long finishTime, String diagnostics, String logUrl,
    int exitStatus, ContainerState state, String nodeHttpAddress) {}
