package dev.spindle.it.stockrm;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;

/** Starts the STOCK ResourceManager on ephemeral localhost ports for cross tests. */
final class StockResourceManagers {
  private StockResourceManagers() {}

  /**
   * FIFO scheduler (needs no capacity-scheduler.xml), 64 MB minimum allocation, fast NM
   * heartbeats, one AM attempt. {@code getConfig()} of the result carries the bound ports.
   */
  static ResourceManager start() {
    Configuration conf = new YarnConfiguration();
    for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
      conf.set(key, "localhost:0");
    }
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    ResourceManager rm = new ResourceManager();
    rm.init(conf);
    rm.start();
    return rm;
  }
}
