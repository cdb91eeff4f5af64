package dev.spindle.it.recovery;

import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Submits {@link KeepWorkAm} and reads what it reports through its directory, for the
 * work-preserving restart and failover tests.
 */
final class KeepWorkApp {

  private KeepWorkApp() {}

  /** Submits the AM; it writes its progress files into {@code amDir}. */
  static ApplicationId submit(YarnClient yarn, MiniCluster cluster, Path amDir, String name)
      throws Exception {
    return TestApps.submitJava(yarn, cluster.getConfDir().toFile(), name, null, 2,
        KeepWorkAm.class.getName() + " " + amDir);
  }

  /** A started YarnClient for the cluster. */
  static YarnClient client(MiniCluster cluster) {
    return TestApps.client(cluster.getConfig());
  }

  /** When the AM's last allocate came back, or 0 before the first. */
  static long lastAllocate(Path amDir) {
    try {
      return Long.parseLong(Files.readString(amDir.resolve("allocated")).trim());
    } catch (java.io.IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The attempt's containers the RM reports RUNNING; empty while the RM does not answer. */
  static Set<String> running(YarnClient yarn, ApplicationAttemptId attempt) {
    Set<String> ids = new TreeSet<>();
    try {
      for (ContainerReport c : yarn.getContainers(attempt)) {
        if (c.getContainerState() == ContainerState.RUNNING) {
          ids.add(c.getContainerId().toString());
        }
      }
    } catch (Exception e) {
      // The RM (or the new active) may not answer yet: the caller polls again.
    }
    return ids;
  }

  /** A file's text, or the error reading it, for assertion messages. */
  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
