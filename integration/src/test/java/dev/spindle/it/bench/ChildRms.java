package dev.spindle.it.bench;

import dev.spindle.mini.FixedPorts;
import dev.spindle.mini.Launcher;
import dev.spindle.mini.RmHaState;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An HA pair of ResourceManagers (rm1, rm2) as child processes over one ZooKeeper: the
 * configuration both members and their clients share, the launcher of one member (Spindle's
 * through bin/spindle, the stock one by its main class on the test classpath) and the
 * HA-state probe that
 * {@code yarn rmadmin -getServiceState} uses. Shared by the kill -9 failover tests.
 */
public final class ChildRms {

  /** The stock ZooKeeper state store, for the stock side of the comparisons. */
  public static final String STOCK_ZK_STORE =
      "org.apache.hadoop.yarn.server.resourcemanager.recovery.ZKRMStateStore";
  /**
   * The stock FIFO scheduler: it needs no capacity-scheduler.xml, and the Capacity one on the
   * test classpath caps a queue at 10,000 apps. Spindle accepts this class name too.
   */
  public static final String STOCK_FIFO =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler";

  /** The rm ids of the pair, in index order. */
  public static final List<String> IDS = List.of("rm1", "rm2");

  private ChildRms() {}

  /**
   * HA with automatic failover and recovery on {@code zkAddress}; every member's addresses on
   * fixed free ports (clients need them up front); a failover proxy that retries quickly.
   */
  public static Configuration haConf(String zkAddress, String clusterId) throws IOException {
    Configuration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, String.join(",", IDS));
    conf.set(YarnConfiguration.RM_CLUSTER_ID, clusterId);
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zkAddress);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 200);
    conf.setInt("ipc.client.connect.max.retries", 0);
    for (String id : IDS) {
      for (String key : List.of(YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS,
          YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS)) {
        // Child RMs bind these later; ports below the ephemeral range cannot be taken meanwhile.
        conf.set(key + "." + id, "localhost:" + FixedPorts.pick());
      }
    }
    return conf;
  }

  /**
   * Starts member {@code id} of Spindle the way an operator does:
   * {@code bin/spindle resourcemanager --conf-dir <dir>/conf-<id>}, that directory's
   * yarn-site.xml naming the member's own id. Output goes to {@code <dir>/<id>.log}.
   */
  public static Process launchSpindle(File dir, Configuration conf, String id)
      throws IOException {
    File confDir = writeConf(dir, conf, id);
    return Launcher.startResourceManager(confDir.toPath(), new File(dir, id + ".log").toPath());
  }

  /**
   * Starts member {@code id} of the stock RM as a child JVM running {@code mainClass} on the
   * test classpath, its conf dir ({@link #writeConf}) leading the classpath: the only place
   * the stock RM looks for yarn-site.xml. Output goes to {@code <dir>/<id>.log}.
   */
  public static Process launchStock(File dir, Configuration conf, String id, String mainClass)
      throws IOException {
    File confDir = writeConf(dir, conf, id);
    return startStock(confDir, new File(dir, id + ".log"), mainClass, "-Xmx512m");
  }

  /**
   * Runs {@code mainClass} of the stock RM in a child JVM with {@code jvmOptions} (-Xmx4g) on
   * the test classpath, {@code confDir} leading it: the only place the stock RM looks for
   * yarn-site.xml and capacity-scheduler.xml. Output goes to {@code log}.
   */
  public static Process startStock(File confDir, File log, String mainClass,
      String... jvmOptions) throws IOException {
    String classpath = confDir.getAbsolutePath() + File.pathSeparator
        + System.getProperty("java.class.path");
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", classpath, mainClass));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HADOOP_CONF_DIR", confDir.getAbsolutePath());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log);
    return pb.start();
  }

  /**
   * Writes {@code <dir>/conf-<id>/yarn-site.xml}: the yarn.*, hadoop.zk* and spindle.* keys
   * of {@code conf} plus the member's own id.
   */
  public static File writeConf(File dir, Configuration conf, String id) throws IOException {
    Configuration own = new Configuration(conf);
    own.set(YarnConfiguration.RM_HA_ID, id);
    return writeConfDir(new File(dir, "conf-" + id), own);
  }

  /**
   * Creates {@code confDir} with a yarn-site.xml of the yarn.*, hadoop.zk* and spindle.* keys
   * of {@code conf} (a configuration with defaults writes the yarn-default.xml ones too).
   */
  public static File writeConfDir(File confDir, Configuration conf) throws IOException {
    if (!confDir.mkdirs()) {
      throw new IOException("cannot create " + confDir);
    }
    Configuration own = new Configuration(false);
    for (var e : conf) {
      if (e.getKey().startsWith("yarn.") || e.getKey().startsWith("hadoop.zk")
          || e.getKey().startsWith("spindle.")) {
        own.set(e.getKey(), e.getValue());
      }
    }
    try (OutputStream out = new FileOutputStream(new File(confDir, "yarn-site.xml"))) {
      own.writeXml(out);
    }
    return confDir;
  }

  /** Polls every member's HA state until one other than index {@code not} is active. */
  public static int awaitActive(Configuration conf, int not, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < IDS.size(); i++) {
        if (i != not && state(conf, IDS.get(i)) == HAServiceState.ACTIVE) {
          return i;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no RM became active");
  }

  /** One member's HA state over its admin port; INITIALIZING while it is not up (or gone). */
  public static HAServiceState state(Configuration conf, String id) {
    return RmHaState.query(conf, id);
  }

  /** A started YarnClient, which reaches the pair through the stock failover proxy. */
  public static YarnClient client(Configuration conf) {
    YarnClient client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(conf));
    client.start();
    return client;
  }
}
