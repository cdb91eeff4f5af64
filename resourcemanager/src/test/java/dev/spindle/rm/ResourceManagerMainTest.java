package dev.spindle.rm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RM as a process: a busy port is a clear one-line error and a non-zero exit. */
class ResourceManagerMainTest {

  @TempDir
  Path confDir;

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
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ResourceManagerMain.class.getName());
      pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      File err = confDir.resolve("stderr").toFile();
      pb.redirectError(err);
      Process p = pb.start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the RM did not exit");
      assertEquals(1, p.exitValue());
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
      assertTrue(stderr.lines().anyMatch(l -> l.startsWith("spindle-rm: cannot start, a port "
          + "is already in use")), stderr);
    }
  }
}
