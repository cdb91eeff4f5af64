package dev.spindle.scheduler;

/**
 * A decision to give one container to an application on a node, or, in offer mode, to offer
 * a framework a node's free resources. The scheduler has already charged the node, queue and
 * application when it returns this: an outstanding offer counts against the framework's
 * share like a container.
 *
 * @param allocationId        scheduler-unique, increasing id of this allocation; the RM maps
 *                            it to the YARN container id it mints
 * @param resource            the normalised size (never smaller than asked)
 * @param priority            the priority of the ask it satisfies (AMs match on it)
 * @param allocationRequestId echoed from the ask
 * @param offer               an offer of {@code resource} to a framework (its id is the
 *                            offer id), not a container
 */
public record Allocation(
    long allocationId,
    long appKey,
    String nodeId,
    ResourceVector resource,
    int priority,
    long allocationRequestId,
    Locality locality,
    boolean offer) {}
