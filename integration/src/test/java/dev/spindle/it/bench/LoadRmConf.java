package dev.spindle.it.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The configuration both kinds of RM read in a load comparison, written the same for each: a
 * yarn-site.xml (CapacityScheduler, the scenario's NM heartbeat interval, no recovery) and a
 * capacity-scheduler.xml with one queue, root.default, at 100 %.
 *
 * <p>Limits are raised where the stock defaults would refuse the load rather than measure it
 * (facts from the 3.5.0 sources): the Capacity scheduler admits at most 10,000 applications
 * (maximum-applications) and lets AMs use 10 % of the queue (maximum-am-resource-percent); the
 * RM forgets finished applications beyond 1,000 (max-completed-applications), which a load
 * generator still asks about. Nothing else is needed for simulated NodeManagers on 127.1.x.y:
 * with no include/exclude lists every host is valid, the hostname check of registration
 * (resource-tracker.nm.ip-hostname-check) is off by default, node labels are off, and an IP
 * literal resolves without DNS.
 */
final class LoadRmConf {

  static final String CAPACITY_SCHEDULER =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler";
  /** The stock key; CapacitySchedulerConfiguration#DEFAULT_SCHEDULE_ASYNCHRONOUSLY_ENABLE is true. */
  static final String ASYNC_KEY = "yarn.scheduler.capacity.schedule-asynchronously.enable";
  private static final String SHIPPED_LOG4J = "spindle-conf/log4j.properties";
  private static final int MAX_APPLICATIONS = 100_000;
  private static final int MAX_COMPLETED = 20_000;

  private LoadRmConf() {}

  /**
   * yarn-site.xml for the load: the RM's addresses are left to {@link SingleRm}, which picks
   * free ports for each run. The allocation bounds admit a container of {@code container*}
   * unrounded (minimum) and up to a whole node (maximum).
   */
  static Configuration yarnSite(long nmHeartbeatMs, int nodeMemoryMb, int nodeVcores,
      int containerMemoryMb) {
    Configuration conf = new Configuration(false);
    conf.set(YarnConfiguration.RM_SCHEDULER, CAPACITY_SCHEDULER);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, nmHeartbeatMs);
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, false);
    conf.setInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS, MAX_COMPLETED);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
        Math.min(containerMemoryMb, YarnConfiguration.DEFAULT_RM_SCHEDULER_MINIMUM_ALLOCATION_MB));
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB,
        Math.max(nodeMemoryMb, containerMemoryMb));
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, nodeVcores);
    return conf;
  }

  /** capacity-scheduler.xml: root.default at 100 %, limits raised; {@code async} as given. */
  static String capacitySchedulerXml(boolean async) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("yarn.scheduler.capacity.root.queues", "default");
    p.put("yarn.scheduler.capacity.root.default.capacity", "100");
    p.put("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    p.put("yarn.scheduler.capacity.maximum-applications", Integer.toString(MAX_APPLICATIONS));
    p.put("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    p.put(ASYNC_KEY, Boolean.toString(async));
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    p.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>")
        .append(v).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  /**
   * Writes both files into a new {@code confDir}, and Spindle's shipped log4j.properties
   * (WARN for Hadoop's classes, INFO for Spindle's), which Spindle's launcher names and the
   * stock RM finds first on its classpath: the same logging for both, the stock RM's quietest
   * usual setting.
   */
  static File write(File confDir, Configuration site, boolean async) throws IOException {
    ChildRms.writeConfDir(confDir, site);
    Files.writeString(new File(confDir, "capacity-scheduler.xml").toPath(),
        capacitySchedulerXml(async), StandardCharsets.UTF_8);
    try (InputStream log4j = LoadRmConf.class.getClassLoader()
        .getResourceAsStream(SHIPPED_LOG4J)) {
      if (log4j == null) {
        throw new IOException(SHIPPED_LOG4J + " is not on the test classpath");
      }
      Files.copy(log4j, new File(confDir, "log4j.properties").toPath());
    }
    return confDir;
  }
}
