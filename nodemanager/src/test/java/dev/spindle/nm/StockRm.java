package dev.spindle.nm;

import java.io.File;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;

/** The stock ResourceManager on ephemeral ports, as the reference peer of our NM. */
final class StockRm implements AutoCloseable {
  final ResourceManager rm = new ResourceManager();

  StockRm(Configuration base) {
    this(base, true);
  }

  /** @param smallMinimum lower the minimum allocation to 64 MB (unless the test sets it) */
  StockRm(Configuration base, boolean smallMinimum) {
    Configuration conf = new YarnConfiguration(base);
    for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
      conf.set(key, "localhost:0");
    }
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    if (smallMinimum) {
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
    }
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    rm.init(conf);
    rm.start();
  }

  /** The RM's config with the real bound ports filled in. */
  Configuration conf() {
    return rm.getConfig();
  }

  /** An NM configuration pointing at this RM, with its own dirs under {@code root}. */
  Configuration nmConf(File root) {
    Configuration c = new YarnConfiguration(conf());
    c.set(YarnConfiguration.NM_LOCAL_DIRS, new File(root, "local").getAbsolutePath());
    c.set(YarnConfiguration.NM_LOG_DIRS, new File(root, "logs").getAbsolutePath());
    c.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    c.setInt(YarnConfiguration.NM_PMEM_MB, 2048);
    c.setInt(YarnConfiguration.NM_VCORES, 2);
    return c;
  }

  @Override
  public void close() {
    rm.stop();
  }

  static void await(String what, Duration timeout, BooleanSupplier cond)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
