package dev.spindle.scheduler;

import java.util.List;
import java.util.Map;

/**
 * A validated Fair scheduler configuration: the allocation file's queues, user limits and
 * placement rules, plus the {@code yarn.scheduler.fair.*} keys of {@code yarn-site.xml} the
 * policy honours. Immutable; a reload builds a new one.
 *
 * @param queues       by full path, parents before children; root and root.default always
 * @param warnings     unknown elements and other things the stock scheduler only logs
 */
record FairConfig(
    Map<String, FairQueueConfig> queues,
    Map<String, Integer> userMaxApps,
    int userMaxAppsDefault,
    List<FairPlacementRule> placement,
    FairQueueConfig dynamicDefaults,
    boolean aclsEnabled,
    double nodeLocalityThreshold,
    double rackLocalityThreshold,
    FairPreemptionConfig preemption,
    List<String> warnings) {

  static final String FILE = "fair-scheduler.xml";
  static final String ROOT = "root";
  static final String DEFAULT_QUEUE = "root.default";

  FairQueueConfig queue(String path) {
    return queues.get(path);
  }

  int maxAppsOf(String user) {
    return userMaxApps.getOrDefault(user, userMaxAppsDefault);
  }
}
