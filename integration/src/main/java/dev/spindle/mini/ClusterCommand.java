package dev.spindle.mini;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spindle cluster}: an RM and N NodeManagers on this machine until Ctrl-C or SIGTERM. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start a single-machine cluster (RM + N NodeManagers) and keep it running"
        + " until Ctrl-C or SIGTERM.")
final class ClusterCommand implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "1", description = "Number of NodeManagers (default 1).")
  int nodes;

  @Option(names = "--conf-dir",
      description = "Where to write the client configuration (default: <data-dir>/../conf).")
  Path confDir;

  @Option(names = "--data-dir", description = "Where daemons keep their files.")
  Path dataDir;

  @Option(names = "--ephemeral-ports",
      description = "Bind free ports instead of the stock 8032/8030/8031/8033/8088.")
  boolean ephemeralPorts;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1) {
      throw new ConfDir.BadConfigException("--nodes must be at least 1, got " + nodes);
    }
    Path data = dataDir != null ? dataDir : SpindleCli.defaultDataDir();
    Path conf = confDir != null ? confDir : data.toAbsolutePath().getParent().resolve("conf");
    Configuration base = new YarnConfiguration();
    if (!ephemeralPorts) {
      base.set(YarnConfiguration.RM_ADDRESS, "localhost:" + YarnConfiguration.DEFAULT_RM_PORT);
      base.set(YarnConfiguration.RM_SCHEDULER_ADDRESS,
          "localhost:" + YarnConfiguration.DEFAULT_RM_SCHEDULER_PORT);
      base.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          "localhost:" + YarnConfiguration.DEFAULT_RM_RESOURCE_TRACKER_PORT);
      PortCheck.checkFree(base, MiniClusterDefaults.RM_ADDRESS_KEYS);
    }
    // Recovery is real out of the box: RM state goes to an embedded ZooKeeper under the data
    // dir (MiniCluster starts it) unless yarn-site.xml turns recovery off or names an ensemble.
    String[] recoverySources = base.getPropertySources(YarnConfiguration.RECOVERY_ENABLED);
    if (recoverySources == null || recoverySources.length == 0
        || recoverySources[recoverySources.length - 1].endsWith("-default.xml")) {
      base.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    LocalCluster cluster = LocalCluster.start(base, nodes, data, conf);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the Spindle cluster...");
      cluster.close();
      stopped.countDown();
    }, "spindle-shutdown"));
    System.out.println("Spindle cluster running: ResourceManager at "
        + cluster.cluster().getConfig().get(YarnConfiguration.RM_ADDRESS) + ", " + nodes
        + " NodeManager(s).");
    System.out.println("Web UI and REST API at " + WebAppUtils.getRMWebAppURLWithScheme(
        cluster.cluster().getConfig()) + "/cluster");
    System.out.println("Client configuration written to " + conf.toAbsolutePath());
    System.out.println("  export HADOOP_CONF_DIR=" + conf.toAbsolutePath());
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
