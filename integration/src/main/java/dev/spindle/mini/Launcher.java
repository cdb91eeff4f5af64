package dev.spindle.mini;

import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.conf.Configuration;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code bin/spindle} of the source tree these classes were built in, as a user would,
 * so that child daemons in tests start the shipped way.
 *
 * <p>It never builds: inside a Maven build of the same tree a nested build would overwrite the
 * classes under test, so a stale or missing build is an error ({@code SPINDLE_NO_BUILD}). The
 * integration module makes its jar and the launcher's classpath file before its tests run.
 */
public final class Launcher {

  private Launcher() {}

  /** {@code <root>/bin/spindle}, found upward from where this class was loaded. */
  public static Path script() {
    Path start;
    try {
      start = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the Spindle classes", e);
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("bin").resolve("spindle");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("no bin/spindle above " + start);
  }

  /**
   * {@code bin/spindle <args>} with this JVM's JDK and {@code jvmOptions} (SPINDLE_OPTS);
   * the caller redirects its output and starts it.
   */
  public static ProcessBuilder command(String jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add("/bin/bash");
    command.add(script().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SPINDLE_NO_BUILD", "1");
    pb.environment().put("SPINDLE_OPTS", jvmOptions);
    // The daemon reads only the --conf-dir it is given.
    pb.environment().remove("HADOOP_CONF_DIR");
    return pb;
  }

  /** {@code bin/spindle resourcemanager --conf-dir confDir}, output appended to {@code log}. */
  public static Process startResourceManager(Path confDir, Path log) throws IOException {
    return startResourceManager(confDir, log, "-Xmx512m");
  }

  /** The same with the given JVM options (SPINDLE_OPTS), e.g. the heap of a comparison. */
  public static Process startResourceManager(Path confDir, Path log, String jvmOptions)
      throws IOException {
    ProcessBuilder pb = command(jvmOptions, "resourcemanager", "--conf-dir", confDir.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  /**
   * Whether the RM named by {@code clientConf} answers getClusterMetrics, trying once without
   * the client's long connection retries (any RM: stock or Spindle).
   */
  public static boolean rmAnswers(Configuration clientConf) {
    Configuration probe = new YarnConfiguration(clientConf);
    probe.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 500);
    probe.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 100);
    probe.setInt("ipc.client.connect.max.retries", 0);
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(probe);
      client.start();
      client.getYarnClusterMetrics();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
