package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * A container handed to its AM (or to the AM launcher): what the adapter needs to build the
 * Hadoop {@code Container} record and its container token off the core thread.
 *
 * @param nodeHttpAddress     the node's host:httpPort when the container was allocated
 * @param creationTime        when the RM allocated it (the token's creation time, as stock)
 * @param am                  the AM container (its token says APPLICATION_MASTER)
 * @param user                the application's submitter (the token's user)
 */
public record ContainerGrant(
    ContainerId id,
    NodeId nodeId,
    String nodeHttpAddress,
    ResourceVector resource,
    int priority,
    long allocationRequestId,
    long creationTime,
    boolean am,
    String user) {}
