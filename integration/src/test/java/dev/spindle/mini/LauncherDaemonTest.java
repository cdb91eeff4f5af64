package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
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
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/spindle resourcemanager} without HA: a plain RM that serves and stops on SIGTERM. */
class LauncherDaemonTest {

  private static final Pattern STARTED =
      Pattern.compile("Spindle ResourceManager started: client (\\S+),");

  @TempDir
  Path dir;

  @Test
  void aPlainResourceManagerServesAndStopsOnSigterm() throws Exception {
    Configuration conf = new Configuration(false);
    for (String key : MiniClusterDefaults.RM_ADDRESS_KEYS) {
      conf.set(key, "localhost:0");
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
    ProcessBuilder pb = Launcher.command("-Xmx512m", "resourcemanager", "--conf-dir",
        dir.toString());
    Path log = dir.resolve("rm.log");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      String address = awaitStartedLine(p, log);
      YarnConfiguration client = new YarnConfiguration();
      client.set(YarnConfiguration.RM_ADDRESS, address);
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(client);
        yarn.start();
        assertEquals(0, yarn.getYarnClusterMetrics().getNumNodeManagers());
      }
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGTERM did not stop the RM");
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  /** The client address the started line names (ports are ephemeral here). */
  private static String awaitStartedLine(Process p, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(p.isAlive(), Files.readString(log, StandardCharsets.UTF_8));
      Thread.sleep(100);
    }
    throw new AssertionError("the RM never logged its addresses:\n" + Files.readString(log));
  }
}
