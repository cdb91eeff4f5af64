package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.framework.Filters;
import dev.spindle.framework.Offer;
import dev.spindle.framework.Registration;
import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import dev.spindle.offers.OfferProtocolException;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offers are soft state, tasks are not: after an RM restart a framework registers again,
 * keeps its tasks and gets fresh offers, and an offer of the old RM is refused; a framework
 * AM that dies is restarted and takes over its predecessor's running tasks (seed 000).
 */
class OfferModeRecoveryTest {

  @TempDir Path dir;
  @TempDir File baseDir;
  private MiniCluster cluster;
  private final List<TestFramework> frameworks = new ArrayList<>();

  @AfterEach
  void stop() {
    for (TestFramework f : frameworks) {
      try {
        f.close();
      } catch (Exception ignored) {
        // the cluster goes next
      }
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  private Configuration start(int nodes) throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), OfferModeRpcTest.DRF_QUEUES);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, OfferModeRpcTest.FAIR);
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, true);
    conf.setLong(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_SCHEDULING_WAIT_MS, 1000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 200);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 60_000);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    // The driver outlasts the restart: a poll that cannot connect is tried again.
    conf.setInt("spindle.framework.rpc.attempts", 300);
    conf.setInt("ipc.client.connect.max.retries", 0);
    cluster = new MiniCluster("offers-recovery", nodes);
    cluster.init(conf);
    cluster.start();
    return new YarnConfiguration(cluster.getConfig());
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    SharedCluster.await(what, Duration.ofSeconds(120), condition);
  }

  @Test
  @DisplayName("after an RM restart: the framework registers again, keeps its task, gets"
      + " fresh offers, and an offer of the old RM is refused")
  void rmRestart() throws Exception {
    Configuration conf = start(2);
    TestFramework f = new TestFramework(conf, "survivor", "a");
    frameworks.add(f);
    f.start();
    await("offers of both nodes", () -> f.held.size() == 2);
    List<Offer> before = new ArrayList<>(f.held.values());
    Offer launchOn = before.get(0);
    Offer stale = before.get(1);
    List<Container> task = f.driver.accept(List.of(launchOn.id()),
        List.of(TestFramework.sleeper(1024, 1, "kept")), Filters.refuseSeconds(600));
    await("the task to run", () -> f.runningTasks() == 1);
    int offersBefore = f.offers.size();

    cluster.restartResourceManager();
    await("the framework to register again", () -> {
      assertTrue(f.errors.isEmpty(), () -> "the driver gave up: " + f.errors);
      return f.registrations.size() == 2;
    });
    Registration again = f.registrations.get(1);
    assertFalse(again.failover(), "the same attempt registered again");
    // Its NM hands the task back to the new RM (maybe after the framework registered, so
    // the registration may or may not list it yet); the task never stopped.
    assertTrue(List.of(task.get(0).getId()).containsAll(again.runningContainers().stream()
        .map(Container::getId).toList()), again::toString);
    try (YarnClient yarn = TestApps.client(conf)) {
      await("the new RM to know the running task", () -> {
        try {
          return yarn.getContainers(f.app.attempt()).stream().anyMatch(c ->
              c.getContainerId().equals(task.get(0).getId())
                  && c.getContainerState() == ContainerState.RUNNING);
        } catch (Exception e) {
          return false;
        }
      });
    }
    await("a fresh offer", () -> f.offers.size() > offersBefore);
    OfferProtocolException e = assertThrows(OfferProtocolException.class,
        () -> f.driver.accept(List.of(stale.id()), List.of(TestFramework.sleeper(1024, 1, "x")),
            Filters.DEFAULT));
    assertEquals(OfferProtocolException.Reason.UNKNOWN_OFFER, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("earlier ResourceManager"), e.getMessage());
    assertTrue(f.errors.isEmpty(), f.errors::toString);
    assertEquals(1, f.runningTasks(), () -> "statuses: " + f.statuses);
  }

  @Test
  @DisplayName("a framework AM that dies is restarted and keeps its predecessor's tasks")
  void amFailoverKeepsTasks() throws Exception {
    Configuration conf = start(1);
    Path amDir = Files.createDirectories(dir.resolve("am"));
    try (YarnClient yarn = TestApps.client(conf)) {
      ApplicationSubmissionContext context =
          yarn.createApplication().getApplicationSubmissionContext();
      context.setApplicationName("failover-framework");
      context.setQueue("a");
      context.setMaxAppAttempts(2);
      context.setKeepContainersAcrossApplicationAttempts(true);
      context.setResource(Resource.newInstance(256, 1));
      String classpath = cluster.getConfDir() + File.pathSeparator
          + System.getProperty("java.class.path");
      String command = System.getProperty("java.home") + "/bin/java -Xmx128m -cp "
          + classpath + " " + FailoverFramework.class.getName() + " " + amDir
          + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout 2>"
          + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
      context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
          List.of(command), Map.<String, ByteBuffer>of(), null, Map.of()));
      ApplicationId app = yarn.submitApplication(context);

      await("the second attempt's registration", () -> Files.exists(amDir.resolve("attempt2"))
          || finished(yarn, app));
      assertTrue(Files.exists(amDir.resolve("attempt1")), "attempt 1 launched no tasks");
      List<String> first = Files.readAllLines(amDir.resolve("attempt1"));
      List<String> second = Files.readAllLines(amDir.resolve("attempt2"));
      assertEquals(2, first.size(), first::toString);
      assertEquals("true", second.get(0), "the second registration is a failover");
      assertEquals(first, second.subList(1, second.size()),
          "the restarted framework got its predecessor's running tasks");
      Files.writeString(amDir.resolve("done"), "");
      ApplicationReport end = TestApps.awaitFinal(yarn, app, Duration.ofSeconds(60));
      assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(),
          end.getDiagnostics());
      assertEquals(2, yarn.getApplicationAttempts(app).size());
    }
  }

  private static boolean finished(YarnClient yarn, ApplicationId app) {
    try {
      return yarn.getApplicationReport(app).getYarnApplicationState().ordinal()
          >= org.apache.hadoop.yarn.api.records.YarnApplicationState.FINISHED.ordinal();
    } catch (Exception e) {
      return false;
    }
  }
}
