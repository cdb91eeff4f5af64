package dev.spindle.it.recovery;

import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;

/**
 * Submits {@link KeepWorkAm} and reads what it reports through its directory, for the
 * work-preserving restart and failover tests.
 */
final class KeepWorkApp {

  private KeepWorkApp() {}

  /** Submits the AM; it writes its progress files into {@code amDir}. */
  static ApplicationId submit(YarnClient yarn, MiniCluster cluster, Path amDir, String name)
      throws Exception {
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName(name);
    context.setMaxAppAttempts(2);
    context.setResource(Resource.newInstance(256, 1));
    String classpath = cluster.getConfDir().toAbsolutePath() + File.pathSeparator
        + System.getProperty("java.class.path");
    String command = System.getProperty("java.home") + "/bin/java -Xmx128m -cp " + classpath
        + " " + KeepWorkAm.class.getName() + " " + amDir + " 1>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout 2>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of(command), Map.<String, ByteBuffer>of(), null, Map.of()));
    return yarn.submitApplication(context);
  }

  /** A started YarnClient for the cluster. */
  static YarnClient client(MiniCluster cluster) {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(cluster.getConfig());
    yarn.start();
    return yarn;
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
