package dev.spindle.it.apps;

import java.io.File;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;

/** Submits {@link TestAm} through the stock YarnClient and waits on its reports. */
public final class TestApps {

  private static final Set<YarnApplicationState> FINAL =
      EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
          YarnApplicationState.KILLED);

  private TestApps() {}

  /**
   * Submits a TestAm application.
   *
   * @param confDir     a directory holding the cluster's yarn-site.xml (put first on the
   *                    AM's classpath so that it finds the RM)
   * @param maxAttempts the submission's maxAppAttempts (0 = the RM default)
   */
  public static ApplicationId submit(YarnClient yarn, File confDir, String mode, int maxAttempts)
      throws Exception {
    return submitJava(yarn, confDir, "spindle-test-am-" + mode, "SPINDLE-TEST", maxAttempts,
        TestAm.class.getName() + " " + mode);
  }

  /**
   * Submits an ApplicationMaster that is a Java main class of the test classpath, with
   * {@code confDir} (the cluster's yarn-site.xml) first on its classpath.
   *
   * @param type        the application type, or null for the stock default
   * @param mainAndArgs the main class name followed by its arguments
   */
  public static ApplicationId submitJava(YarnClient yarn, File confDir, String name, String type,
      int maxAttempts, String mainAndArgs) throws Exception {
    return submitJava(yarn, confDir, name, type, maxAttempts, mainAndArgs, null, 256);
  }

  /**
   * Submits a Java ApplicationMaster to a queue, its container asking for {@code amMb}.
   *
   * @param queue the queue, or null for the RM's default
   */
  public static ApplicationId submitJava(YarnClient yarn, File confDir, String name, String type,
      int maxAttempts, String mainAndArgs, String queue, int amMb) throws Exception {
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName(name);
    if (type != null) {
      context.setApplicationType(type);
    }
    context.setMaxAppAttempts(maxAttempts);
    if (queue != null) {
      context.setQueue(queue);
    }
    context.setResource(Resource.newInstance(amMb, 1));
    String classpath = confDir.getAbsolutePath() + File.pathSeparator
        + System.getProperty("java.class.path");
    String java = System.getProperty("java.home") + "/bin/java";
    String command = java + " -Xmx128m -cp " + classpath + " " + mainAndArgs
        + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout 2>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of(command), Map.<String, ByteBuffer>of(), null, Map.of()));
    return yarn.submitApplication(context);
  }

  /** A started YarnClient for {@code conf}. */
  public static YarnClient client(org.apache.hadoop.conf.Configuration conf) {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    return yarn;
  }

  /** Polls until the application reaches a final state. */
  public static ApplicationReport awaitFinal(YarnClient yarn, ApplicationId id, Duration timeout)
      throws Exception {
    return awaitState(yarn, id, timeout, FINAL);
  }

  /** Polls until the application is in one of {@code states}. */
  public static ApplicationReport awaitState(YarnClient yarn, ApplicationId id, Duration timeout,
      Set<YarnApplicationState> states) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ApplicationReport report = yarn.getApplicationReport(id);
      if (states.contains(report.getYarnApplicationState())) {
        return report;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + id + " to reach "
            + states + "; last state " + report.getYarnApplicationState() + ", diagnostics: "
            + report.getDiagnostics());
      }
      Thread.sleep(100);
    }
  }
}
