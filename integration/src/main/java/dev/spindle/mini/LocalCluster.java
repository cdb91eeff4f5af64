package dev.spindle.mini;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A single-machine Spindle cluster for the launcher: a {@link MiniCluster} in this process
 * whose files live under a data directory, plus a client configuration directory for stock
 * Hadoop clients.
 */
final class LocalCluster implements AutoCloseable {

  private final MiniCluster cluster;
  private final Path confDir;

  private LocalCluster(MiniCluster cluster, Path confDir) {
    this.cluster = cluster;
    this.confDir = confDir;
  }

  /**
   * Starts the cluster and writes the client configuration.
   *
   * @param base      settings to start from (ports, resources); the MiniCluster fills the rest
   * @param nodes     number of NodeManagers
   * @param dataDir   where daemons keep their files
   * @param confDir   where to write core-site.xml, yarn-site.xml, mapred-site.xml
   */
  static LocalCluster start(Configuration base, int nodes, Path dataDir, Path confDir)
      throws Exception {
    Files.createDirectories(dataDir);
    Configuration conf = new YarnConfiguration(base);
    conf.set(MiniClusterDefaults.BASE_DIR_KEY, dataDir.toAbsolutePath().toString());
    MiniCluster cluster = new MiniCluster("spindle", nodes);
    cluster.init(conf);
    try {
      cluster.start();
      Path jar = ClasspathJar.write(dataDir.resolve("lib/spindle-classpath.jar"),
          ConfDir.ownClasspath());
      ClientConfWriter.write(cluster.getConfig(), confDir, jar.toAbsolutePath());
      return new LocalCluster(cluster, confDir);
    } catch (Exception e) {
      cluster.stop();
      throw e;
    }
  }

  MiniCluster cluster() {
    return cluster;
  }

  Path confDir() {
    return confDir;
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
