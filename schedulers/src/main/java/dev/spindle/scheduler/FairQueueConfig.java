package dev.spindle.scheduler;

import java.util.List;

/**
 * The configuration of one Fair queue from the allocation file, with defaults and inherited
 * values filled in.
 *
 * @param declaredParent     {@code type="parent"}: a parent even without children
 * @param maxRunningApps     running-application limit; Integer.MAX_VALUE when unlimited
 * @param maxAmShare         fraction of the queue's fair share AMs may use; -1 disables
 * @param minSharePreemptionTimeoutMs  Long.MAX_VALUE means never
 * @param fairSharePreemptionTimeoutMs Long.MAX_VALUE means never
 * @param maxContainerAllocation largest container for the queue (inherited), or null for the
 *                           cluster-wide maximum
 */
record FairQueueConfig(
    String path,
    String name,
    List<String> children,
    boolean declaredParent,
    double weight,
    FairResource minResources,
    FairResource maxResources,
    int maxRunningApps,
    double maxAmShare,
    FairPolicy policy,
    Acl submitAcl,
    Acl adminAcl,
    long minSharePreemptionTimeoutMs,
    long fairSharePreemptionTimeoutMs,
    double fairSharePreemptionThreshold,
    boolean allowPreemptionFrom,
    ResourceVector maxContainerAllocation) {

  boolean isLeaf() {
    return children.isEmpty() && !declaredParent;
  }

  String parentPath() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : path.substring(0, dot);
  }
}
