package dev.spindle.scheduler;

import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.List;
import java.util.Map;

/**
 * A validated Capacity scheduler configuration: the queue tree from
 * {@code capacity-scheduler.xml} plus the few {@code yarn-site.xml} keys the policy honours
 * (ACLs, preemption). Immutable; a reload builds a new one.
 *
 * @param queues by full path, parents before children
 * @param userMaxParallelApps {@code user.<name>.max-parallel-apps} by user name
 */
record CapacityConfig(
    Map<String, CapacityQueueConfig> queues,
    Calculator calculator,
    int maximumApplications,
    int nodeLocalityDelay,
    int rackLocalityAdditionalDelay,
    List<QueueMapping> mappings,
    boolean mappingsOverride,
    boolean aclsEnabled,
    Acl adminAcl,
    CapacityPreemptionConfig preemption,
    Map<String, Integer> userMaxParallelApps,
    int userMaxParallelAppsDefault) {

  static final String FILE = "capacity-scheduler.xml";
  static final String ROOT = "root";

  CapacityQueueConfig queue(String path) {
    return queues.get(path);
  }

  int maxParallelAppsOf(String user) {
    return userMaxParallelApps.getOrDefault(user, userMaxParallelAppsDefault);
  }
}
