package dev.spindle.spark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark 3.5 on YARN, unchanged, on Spindle: applications submitted by Spark's own SparkSubmit
 * (its bundled Hadoop 3.3.4 client talking to the RM), Spark's ApplicationMaster and executors
 * in Spindle containers, Spark's shuffle service inside the Spindle NodeManager.
 */
@ExtendWith(SparkCluster.class)
class SparkOnYarnTest {

  private static final Pattern PI = Pattern.compile("Pi is roughly (\\d+\\.\\d+)");
  static final String PI_CLASS = "dev.spindle.spark.SparkPi";

  @Test
  void sparkPiInClusterModeRunsTheDriverInTheApplicationMaster() throws Exception {
    SparkSubmitRun.Result result = new SparkSubmitRun("pi-cluster")
        .deployMode("cluster")
        .conf("spark.executor.instances", "1")
        .run(PI_CLASS, "2");

    result.assertExitedNormally();
    assertSucceeded(result.report());
    // The driver ran in the AM container: its stdout is in the NodeManager's log directory.
    String amStdout = containerStdout(result.applicationId(), 1);
    assertPi(amStdout);
  }

  @Test
  void sparkPiInClientModeRunsTheDriverInSparkSubmit() throws Exception {
    SparkSubmitRun.Result result = new SparkSubmitRun("pi-client")
        .conf("spark.executor.instances", "1")
        .run(PI_CLASS, "4");

    result.assertExitedNormally();
    assertSucceeded(result.report());
    assertPi(result.stdoutText());
  }

  /**
   * Dynamic allocation with the shuffle service: executors come when tasks wait, go when idle,
   * and the shuffle output they wrote stays readable from the NodeManager after they are gone.
   * The service's port is not passed: Spark reads spark.shuffle.service.port from the
   * cluster's yarn-site.xml, as on a real cluster (Utils#getSparkOrYarnConfig).
   */
  @Test
  void dynamicAllocationAddsAndReleasesExecutorsAndShuffleOutputOutlivesThem() throws Exception {
    SparkSubmitRun run = new SparkSubmitRun("dynamic");
    Path eventLogs = Files.createDirectories(run.dir().resolve("events"));
    Path output = run.dir().resolve("counts.txt");
    SparkSubmitRun.Result result = run
        .conf("spark.dynamicAllocation.enabled", "true")
        .conf("spark.shuffle.service.enabled", "true")
        .conf("spark.dynamicAllocation.minExecutors", "0")
        .conf("spark.dynamicAllocation.maxExecutors", "1")
        .conf("spark.dynamicAllocation.schedulerBacklogTimeout", "1s")
        .conf("spark.dynamicAllocation.executorIdleTimeout", "2s")
        .conf("spark.eventLog.enabled", "true")
        .conf("spark.eventLog.compress", "false")
        .conf("spark.eventLog.dir", eventLogs.toUri().toString())
        .run("dev.spindle.spark.ShuffleTwice", output.toString(), "120000");

    result.assertExitedNormally();
    assertSucceeded(result.report());
    String counts = "0=1000,1=1000,2=1000,3=1000,4=1000,5=1000,6=1000,7=1000,8=1000,9=1000";
    assertEquals(List.of(counts, counts, "released"), Files.readAllLines(output),
        "both reads of the shuffle, and whether every executor was released in between");

    List<String> events = eventLog(eventLogs, result.applicationId());
    // Executors came, went, and came again for the second read.
    int firstRemoved = indexOf(events, "\"Event\":\"SparkListenerExecutorRemoved\"", 0);
    assertTrue(firstRemoved > indexOf(events, "\"Event\":\"SparkListenerExecutorAdded\"", 0),
        "an executor was added, then removed");
    assertTrue(indexOf(events, "\"Event\":\"SparkListenerExecutorAdded\"", firstRemoved) > 0,
        "an executor was added after one was removed");
    // Four map tasks, run once: the second read found the map output in the shuffle service,
    // though the executors that wrote it were gone (a lost block re-runs the map stage).
    long mapTasks = events.stream().filter(e -> e.contains("\"Event\":\"SparkListenerTaskEnd\""))
        .filter(e -> e.contains("\"Task Type\":\"ShuffleMapTask\"")).count();
    assertEquals(4, mapTasks, "map tasks run");
    assertEquals(0, count(events, "FetchFailed"), "fetch failures");
  }

  static void assertSucceeded(ApplicationReport report) {
    assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState(),
        report.getDiagnostics());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
        report.getDiagnostics());
  }

  static void assertPi(String driverStdout) {
    Matcher m = PI.matcher(driverStdout);
    assertTrue(m.find(), "no Pi in the driver's stdout:\n" + driverStdout);
    double pi = Double.parseDouble(m.group(1));
    assertTrue(Math.abs(pi - Math.PI) < 0.05, "Pi is roughly " + pi);
  }

  /** The stdout file of container number {@code n} of the app's first attempt. */
  static String containerStdout(ApplicationId app, int n) throws IOException {
    String container = String.format("container_%d_%04d_01_%06d",
        app.getClusterTimestamp(), app.getId(), n);
    try (Stream<Path> files = Files.walk(SparkCluster.cluster().getBaseDir())) {
      Path stdout = files
          .filter(p -> p.getFileName().toString().equals("stdout"))
          .filter(p -> p.getParent().getFileName().toString().equals(container))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no stdout of " + container));
      return Files.readString(stdout);
    }
  }

  private static List<String> eventLog(Path dir, ApplicationId app) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Path log = files.filter(p -> p.getFileName().toString().startsWith(app.toString()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no event log of " + app + " in " + dir));
      return Files.readAllLines(log);
    }
  }

  /** The index of the first event from {@code from} on holding {@code marker}, or -1. */
  private static int indexOf(List<String> events, String marker, int from) {
    for (int i = Math.max(from, 0); i < events.size(); i++) {
      if (events.get(i).contains(marker)) {
        return i;
      }
    }
    return -1;
  }

  private static long count(List<String> events, String marker) {
    return events.stream().filter(e -> e.contains(marker)).count();
  }
}
