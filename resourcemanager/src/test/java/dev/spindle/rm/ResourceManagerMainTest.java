package dev.spindle.rm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The RM as a process: a busy port is a clear one-line error and a non-zero exit. */
class ResourceManagerMainTest {

  @TempDir
  Path confDir;

  @Test
  @Timeout(90)
  void theDaemonServesAndStopsOnSigterm() throws Exception {
    Configuration conf = new Configuration(false);
    for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
      conf.set(key, "localhost:0");
    }
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
    Process p = start(ProcessBuilder.Redirect.PIPE);
    try (BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      // The started line names the bound client address; the log goes to stdout in tests.
      String address = null;
      String line;
      while (address == null && (line = log.readLine()) != null) {
        Matcher m = STARTED.matcher(line);
        if (m.find()) {
          address = m.group(1);
        }
      }
      assertTrue(address != null, "the RM never logged its addresses");
      YarnConfiguration client = new YarnConfiguration();
      client.set(YarnConfiguration.RM_ADDRESS, address);
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(client);
        yarn.start();
        assertEquals(0, yarn.getYarnClusterMetrics().getNumNodeManagers());
      }
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGTERM did not stop the RM");
    } finally {
      p.destroyForcibly();
    }
  }

  private static final Pattern STARTED =
      Pattern.compile("Spindle ResourceManager started: client (\\S+),");

  private Process start(ProcessBuilder.Redirect stdout) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ResourceManagerMain.class.getName());
    pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
    pb.redirectOutput(stdout);
    pb.redirectError(confDir.resolve("stderr").toFile());
    return pb.start();
  }

  @Test
  void aBusyPortExitsNonZeroWithAOneLineMessage() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      Configuration conf = new Configuration(false);
      for (String key : new String[] {YarnConfiguration.RM_SCHEDULER_ADDRESS,
          YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
          YarnConfiguration.RM_WEBAPP_ADDRESS}) {
        conf.set(key, "localhost:0");
      }
      conf.set(YarnConfiguration.RM_ADDRESS, "localhost:" + busy.getLocalPort());
      try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
        conf.writeXml(out);
      }
      Process p = start(ProcessBuilder.Redirect.DISCARD);
      File err = confDir.resolve("stderr").toFile();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the RM did not exit");
      assertEquals(1, p.exitValue());
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
      assertTrue(stderr.lines().anyMatch(l -> l.startsWith("spindle-rm: cannot start, a port "
          + "is already in use")), stderr);
    }
  }
}
