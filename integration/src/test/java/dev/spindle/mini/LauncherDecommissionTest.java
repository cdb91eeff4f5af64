package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decommissioning as an operator does it, every daemon started by {@code bin/spindle}: a
 * NodeManager joins the RM, its host goes into the exclude file, the stock
 * {@code yarn rmadmin -refreshNodes} applies it; the node reads DECOMMISSIONED to a stock
 * YarnClient and the NodeManager process ends, as the stock one does on the RM's SHUTDOWN.
 */
class LauncherDecommissionTest {

  private static final long TIMEOUT_MS = 90_000;

  @TempDir
  Path dir;
  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : daemons) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void refreshNodesWithTheHostExcludedDecommissionsItAndItsDaemonExits() throws Exception {
    Path exclude = Files.writeString(dir.resolve("excludes"), "");
    Configuration rm = new Configuration(false);
    for (String key : MiniClusterDefaults.RM_ADDRESS_KEYS) {
      rm.set(key, "localhost:" + FixedPorts.pick());
    }
    rm.set(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString());
    rm.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    daemons.add(start("resourcemanager", writeSite(rm, dir.resolve("rm-conf")), "rm.log"));
    Process nodeManager;
    Path nmLog = dir.resolve("nm.log");

    YarnConfiguration client = new YarnConfiguration();
    for (var e : rm) {
      client.set(e.getKey(), e.getValue());
    }
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(client);
      yarn.start();
      // The stock client waits (retrying) until the RM serves; then the node joins.
      assertEquals(0, yarn.getYarnClusterMetrics().getNumNodeManagers());
      Configuration nm = new Configuration(rm);
      nm.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
      nm.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
      nm.set("yarn.nodemanager.hostname", "localhost");
      // Said explicitly: yarn-default.xml's -1 ("detect") reaches the RM as it is today.
      nm.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
      nm.setInt(YarnConfiguration.NM_VCORES, 4);
      nm.set(YarnConfiguration.NM_LOCAL_DIRS,
          Files.createDirectories(dir.resolve("nm-local")).toString());
      nm.set(YarnConfiguration.NM_LOG_DIRS,
          Files.createDirectories(dir.resolve("nm-logs")).toString());
      nodeManager = start("nodemanager", writeSite(nm, dir.resolve("nm-conf")), "nm.log");
      daemons.add(nodeManager);

      await("the NodeManager to register", () -> running(yarn) == 1, nmLog);

      Files.writeString(exclude, "localhost\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(0, new Cli(client, out).run(new String[] {"-refreshNodes"}),
          out.toString(StandardCharsets.UTF_8));

      await("the node to be DECOMMISSIONED",
          () -> yarn.getNodeReports(NodeState.DECOMMISSIONED).size() == 1, nmLog);
      assertEquals(0, running(yarn));
    }
    assertTrue(nodeManager.waitFor(60, TimeUnit.SECONDS),
        "the decommissioned NodeManager's process did not end");
    String log = Files.readString(nmLog, StandardCharsets.UTF_8);
    assertEquals(0, nodeManager.exitValue(), log);
    assertTrue(log.contains("Spindle NodeManager stopped: "), log);
  }

  private Process start(String daemon, Path confDir, String log) throws IOException {
    ProcessBuilder pb = Launcher.command("-Xmx256m", daemon, "--conf-dir", confDir.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(log).toFile());
    return pb.start();
  }

  private static Path writeSite(Configuration conf, Path confDir) throws IOException {
    Files.createDirectories(confDir);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
    return confDir;
  }

  private static int running(YarnClient yarn) throws Exception {
    List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
    return nodes.size();
  }

  /** Polls until {@code condition} holds; the RM may still be starting (refused calls). */
  private static void await(String what, Callable<Boolean> condition, Path log)
      throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + "; " + log + ":\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The stock {@code yarn rmadmin} with its output captured. */
  private static final class Cli extends RMAdminCLI {
    Cli(Configuration conf, ByteArrayOutputStream out) {
      super(conf);
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      setOut(print);
      setErrOut(print);
    }
  }
}
