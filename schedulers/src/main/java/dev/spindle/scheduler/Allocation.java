package dev.spindle.scheduler;

/**
 * A decision to give one container to an application on a node. The scheduler has already
 * charged the node, queue and application when it returns this.
 *
 * @param allocationId        scheduler-unique, increasing id of this allocation; the RM maps
 *                            it to the YARN container id it mints
 * @param resource            the normalised size (never smaller than asked)
 * @param priority            the priority of the ask it satisfies (AMs match on it)
 * @param allocationRequestId echoed from the ask
 */
public record Allocation(
    long allocationId,
    long appKey,
    String nodeId,
    ResourceVector resource,
    int priority,
    long allocationRequestId,
    Locality locality) {}
