package dev.spindle.spark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;

/**
 * One run of Spark's own {@code org.apache.spark.deploy.SparkSubmit} in a child JVM, started as
 * {@code bin/spark-submit} starts it: Spark's jars on the classpath with HADOOP_CONF_DIR in
 * front, the driver's --add-opens, HADOOP_CONF_DIR in the environment. A child JVM, because
 * SparkSubmit calls System.exit and because Spark's runtime (Jackson 2.15, Hadoop 3.3.4 client)
 * must not meet the cluster's (Hadoop 3.5.0) in one classpath.
 */
final class SparkSubmitRun {

  private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  private static final long TIMEOUT_SECONDS = 240;
  private static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
  private static final Set<YarnApplicationState> FINAL = EnumSet.of(
      YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final SparkRuntime spark;
  private final Path dir;
  private final Map<String, String> conf = new LinkedHashMap<>();
  private String deployMode = "client";

  /** A Spark 3.5 run; see {@link #SparkSubmitRun(SparkRuntime, String)}. */
  SparkSubmitRun(String name) throws IOException {
    this(SparkRuntime.SPARK_3, name);
  }

  /** A run whose files (staging, logs, outputs) live in a fresh directory under the cluster's. */
  SparkSubmitRun(SparkRuntime spark, String name) throws IOException {
    MiniCluster cluster = SparkCluster.cluster();
    this.spark = spark;
    this.dir = Files.createDirectories(
        cluster.getBaseDir().resolve("spark-" + name + "-" + System.nanoTime()));
    List<String> yarnJars = new ArrayList<>();
    for (Path jar : spark.jars()) {
      // local: the NodeManager runs on this machine, so containers use the jars in place, as
      // with a Spark installation on every node.
      yarnJars.add("local:" + jar);
    }
    conf.put("spark.yarn.jars", String.join(",", yarnJars));
    conf.put("spark.yarn.stagingDir", dir.resolve("staging").toUri().toString());
    conf.put("spark.app.name", name);
    // Small JVMs: Spark adds at least 384 MB of overhead to each container anyway.
    conf.put("spark.driver.memory", "512m");
    conf.put("spark.yarn.am.memory", "512m");
    conf.put("spark.executor.memory", "512m");
    conf.put("spark.executor.cores", "1");
    conf.put("spark.ui.port", "0");
    // The client-side JIT is enough for short jobs and starts the AM and executors much
    // faster on a small CI machine; Spark appends its own options to these.
    conf.put("spark.yarn.am.extraJavaOptions", QUICK_JIT);
    conf.put("spark.driver.extraJavaOptions", QUICK_JIT);
    conf.put("spark.executor.extraJavaOptions", QUICK_JIT);
  }

  SparkSubmitRun deployMode(String mode) {
    this.deployMode = mode;
    return this;
  }

  SparkSubmitRun conf(String key, String value) {
    conf.put(key, value);
    return this;
  }

  Path dir() {
    return dir;
  }

  /** Runs SparkSubmit to its end and returns what it left. */
  Result run(String mainClass, String... appArgs) throws Exception {
    Path confDir = SparkCluster.cluster().getConfDir();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spark.driverJavaOptions());
    command.add("-Xmx512m");
    command.add(QUICK_JIT);
    command.add("-cp");
    command.add(confDir + File.pathSeparator + spark.jars().stream()
        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", "yarn", "--deploy-mode", deployMode, "--class", mainClass));
    conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
    command.add(spark.appJar(dir).toString());
    command.addAll(List.of(appArgs));

    Path stdout = dir.resolve("submit.stdout");
    Path stderr = dir.resolve("submit.stderr");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    builder.environment().put("HADOOP_CONF_DIR", confDir.toString());
    builder.environment().remove("SPARK_HOME");
    Process process = builder.start();
    Result result = new Result(-1, stdout, stderr);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("SparkSubmit still running after " + TIMEOUT_SECONDS + " s; "
            + tail(stderr));
      }
      result = new Result(process.exitValue(), stdout, stderr);
      return result;
    } finally {
      process.destroyForcibly();
      process.waitFor();
      if (result.exitCode() != 0) {
        result.killApplication();
      }
    }
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return file.getFileName() + " ends with:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "no " + file;
    }
  }

  /** What a SparkSubmit run left: exit code, its output files. */
  record Result(int exitCode, Path stdout, Path stderr) {

    String stdoutText() throws IOException {
      return Files.readString(stdout);
    }

    void assertExitedNormally() {
      assertEquals(0, exitCode, "SparkSubmit exit code; " + tail(stderr));
    }

    /** The YARN application SparkSubmit reported submitting. */
    ApplicationId applicationId() throws IOException {
      Matcher m = APP_ID.matcher(Files.readString(stderr));
      if (!m.find()) {
        throw new AssertionError("no application id in SparkSubmit's log; " + tail(stderr));
      }
      return ApplicationId.fromString(m.group());
    }

    /**
     * The RM's final report of that application. In client mode the driver JVM may exit before
     * the AM it told to finish has unregistered, so the report may take a moment to be final.
     */
    ApplicationReport report() throws Exception {
      ApplicationId app = applicationId();
      try (YarnClient yarn = yarnClient()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ApplicationReport report = yarn.getApplicationReport(app);
        while (!FINAL.contains(report.getYarnApplicationState()) && System.nanoTime() < deadline) {
          Thread.sleep(100);
          report = yarn.getApplicationReport(app);
        }
        return report;
      }
    }

    /**
     * Kills the application if it is still live, so that a failed run does not hold the
     * queue's AM share for the tests after it: a client-mode AM whose driver died before the
     * AM registered keeps running (ApplicationMaster#runExecutorLauncher never checks that
     * the driver is there; it just waits on its allocation thread).
     */
    void killApplication() throws Exception {
      Matcher m = APP_ID.matcher(Files.exists(stderr) ? Files.readString(stderr) : "");
      if (!m.find()) {
        return;
      }
      try (YarnClient yarn = yarnClient()) {
        ApplicationId app = ApplicationId.fromString(m.group());
        if (!FINAL.contains(yarn.getApplicationReport(app).getYarnApplicationState())) {
          yarn.killApplication(app);
        }
      } catch (ApplicationNotFoundException refusedAtSubmission) {
        // Nothing to clean up.
      }
    }

    private static YarnClient yarnClient() {
      YarnClient yarn = YarnClient.createYarnClient();
      yarn.init(new YarnConfiguration(SparkCluster.cluster().getConfig()));
      yarn.start();
      return yarn;
    }
  }
}
