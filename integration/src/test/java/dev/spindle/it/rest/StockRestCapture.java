package dev.spindle.it.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestApps;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Captures the STOCK 3.5.0 RM's REST responses (and its standby web behaviour) as golden
 * files under {@code src/test/resources/stock-rest}. Not part of the normal suite: run it on
 * its own so the stock cluster starts in a fresh JVM (resource types are JVM-wide):
 * {@code mvn -o -q -pl integration -am test -Dtest=StockRestCapture
 * -Dsurefire.failIfNoSpecifiedTests=false -Dspindle.capture=true
 * -Dmaven.test.additionalClasspath=<hadoop-common-3.5.0-tests.jar in ~/.m2>}
 * (MiniYARNCluster needs GenericTestUtils from that jar, which the module does not depend on).
 * {@link #main} does the same with an output directory argument; its classpath entries must be
 * absolute, because the test AMs are launched with this JVM's classpath.
 */
public final class StockRestCapture {

  private static final String WS = "/ws/v1/cluster";
  private static final Duration WAIT = Duration.ofSeconds(60);

  public static void main(String[] args) throws Exception {
    run(Path.of(args.length > 0 ? args[0] : "src/test/resources/stock-rest"));
    System.exit(0);
  }

  @Test
  @EnabledIfSystemProperty(named = "spindle.capture", matches = "true")
  void capture() throws Exception {
    Path out = Path.of(System.getProperty("spindle.capture.out", "src/test/resources/stock-rest"));
    run(out);
    for (String name : List.of("info-no-apps", "apps-0", "apps-1", "apps-2", "app-running",
        "scheduler-fifo", "scheduler-capacity", "scheduler-fair", "standby-apps")) {
      assertTrue(Files.exists(out.resolve(name + ".meta")), name + " captured");
    }
    // The two facts SHAPES.md leads with; a Hadoop upgrade that changes them must be noticed.
    assertTrue(Files.readString(out.resolve("apps-0.json")).contains("\"apps\" : { }"));
    assertTrue(Files.readString(out.resolve("standby-apps.meta")).contains("status: 307"));
  }

  /** Every scenario, each on a fresh cluster. */
  static void run(Path out) throws Exception {
    GoldenWriter golden = new GoldenWriter(out);
    fifoScenario(golden, confDirFor("fifo"));
    uiScenario(golden, confDirFor("ui"));
    schedulerOnly(golden, "capacity", StockYarnClusters.CAPACITY);
    schedulerOnly(golden, "fair", StockYarnClusters.FAIR);
    standbyScenario(golden);
  }

  private static File confDirFor(String scenario) throws java.io.IOException {
    return Files.createTempDirectory("stock-rest-" + scenario).toFile();
  }

  /** RM UI pages (status + content type), on a cluster whose NM has no web server. */
  private static void uiScenario(GoldenWriter g, File confDir) throws Exception {
    MiniYARNCluster cluster =
        StockYarnClusters.single("stock-rest-ui", StockYarnClusters.FIFO, 1, false);
    try (YarnClient yarn = TestApps.client(new YarnConfiguration(cluster.getConfig()))) {
      String web = StockYarnClusters.webUrl(cluster, 0);
      g.placeholder(web.replace("http://", ""), "{rm-web}");
      ApplicationId app = submitCommand(yarn, "golden-ui-sleep", "sleep 60");
      await("AM container of " + app + " launched", () -> launched(yarn, app));
      long ts = ResourceManager.getClusterTimeStamp();
      g.get("ui-root", web + "/", null, false);
      g.get("ui-about", web + "/cluster/cluster", null, false);
      g.get("ui-apps", web + "/cluster/apps", null, false);
      g.get("ui-app-accepted", web + "/cluster/app/" + app, null, false);
      g.get("ui-app-unknown", web + "/cluster/app/" + ApplicationId.newInstance(ts, 9999), null,
          false);
      g.get("ui-nodes", web + "/cluster/nodes", null, false);
      yarn.killApplication(app);
      TestApps.awaitFinal(yarn, app, WAIT);
      g.get("ui-app-killed", web + "/cluster/app/" + app, null, false);
    } finally {
      cluster.stop();
    }
  }

  /**
   * The scheduler endpoint of a cluster with one NM, with no app and with one app whose AM is
   * launched (queue users, child queues and AppInfo's scheduler-specific fields appear then).
   */
  private static void schedulerOnly(GoldenWriter golden, String name, String scheduler)
      throws Exception {
    MiniYARNCluster cluster = StockYarnClusters.single("stock-rest-" + name, scheduler, 1);
    try (YarnClient yarn = TestApps.client(new YarnConfiguration(cluster.getConfig()))) {
      String web = StockYarnClusters.webUrl(cluster, 0);
      golden.get("scheduler-" + name, web + WS + "/scheduler");
      ApplicationId app = submitCommand(yarn, "golden-" + name + "-sleep", "sleep 60");
      await("AM container of " + app + " launched", () -> launched(yarn, app));
      golden.get("scheduler-" + name + "-1-app", web + WS + "/scheduler");
      golden.get("apps-" + name + "-1-app", web + WS + "/apps");
      yarn.killApplication(app);
    } finally {
      cluster.stop();
    }
  }

  /** FIFO cluster, one NM: the app and node endpoints with 0, 1 and 2 apps, kill, errors. */
  private static void fifoScenario(GoldenWriter golden, File confDir) throws Exception {
    MiniYARNCluster cluster =
        StockYarnClusters.single("stock-rest-fifo", StockYarnClusters.FIFO, 1);
    try (YarnClient yarn = TestApps.client(new YarnConfiguration(cluster.getConfig()))) {
      String web = StockYarnClusters.webUrl(cluster, 0);
      golden.placeholder(web.replace("http://", ""), "{rm-web}");
      StockYarnClusters.writeSite(cluster.getConfig(), confDir);
      long ts = ResourceManager.getClusterTimeStamp();
      String nodeId = cluster.getNodeManager(0).getNMContext().getNodeId().toString();
      noApps(golden, web, nodeId, ts);

      ApplicationId running = TestApps.submitJava(yarn, confDir, "golden-url-am", "GOLDEN", 1,
          UrlAm.class.getName());
      TestApps.awaitState(yarn, running, WAIT, EnumSet.of(YarnApplicationState.RUNNING));
      await("tracking URL of " + running, () -> report(yarn, running).getTrackingUrl() != null
          && report(yarn, running).getOriginalTrackingUrl().startsWith("http"));
      oneApp(golden, web, running);

      ApplicationId sleeper = submitCommand(yarn, "golden-sleep", "sleep 60");
      await("AM container of " + sleeper + " launched", () -> launched(yarn, sleeper));
      twoApps(golden, web, running, sleeper);
      kill(golden, yarn, web, running, sleeper);
      yarn.killApplication(running);
    } finally {
      cluster.stop();
    }
  }

  private static void noApps(GoldenWriter g, String web, String nodeId, long ts) throws Exception {
    g.get("info-no-apps", web + WS + "/info");
    g.get("cluster-root", web + WS);
    g.get("info-xml", web + WS + "/info", "application/xml", false);
    g.get("info-no-accept", web + WS + "/info", null, true);
    g.get("metrics-no-apps", web + WS + "/metrics");
    g.get("scheduler-fifo", web + WS + "/scheduler");
    g.get("apps-0", web + WS + "/apps");
    g.get("apps-states-bogus", web + WS + "/apps?states=BOGUS");
    g.get("app-unknown", web + WS + "/apps/" + ApplicationId.newInstance(ts, 9999));
    g.get("app-malformed", web + WS + "/apps/application_bogus");
    g.get("app-state-unknown", web + WS + "/apps/" + ApplicationId.newInstance(ts, 9999)
        + "/state");
    g.get("nodes", web + WS + "/nodes");
    g.get("node", web + WS + "/nodes/" + nodeId);
    g.get("node-unknown", web + WS + "/nodes/nohost.invalid:1234");
    g.get("node-malformed", web + WS + "/nodes/bogus");
    g.get("isactive-single", web + "/isActive", null, true);
    g.get("proxy-unknown-app", web + "/proxy/" + ApplicationId.newInstance(ts, 9999) + "/",
        null, true);
    g.get("endpoint-unknown", web + WS + "/bogus");
  }

  private static void oneApp(GoldenWriter g, String web, ApplicationId app) throws Exception {
    g.get("apps-1", web + WS + "/apps");
    g.get("app-running", web + WS + "/apps/" + app);
    g.get("appattempts-running", web + WS + "/apps/" + app + "/appattempts");
    g.get("app-state-running", web + WS + "/apps/" + app + "/state");
    g.get("metrics-1-app", web + WS + "/metrics");
    g.get("scheduler-fifo-1-app", web + WS + "/scheduler");
    g.get("nodes-1-app", web + WS + "/nodes");
    g.get("proxy-with-tracking-url", web + "/proxy/" + app + "/", null, false);
  }

  private static void twoApps(GoldenWriter g, String web, ApplicationId running,
      ApplicationId accepted) throws Exception {
    g.get("apps-2", web + WS + "/apps");
    g.get("apps-states-running", web + WS + "/apps?states=RUNNING");
    g.get("apps-states-running-accepted", web + WS + "/apps?states=RUNNING,ACCEPTED");
    g.get("app-accepted", web + WS + "/apps/" + accepted);
    g.get("appattempts-accepted", web + WS + "/apps/" + accepted + "/appattempts");
    g.get("proxy-without-tracking-url", web + "/proxy/" + accepted + "/", null, false);
  }

  /** Kills {@code victim} through PUT .../state, then records the refusal of RUNNING. */
  private static void kill(GoldenWriter g, YarnClient yarn, String web, ApplicationId running,
      ApplicationId victim) throws Exception {
    String state = web + WS + "/apps/" + victim + "/state";
    g.putJson("put-state-killed-first", state, "{\"state\":\"KILLED\"}");
    TestApps.awaitFinal(yarn, victim, WAIT);
    g.putJson("put-state-killed-done", state, "{\"state\":\"KILLED\"}");
    g.putJson("put-state-running", web + WS + "/apps/" + running + "/state",
        "{\"state\":\"RUNNING\"}");
    g.putJson("put-state-finished", web + WS + "/apps/" + running + "/state",
        "{\"state\":\"FINISHED\"}");
    g.putJson("put-state-running-on-killed", state, "{\"state\":\"RUNNING\"}");
    g.putJson("put-state-bogus", state, "{\"state\":\"BOGUS\"}");
    g.get("app-state-killed", state);
    g.get("app-killed", web + WS + "/apps/" + victim);
    g.get("appattempts-killed", web + WS + "/apps/" + victim + "/appattempts");
    g.get("apps-2-one-killed", web + WS + "/apps");
    g.get("apps-states-killed", web + WS + "/apps?states=KILLED");
    g.get("metrics-after-kill", web + WS + "/metrics");
    g.get("proxy-killed", web + "/proxy/" + victim + "/", null, false);
  }

  /** Standby RM: which paths it serves and how it redirects the rest. */
  private static void standbyScenario(GoldenWriter g) throws Exception {
    MiniYARNCluster cluster = StockYarnClusters.ha("stock-rest-ha");
    try {
      String active = StockYarnClusters.webUrl(cluster, 0);
      String standby = StockYarnClusters.webUrl(cluster, 1);
      g.placeholder(active.replace("http://", ""), "{active-web}");
      g.placeholder(standby.replace("http://", ""), "{standby-web}");
      g.get("active-info", active + WS + "/info");
      g.get("active-isactive", active + "/isActive", null, true);
      g.get("standby-apps", standby + WS + "/apps");
      g.get("standby-apps-query", standby + WS + "/apps?states=RUNNING");
      g.get("standby-metrics", standby + WS + "/metrics");
      g.get("standby-info", standby + WS + "/info");
      g.get("standby-isactive", standby + "/isActive", null, true);
      g.get("standby-ui-about", standby + "/cluster/cluster", null, false);
      g.get("standby-ui-apps", standby + "/cluster/apps", null, false);
      g.get("standby-jmx", standby + "/jmx", null, false);
      g.get("standby-proxy", standby + "/proxy/x", null, false);
      long ts = ResourceManager.getClusterTimeStamp();
      g.get("standby-proxy-app", standby + "/proxy/" + ApplicationId.newInstance(ts, 1) + "/",
          null, false);
      g.get("standby-app", standby + WS + "/apps/" + ApplicationId.newInstance(ts, 1));
      g.putJson("standby-put-state", standby + WS + "/apps/" + ApplicationId.newInstance(ts, 1)
          + "/state", "{\"state\":\"KILLED\"}");
      g.get("standby-conf", standby + "/conf", null, false);
      g.get("standby-info-xml", standby + WS + "/info", "application/xml", false);
    } finally {
      cluster.stop();
    }
  }

  private static ApplicationId submitCommand(YarnClient yarn, String name, String command)
      throws Exception {
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName(name);
    context.setMaxAppAttempts(1);
    context.setResource(Resource.newInstance(128, 1));
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of(command), Map.<String, ByteBuffer>of(), null, Map.of()));
    return yarn.submitApplication(context);
  }

  private static org.apache.hadoop.yarn.api.records.ApplicationReport report(YarnClient yarn,
      ApplicationId id) {
    try {
      return yarn.getApplicationReport(id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean launched(YarnClient yarn, ApplicationId id) {
    try {
      List<ApplicationAttemptReport> attempts = yarn.getApplicationAttempts(id);
      return !attempts.isEmpty() && attempts.get(0).getYarnApplicationAttemptState()
          == YarnApplicationAttemptState.LAUNCHED;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
