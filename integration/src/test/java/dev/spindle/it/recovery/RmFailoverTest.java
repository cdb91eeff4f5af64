package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import dev.spindle.it.web.Http;
import dev.spindle.mini.MiniCluster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two RMs in an HA group over the MiniCluster's embedded ZooKeeper, each a
 * {@code bin/spindle resourcemanager} process: the stock client's failover proxy follows the
 * active, the admin CLI reports states, the standby's web server redirects to the active, and
 * when the active is killed (kill -9) an application carries on under the new active (its AM
 * restarted, non-work-preserving).
 */
class RmFailoverTest {

  @TempDir
  File baseDir;
  private MiniCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private Configuration conf() {
    Configuration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, false);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 500);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 100);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    // Clients give up on an RM quickly and try the next one.
    conf.setInt("ipc.client.connect.max.retries", 0);
    return conf;
  }

  @Test
  void anApplicationSurvivesTheActivesDeathUnderTheNewActive() throws Exception {
    cluster = new MiniCluster("rm-failover", 1).withHa(2).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    try (YarnClient yarn = client()) {
      ApplicationId app = submitRestartAm(yarn);
      TestApps.awaitState(yarn, app, Duration.ofSeconds(60), Set.of(YarnApplicationState.RUNNING));
      List<String> rms = cluster.getRmIds();
      int first = activeIndex();
      assertEquals("active", serviceState(rms.get(first)));
      assertEquals("standby", serviceState(rms.get(1 - first)));
      assertStandbyWebRedirects(rms.get(1 - first), rms.get(first), app);

      long killed = System.nanoTime();
      assertEquals(first, cluster.killActiveResourceManager());
      awaitActive(1 - first);
      long active = System.nanoTime();
      ApplicationReport report = TestApps.awaitFinal(yarn, app, Duration.ofSeconds(60));
      long finished = System.nanoTime();

      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
          report.getDiagnostics());
      assertTrue(report.getDiagnostics().contains("container_e02_"), report.getDiagnostics());
      assertEquals("active", serviceState(rms.get(1 - first)));
      HttpResponse<String> served = Http.getOnce(web(rms.get(1 - first))
          + "/ws/v1/cluster/apps/" + app);
      assertEquals(200, served.statusCode(), served.body());
      assertEquals(200, Http.getOnce(web(rms.get(1 - first)) + "/isActive").statusCode());
      System.out.printf("FIGURE failover: new active after %d ms, app finished after %d ms%n",
          (active - killed) / 1_000_000, (finished - killed) / 1_000_000);
    }
  }

  @Test
  void manualTransitionsAreRefusedAndAdminCallsReachTheActive() throws Exception {
    cluster = new MiniCluster("rm-ha-admin", 0).withHa(2).withResourceManagerProcess();
    cluster.init(conf());
    cluster.start();
    String standby = cluster.getRmIds().get(1 - activeIndex());
    assertNotEquals(0, rmadmin("-transitionToActive", standby));
    assertEquals("standby", serviceState(standby));
    // Admin calls fail over past the standby (StandbyException) to the active.
    assertEquals(0, rmadmin("-getGroups", "alice"));
    assertEquals(0, rmadmin("-refreshSuperUserGroupsConfiguration"));
  }

  /**
   * The standby's web server sends REST calls to the active (307, same path and query) and
   * answers cluster info and /isActive itself, as the stock RMWebAppFilter does.
   */
  private void assertStandbyWebRedirects(String standby, String active, ApplicationId app)
      throws Exception {
    String path = "/ws/v1/cluster/apps/" + app + "?deSelects=resourceRequests";
    HttpResponse<String> redirect = Http.getOnce(web(standby) + path);
    assertEquals(307, redirect.statusCode(), redirect.body());
    assertEquals(web(active) + path, redirect.headers().firstValue("Location").orElse(null));
    HttpResponse<String> followed = Http.get(web(standby) + path);
    assertEquals(200, followed.statusCode(), followed.body());
    assertTrue(followed.body().contains("\"id\":\"" + app + "\""), followed.body());

    HttpResponse<String> info = Http.getOnce(web(standby) + "/ws/v1/cluster/info");
    assertEquals(200, info.statusCode(), info.body());
    assertTrue(info.body().contains("\"haState\":\"STANDBY\""), info.body());
    assertEquals(405, Http.getOnce(web(standby) + "/isActive").statusCode());
    assertEquals(200, Http.getOnce(web(active) + "/isActive").statusCode());
  }

  /** The web base of one RM of the group. */
  private String web(String rmId) {
    return "http://" + cluster.getConfig().get(
        HAUtil.addSuffix(YarnConfiguration.RM_WEBAPP_ADDRESS, rmId));
  }

  private int activeIndex() {
    for (int i = 0; i < cluster.getRmIds().size(); i++) {
      if (cluster.getHaState(i) == HAServiceState.ACTIVE) {
        return i;
      }
    }
    throw new AssertionError("no active RM");
  }

  private void awaitActive(int i) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (cluster.getHaState(i) != HAServiceState.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(cluster.getRmIds().get(i) + " did not become active");
      }
      Thread.sleep(10);
    }
  }

  /** What {@code yarn rmadmin -getServiceState <id>} prints. */
  private String serviceState(String rmId) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(new YarnConfiguration(cluster.getConfig()), out);
    assertEquals(0, cli.run(new String[] {"-getServiceState", rmId}));
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  private int rmadmin(String... args) throws Exception {
    return new Cli(new YarnConfiguration(cluster.getConfig()), new ByteArrayOutputStream())
        .run(args);
  }

  /** The stock {@code yarn rmadmin} with its output captured. */
  private static final class Cli extends RMAdminCLI {
    Cli(Configuration conf, ByteArrayOutputStream out) {
      super(conf);
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      setOut(print);
      setErrOut(print);
    }
  }

  private ApplicationId submitRestartAm(YarnClient yarn) throws Exception {
    return TestApps.submitJava(yarn, cluster.getConfDir().toFile(), "failover-am", null, 2,
        RestartAm.class.getName());
  }

  private YarnClient client() {
    return TestApps.client(cluster.getConfig());
  }
}
