package dev.spindle.rm.web;

import dev.spindle.rm.queues.SchedulerFiles;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * The per-leaf limits stock's Capacity view shows (maxApplications, per-user limits, AM
 * resource limit), derived from the same capacity-scheduler.xml keys and stock defaults the
 * Capacity policy reads. The RM's policy is not asked: it keeps these to itself.
 */
final class CapacityLeafLimits {

  private static final String PREFIX = "yarn.scheduler.capacity.";

  private final Configuration conf;

  private CapacityLeafLimits(Configuration conf) {
    this.conf = conf;
  }

  /** The capacity settings in force: yarn-site plus capacity-scheduler.xml, as stock reads them. */
  static CapacityLeafLimits of(Configuration yarnConf) {
    Configuration c = new Configuration(yarnConf);
    SchedulerFiles.of(yarnConf).read("capacity-scheduler.xml")
        .ifPresent(bytes -> c.addResource(new ByteArrayInputStream(bytes), "capacity-scheduler.xml"));
    return new CapacityLeafLimits(c);
  }

  /**
   * Adds the leaf limits to a queue body.
   *
   * @param absoluteCapacity the leaf's share of the cluster, 0..1
   * @param cluster          the cluster's resources
   * @param usedAm           resources of the AM containers in the leaf
   */
  void addTo(Map<String, Object> queue, String path, float absoluteCapacity, Resource cluster,
      Resource usedAm) {
    int explicit = conf.getInt(PREFIX + path + ".maximum-applications", -1);
    int maxApps = explicit >= 0 ? explicit
        : (int) (conf.getInt(PREFIX + "maximum-applications", 10000) * absoluteCapacity);
    float userLimit = conf.getFloat(PREFIX + path + ".minimum-user-limit-percent", 100f);
    float factor = conf.getFloat(PREFIX + path + ".user-limit-factor", 1f);
    float amPercent = conf.getFloat(PREFIX + path + ".maximum-am-resource-percent",
        conf.getFloat(PREFIX + "maximum-am-resource-percent", 0.1f));
    queue.put("maxApplications", maxApps);
    queue.put("maxApplicationsPerUser",
        (int) Math.min(Integer.MAX_VALUE, maxApps * (userLimit / 100.0) * (factor < 0 ? 1 : factor)));
    queue.put("userLimit", userLimit);
    queue.put("userLimitFactor", factor);
    queue.put("AMResourceLimit", NodesResource.resource(Resource.newInstance(
        (long) (cluster.getMemorySize() * absoluteCapacity * amPercent),
        Math.max(1, (int) (cluster.getVirtualCores() * absoluteCapacity * amPercent)))));
    queue.put("usedAMResource", NodesResource.resource(usedAm));
  }
}
