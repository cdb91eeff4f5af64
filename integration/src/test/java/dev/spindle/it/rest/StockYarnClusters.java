package dev.spindle.it.rest;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/** Builds the STOCK 3.5.0 MiniYARNClusters the REST capture runs against. */
final class StockYarnClusters {

  static final String FIFO =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler";
  static final String CAPACITY =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler";
  static final String FAIR =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";

  private StockYarnClusters() {}

  /** Configuration shared by every capture cluster: small allocations, fast heartbeats. */
  static YarnConfiguration baseConf(String scheduler) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_SCHEDULER, scheduler);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    if (CAPACITY.equals(scheduler)) {
      // What the capacity-scheduler.xml shipped in the Hadoop tarball declares.
      conf.set("yarn.scheduler.capacity.root.queues", "default");
      conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
      conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    }
    if (FAIR.equals(scheduler)) {
      // The default user-named queue would be "root.root" for a build run as root, which the
      // Fair scheduler refuses ("root is not a leaf queue"): use root.default instead.
      conf.setBoolean("yarn.scheduler.fair.user-as-default-queue", false);
    }
    return conf;
  }

  /** One RM on free ports picked here, {@code nodes} NMs with their web servers on; started. */
  static MiniYARNCluster single(String name, String scheduler, int nodes)
      throws IOException {
    return single(name, scheduler, nodes, true);
  }

  /**
   * As {@link #single(String, String, int)}; {@code nmWeb} false keeps the NMs' web servers off,
   * which the RM's UI pages need: with both web apps in one JVM the RM's /cluster/* pages 404.
   */
  static MiniYARNCluster single(String name, String scheduler, int nodes, boolean nmWeb)
      throws IOException {
    YarnConfiguration conf = baseConf(scheduler);
    // Real ports up front: with "host:0" the RM would build its apps' proxy tracking URLs
    // from the configured, not the bound, web address (http://host:0/proxy/...).
    conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, true);
    String host = MiniYARNCluster.getHostname();
    for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
      conf.set(key, host + ":" + freePort());
    }
    MiniYARNCluster cluster = new MiniYARNCluster(name, nodes, 1, 1, nmWeb);
    cluster.init(conf);
    cluster.start();
    return cluster;
  }

  /**
   * Two RMs in HA (rm0 made active by MiniYARNCluster, rm1 standby), manual failover, no NMs.
   * The ports are picked up front: MiniYARNCluster would otherwise give each RM "host:0" for
   * its peer's addresses, and the standby could neither find nor redirect to the active.
   */
  static MiniYARNCluster ha(String name) throws IOException {
    YarnConfiguration conf = baseConf(FIFO);
    conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, true);
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm0,rm1");
    conf.setBoolean(YarnConfiguration.AUTO_FAILOVER_ENABLED, false);
    conf.set(YarnConfiguration.RM_CLUSTER_ID, "golden-ha");
    String host = MiniYARNCluster.getHostname();
    for (String id : new String[] {"rm0", "rm1"}) {
      for (String key : YarnConfiguration.getServiceAddressConfKeys(conf)) {
        conf.set(HAUtil.addSuffix(key, id), host + ":" + freePort());
      }
    }
    MiniYARNCluster cluster = new MiniYARNCluster(name, 2, 0, 1, 1);
    cluster.init(conf);
    cluster.start();
    return cluster;
  }

  /** The http://host:port of RM {@code index}'s web server. */
  static String webUrl(MiniYARNCluster cluster, int index) {
    Configuration conf = cluster.getResourceManager(index).getConfig();
    return WebAppUtils.getRMWebAppURLWithScheme(conf);
  }

  /** Writes {@code conf} as yarn-site.xml in {@code dir}, for AM classpaths. */
  static File writeSite(Configuration conf, File dir) throws IOException {
    dir.mkdirs();
    try (OutputStream out = new FileOutputStream(new File(dir, "yarn-site.xml"))) {
      conf.writeXml(out);
    }
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
