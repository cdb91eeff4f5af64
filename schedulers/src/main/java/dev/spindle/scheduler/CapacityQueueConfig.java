package dev.spindle.scheduler;

import java.util.List;

/**
 * The configuration of one Capacity queue, as read from
 * {@code yarn.scheduler.capacity.<path>.*} with inherited values already filled in.
 *
 * @param children        full paths of the child queues; empty for a leaf
 * @param maxApplications explicit {@code maximum-applications}, or -1 to derive it
 * @param maxAmPercent    fraction (0..1) of the queue's resources AM containers may use
 * @param userLimitFactor multiple of the queue capacity one user may take; -1 disables
 * @param minUserLimitPercent lower bound (1..100) of a user's share when users compete
 * @param fairOrdering    leaf {@code ordering-policy} is {@code fair} (else {@code fifo})
 * @param maximumAllocation {@code maximum-allocation-mb/-vcores} (inherited), or null for
 *                        the cluster-wide maximum
 * @param maxParallelApps running applications allowed in the subtree; extra ones wait
 */
record CapacityQueueConfig(
    String path,
    String name,
    List<String> children,
    CapacityValue capacity,
    CapacityValue maximumCapacity,
    boolean running,
    int maxApplications,
    float maxAmPercent,
    float userLimitFactor,
    float minUserLimitPercent,
    Acl submitAcl,
    Acl adminAcl,
    boolean fairOrdering,
    boolean preemptionDisabled,
    ResourceVector maximumAllocation,
    int maxParallelApps) {

  boolean isLeaf() {
    return children.isEmpty();
  }

  String parentPath() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : path.substring(0, dot);
  }
}
