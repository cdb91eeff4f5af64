package dev.spindle.mini;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A Spindle ResourceManager daemon started as a user starts it,
 * {@code bin/spindle resourcemanager --conf-dir DIR}, in its own process, so that a test can
 * kill it with SIGKILL and start it again: nothing of the dead RM says goodbye, as after a
 * real kill -9. An HA member finds its rm-id in its conf dir's yarn.resourcemanager.ha.id.
 *
 * <p>Its addresses are fixed free ports written into the configuration up front, because
 * NodeManagers, ApplicationMasters and clients must find the restarted RM where the old one was.
 */
final class ResourceManagerProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 90_000;

  private final Configuration conf;
  /** This RM's id in an HA group, or null for a single RM. */
  private final String rmId;
  private final Path confDir;
  private final Path log;
  private Process process;

  private ResourceManagerProcess(Configuration conf, String rmId, Path confDir, Path log) {
    this.conf = conf;
    this.rmId = rmId;
    this.confDir = confDir;
    this.log = log;
  }

  /** A single RM: fixes its ports in {@code conf} (which clients then use), writes its conf. */
  static ResourceManagerProcess single(Configuration conf, Path dir) throws IOException {
    for (String key : MiniClusterDefaults.RM_ADDRESS_KEYS) {
      conf.set(key, "localhost:" + FixedPorts.pick());
    }
    return new ResourceManagerProcess(conf, null, writeConf(conf, dir.resolve("rm-conf")),
        dir.resolve("rm.log"));
  }

  /** One member of an HA group whose per-id ports {@code conf} already fixes. */
  static ResourceManagerProcess haMember(Configuration conf, String rmId, Path dir)
      throws IOException {
    Configuration own = new YarnConfiguration(conf);
    own.set(YarnConfiguration.RM_HA_ID, rmId);
    return new ResourceManagerProcess(conf, rmId,
        writeConf(own, dir.resolve("rm-conf-" + rmId)), dir.resolve(rmId + ".log"));
  }

  private static Path writeConf(Configuration conf, Path confDir) throws IOException {
    Files.createDirectories(confDir);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
    return confDir;
  }

  /**
   * Starts the daemon and returns once it serves: a single RM answers client calls, an HA
   * member answers HA state queries on its admin port (a standby serves nothing else).
   */
  void start() throws IOException, InterruptedException {
    process = Launcher.startResourceManager(confDir, log);
    awaitServing();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** The HA state the member reports on its admin port; INITIALIZING when it does not answer. */
  HAServiceState haState() {
    return process == null ? HAServiceState.INITIALIZING : RmHaState.query(conf, rmId);
  }

  private void awaitServing() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!serving()) {
      if (!process.isAlive()) {
        throw new IOException("the ResourceManager process exited with " + process.exitValue()
            + "; its log " + log + " ends with:\n" + tail());
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the ResourceManager process did not serve within "
            + START_TIMEOUT_MS + " ms; its log " + log + " ends with:\n" + tail());
      }
      Thread.sleep(100);
    }
  }

  private boolean serving() {
    if (rmId != null) {
      return haState() != HAServiceState.INITIALIZING;
    }
    return Launcher.rmAnswers(conf);
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
