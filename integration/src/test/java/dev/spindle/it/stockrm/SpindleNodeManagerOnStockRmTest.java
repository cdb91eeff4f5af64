package dev.spindle.it.stockrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.SpindleNodeManager;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.applications.distributedshell.Client;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross test: the STOCK ResourceManager with a Spindle NodeManager as its only node; the
 * stock DistributedShell client runs "echo hello" in two containers and must succeed.
 * The stock RM launches the DS AM on our NM (real container and NM tokens), the DS AM
 * starts its shell containers on our NM through NMClientAsync.
 */
class SpindleNodeManagerOnStockRmTest {
  @TempDir File tmp;
  private ResourceManager rm;
  private SpindleNodeManager nm;

  @AfterEach
  void stop() {
    if (nm != null) {
      nm.stop();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  @Test
  void distributedShellSucceedsAndContainersPrintHello() throws Exception {
    rm = StockResourceManagers.start();
    nm = new SpindleNodeManager();
    nm.init(nmConf(rm.getConfig()));
    nm.start();

    Configuration clientConf = new YarnConfiguration(rm.getConfig());
    // DS appends the test JVM's classpath to the AM's CLASSPATH when this is set
    // (distributedshell Client#run); the AM finds the RM through yarn-site.xml in confDir.
    clientConf.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, true);
    File confDir = writeSiteXml(rm.getConfig());
    clientConf.set(YarnConfiguration.YARN_APPLICATION_CLASSPATH, confDir.getAbsolutePath());

    String dsJar = new File(Client.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).getAbsolutePath();
    Client client = new Client(clientConf);
    assertTrue(client.init(new String[] {
        "--jar", dsJar,
        "--shell_command", "echo hello",
        "--num_containers", "2",
        "--master_memory", "256",
        "--master_vcores", "1",
        "--container_memory", "128",
        "--container_vcores", "1",
        "--timeout", "90000"}));
    assertTrue(client.run(), "DistributedShell application must finish SUCCEEDED");

    List<Path> stdouts = shellStdouts(new File(tmp, "nm-logs").toPath());
    assertEquals(2, stdouts.size(), "two shell containers wrote stdout: " + stdouts);
    for (Path p : stdouts) {
      assertEquals("hello", Files.readString(p, StandardCharsets.UTF_8).trim(), p.toString());
    }
    // The RM lists the finished app in applications_to_cleanup; the NM deletes its dirs.
    awaitNoAppDirs(new File(tmp, "nm-local/usercache"), 30_000);
  }

  private static void awaitNoAppDirs(File usercache, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      List<Path> appDirs;
      try (Stream<Path> s = Files.walk(usercache.toPath(), 3)) {
        appDirs = s.filter(p -> p.getParent() != null
            && p.getParent().getFileName().toString().equals("appcache")).toList();
      }
      if (appDirs.isEmpty()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("app dirs not cleaned up: " + appDirs);
      }
      Thread.sleep(50);
    }
  }

  private Configuration nmConf(Configuration rmConf) {
    Configuration c = new YarnConfiguration(rmConf);
    c.set(YarnConfiguration.NM_LOCAL_DIRS, new File(tmp, "nm-local").getAbsolutePath());
    c.set(YarnConfiguration.NM_LOG_DIRS, new File(tmp, "nm-logs").getAbsolutePath());
    c.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    c.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    c.setInt(YarnConfiguration.NM_VCORES, 4);
    return c;
  }

  private File writeSiteXml(Configuration conf) throws IOException {
    File dir = new File(tmp, "conf");
    Files.createDirectories(dir.toPath());
    try (OutputStream out = new FileOutputStream(new File(dir, "yarn-site.xml"))) {
      conf.writeXml(out);
    }
    return dir;
  }

  /** stdout files of the non-AM containers (container number > 1). */
  private static List<Path> shellStdouts(Path logRoot) throws IOException {
    try (Stream<Path> s = Files.walk(logRoot)) {
      return s.filter(p -> p.getFileName().toString().equals("stdout"))
          .filter(p -> !p.getParent().getFileName().toString().endsWith("_000001"))
          .collect(Collectors.toList());
    }
  }
}
