package dev.spindle.it.stocknm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.applications.distributedshell.Client;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock NodeManager joins the Spindle RM, and the stock DistributedShell client and AM run a
 * job on it end to end: the cross test for the NM-RM protocol, AM launch, the AM-RM protocol
 * and application cleanup.
 */
class StockNodeManagerOnSpindleRmTest {

  @TempDir
  Path dir;

  private SpindleResourceManager rm;
  private NodeManager nm;
  private YarnClient yarn;

  @BeforeEach
  void startCluster() throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, true);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();

    nm = new NodeManager();
    nm.init(nodeManagerConf(new YarnConfiguration(rm.getConfig())));
    nm.start();
    assertEquals(Service.STATE.STARTED, nm.getServiceState());

    yarn = YarnClient.createYarnClient();
    yarn.init(new YarnConfiguration(rm.getConfig()));
    yarn.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (yarn.getNodeReports(NodeState.RUNNING).isEmpty()) {
      assertTrue(System.currentTimeMillis() < deadline, "the stock NM never registered");
      Thread.sleep(50);
    }
  }

  private YarnConfiguration nodeManagerConf(YarnConfiguration conf) {
    File local = dir.resolve("nm-local").toFile();
    File logs = dir.resolve("nm-logs").toFile();
    local.mkdirs();
    logs.mkdirs();
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, local.getAbsolutePath());
    conf.set(YarnConfiguration.NM_LOG_DIRS, logs.getAbsolutePath());
    conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setBoolean(YarnConfiguration.NM_ENABLE_HARDWARE_CAPABILITY_DETECTION, false);
    conf.setBoolean(YarnConfiguration.NM_CONTAINER_MONITOR_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
    // Shorter waits when the NM stops at the end of a test.
    conf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 500);
    return conf;
  }

  @AfterEach
  void stopCluster() throws Exception {
    dumpContainerLogs();
    if (yarn != null) {
      yarn.stop();
    }
    if (nm != null) {
      nm.stop();
    }
    if (rm != null) {
      rm.stop();
    }
    // The in-process DS client reloads the JVM-wide resource types from the RM's list, which
    // carries no minimum allocations; a stock RM started later in this JVM would then
    // normalise asks to 0 MB and crash its FifoScheduler. Leave the cache as a fresh JVM has it.
    ResourceUtils.resetResourceTypes();
  }

  @Test
  void distributedShellRunsTwoContainersToSuccess() throws Exception {
    NodeReport node = yarn.getNodeReports(NodeState.RUNNING).get(0);
    assertEquals(4096, node.getCapability().getMemorySize());

    Client client = new Client(new YarnConfiguration(rm.getConfig()));
    boolean parsed = client.init(new String[] {
        "--jar", dsJar(),
        "--shell_command", "echo hello",
        "--num_containers", "2",
        "--master_memory", "256",
        "--container_memory", "128",
        "--timeout", "40000",
        "--log_properties", amLogProperties()});
    assertTrue(parsed);
    boolean succeeded = runWithConfOnAmClasspath(client);

    List<ApplicationReport> apps = yarn.getApplications();
    assertEquals(1, apps.size());
    ApplicationReport report = apps.get(0);
    assertTrue(succeeded, "DS failed: " + report.getDiagnostics());
    assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertEquals(1, yarn.getApplicationAttempts(report.getApplicationId()).size());
  }

  @Test
  void aKilledDistributedShellAmGetsASecondAttemptThatSucceeds() throws Exception {
    Client client = new Client(new YarnConfiguration(rm.getConfig()));
    assertTrue(client.init(new String[] {
        "--jar", dsJar(),
        "--shell_command", "sleep 2",
        "--num_containers", "1",
        "--master_memory", "256",
        "--container_memory", "128",
        "--timeout", "50000",
        "--log_properties", amLogProperties()}));
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> run = background.submit(() -> runWithConfOnAmClasspath(client));
      ApplicationId app = awaitRunningApp();
      ProcessHandle am = awaitDescendant(
          "org.apache.hadoop.yarn.applications.distributedshell.ApplicationMaster");
      am.destroyForcibly();

      boolean succeeded = run.get(55, TimeUnit.SECONDS);
      ApplicationReport report = yarn.getApplicationReport(app);
      assertTrue(succeeded, "DS failed: " + report.getDiagnostics());
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
      List<ApplicationAttemptReport> attempts = yarn.getApplicationAttempts(app);
      assertEquals(2, attempts.size());
      assertEquals(YarnApplicationAttemptState.FAILED,
          attempts.get(0).getYarnApplicationAttemptState());
      assertTrue(attempts.get(0).getDiagnostics().contains("exitCode: 137"),
          attempts.get(0).getDiagnostics());
      assertEquals(2, report.getCurrentApplicationAttemptId().getAttemptId());
    } finally {
      background.shutdownNow();
    }
  }

  private ApplicationId awaitRunningApp() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      List<ApplicationReport> apps =
          yarn.getApplications(EnumSet.of(YarnApplicationState.RUNNING));
      if (!apps.isEmpty()) {
        return apps.get(0).getApplicationId();
      }
      assertTrue(System.currentTimeMillis() < deadline, "the DS AM never registered");
      Thread.sleep(50);
    }
  }

  /** A process this test JVM started (through the NM) whose command line names {@code main}. */
  private static ProcessHandle awaitDescendant(String main) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      var found = ProcessHandle.current().descendants()
          .filter(p -> p.info().commandLine().map(c -> c.contains(main)).orElse(false))
          .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      assertTrue(System.currentTimeMillis() < deadline, "no process runs " + main);
      Thread.sleep(50);
    }
  }

  /** Prints the containers' stderr into the test output, so a failed run explains itself. */
  private void dumpContainerLogs() throws Exception {
    Path logs = dir.resolve("nm-logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith("stderr")).toList()) {
        String text = Files.readString(f);
        System.out.println("==== " + logs.relativize(f) + "\n"
            + text.substring(Math.max(0, text.length() - 4000)));
      }
    }
  }

  /**
   * Runs the DS client so its AM finds the RM: with yarn.is.minicluster the client appends this
   * JVM's java.class.path to the AM's CLASSPATH, so a directory holding the RM's yarn-site.xml
   * is put in front of it for the duration of the run (the JVM's own class loader is untouched).
   */
  private boolean runWithConfOnAmClasspath(Client client) throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("am-conf"));
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      rm.getConfig().writeXml(out);
    }
    String classpath = System.getProperty("java.class.path");
    System.setProperty("java.class.path", confDir + File.pathSeparator + classpath);
    try {
      return client.run();
    } finally {
      System.setProperty("java.class.path", classpath);
    }
  }

  /** A log4j config for the DS AM so its log lands in its container's stderr. */
  private String amLogProperties() throws Exception {
    Path file = dir.resolve("am-log4j.properties");
    Files.writeString(file, String.join("\n",
        "log4j.rootLogger=INFO, stderr",
        "log4j.appender.stderr=org.apache.log4j.ConsoleAppender",
        "log4j.appender.stderr.Target=System.err",
        "log4j.appender.stderr.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.stderr.layout.ConversionPattern=%d{HH:mm:ss,SSS} %p %c{1}: %m%n", ""));
    return file.toString();
  }

  /** The DistributedShell jar on the test classpath (the AM's code). */
  private static String dsJar() throws Exception {
    return new File(Client.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getAbsolutePath();
  }
}
