package dev.spindle.it.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestAm;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI as a person sees it in a real (headless) Chromium, against one Capacity cluster
 * running three apps: one finished (its logs aggregated), one running, and one that waits
 * because its AM does not fit its queue's maximum. Checks what the pages show and what
 * clicking does: app and queue rows, filters and sorting changing the rows, log links that
 * end at the container's log text, the waiting app's reason. Skipped without /usr/bin/chromium.
 */
class WebUiBrowserTest {

  private static final String CAPACITY = """
      <?xml version="1.0"?>
      <configuration>
        <property><name>yarn.scheduler.capacity.root.queues</name><value>a,b</value></property>
        <property><name>yarn.scheduler.capacity.maximum-am-resource-percent</name><value>1.0</value></property>
        <property><name>yarn.scheduler.capacity.root.a.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.a.maximum-capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.b.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.b.maximum-capacity</name><value>100</value></property>
      </configuration>
      """;

  /** The waiting app's name carries markup: pages must show it as text. */
  private static final String WAITING_NAME = "too big <b id=\"injected\">to start</b>";

  @TempDir static Path tmp;
  private static MiniCluster cluster;
  private static YarnClient yarn;
  private static Chromium browser;
  private static String web;
  private static String marker;
  private static ApplicationId finished;
  private static ApplicationId running;
  private static ApplicationId waiting;

  @BeforeAll
  static void startClusterAppsAndBrowser() throws Exception {
    if (!Chromium.available()) {
      return; // each test reports itself skipped, with the reason
    }
    Path confDir = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), CAPACITY);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR,
        tmp.resolve("remote-logs").toUri().toString());
    cluster = new MiniCluster("web-ui", 1);
    cluster.init(conf);
    cluster.start();
    web = Http.rmWeb(cluster.getConfig());
    yarn = TestApps.client(new YarnConfiguration(cluster.getConfig()));
    java.io.File clusterConf = cluster.getConfDir().toFile();

    marker = "web-ui-log-line-" + System.nanoTime();
    finished = TestApps.submitJava(yarn, clusterConf, "says-a-marker", "UI-TEST", 1,
        TestAm.class.getName() + " say " + marker, "a", 256);
    assertEquals(YarnApplicationState.FINISHED,
        TestApps.awaitFinal(yarn, finished, Duration.ofMinutes(2)).getYarnApplicationState());
    SharedCluster.await("log aggregation of " + finished, Duration.ofMinutes(1), () -> {
      try {
        return yarn.getApplicationReport(finished).getLogAggregationStatus()
            == LogAggregationStatus.SUCCEEDED;
      } catch (Exception e) {
        return false;
      }
    });
    running = TestApps.submitJava(yarn, clusterConf, "sleeps", "UI-TEST", 1,
        TestAm.class.getName() + " sleep", "b", 256);
    TestApps.awaitState(yarn, running, Duration.ofMinutes(2),
        EnumSet.of(YarnApplicationState.RUNNING));
    // Another user's app whose 3 GB AM cannot fit queue a's 50% maximum (2 GB): it waits.
    YarnClient alice = UserGroupInformation.createRemoteUser("alice").doAs(
        (PrivilegedExceptionAction<YarnClient>) () -> TestApps.client(
            new YarnConfiguration(cluster.getConfig())));
    try {
      waiting = UserGroupInformation.createRemoteUser("alice").doAs(
          (PrivilegedExceptionAction<ApplicationId>) () -> TestApps.submitJava(alice,
              clusterConf, WAITING_NAME, "UI-TEST", 1, TestAm.class.getName() + " sleep",
              "a", 3072));
    } finally {
      alice.stop();
    }
    TestApps.awaitState(yarn, waiting, Duration.ofMinutes(1),
        EnumSet.of(YarnApplicationState.ACCEPTED));
    browser = Chromium.start(tmp.resolve("chromium-profile"));
  }

  @BeforeEach
  void needsChromium() {
    assumeTrue(Chromium.available(), "Skipped: no " + Chromium.BINARY
        + " to check the pages in (apt-get install -y chromium chromium-driver)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (yarn != null) {
      for (ApplicationId id : new ApplicationId[] {running, waiting}) {
        if (id != null) {
          yarn.killApplication(id);
        }
      }
      yarn.stop();
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void overviewCountsTheAppsAndTheNode() throws Exception {
    browser.open(web + "/");
    assertTrue(browser.url().endsWith("/cluster"), browser.url());
    String apps = browser.text("#app-counts");
    assertTrue(apps.contains("Running\t1") && apps.contains("Pending\t1")
        && apps.contains("Submitted\t3"), apps);
    assertTrue(browser.text("#node-counts").contains("Active\t1"), browser.text("#node-counts"));
    assertTrue(browser.text("#resources").contains("of 4 GB used"),
        browser.text("#resources"));
  }

  @Test
  void appsListFiltersByStateQueueAndUserAndSorts() throws Exception {
    browser.open(web + "/cluster/apps");
    assertEquals(List.of(waiting.toString(), running.toString(), finished.toString()),
        rowKeys("#apps"), "all three apps, newest first");
    assertTrue(browser.text("#apps").contains(WAITING_NAME), browser.text("#apps"));

    browser.choose("#filter-state", "RUNNING");
    assertEquals(List.of(running.toString()), rowKeys("#apps"));
    assertTrue(browser.url().contains("state=RUNNING"), browser.url());

    browser.open(web + "/cluster/apps/ACCEPTED");
    assertEquals(List.of(waiting.toString()), rowKeys("#apps"));

    browser.open(web + "/cluster/apps");
    browser.choose("#filter-queue", "root.a");
    assertEquals(List.of(waiting.toString(), finished.toString()), rowKeys("#apps"),
        browser.text("body"));
    browser.choose("#filter-user", "alice");
    assertEquals(List.of(waiting.toString()), rowKeys("#apps"), "queue a and user alice");
    assertTrue(browser.text("#app-count").contains("1 application of 3 match"),
        browser.text("#app-count"));

    browser.open(web + "/cluster/apps");
    browser.click("#apps th:nth-child(1)");
    assertEquals(List.of(finished.toString(), running.toString(), waiting.toString()),
        rowKeys("#apps"), "sorted by ID, ascending");
    browser.click("#apps th:nth-child(5)");
    List<String> byQueue = rowKeys("#apps");
    assertEquals(running.toString(), byQueue.get(2), "root.b sorts after root.a: " + byQueue);
    browser.click("#apps th:nth-child(5)");
    assertEquals(running.toString(), rowKeys("#apps").get(0), "descending puts root.b first");
  }

  @Test
  void aRunningContainersLogLinkShowsItsLogOnTheNode() throws Exception {
    browser.open(web + "/cluster/app/" + running);
    assertTrue(browser.text("#app").contains("RUNNING"), browser.text("#app"));
    assertTrue(browser.text("#attempts").contains("RUNNING"), browser.text("#attempts"));
    browser.follow("#containers a[href*='/node/containerlogs/']");
    assertTrue(browser.text("body").contains("stdout"), browser.text("body"));
    browser.follow("a[href$='/stdout']");
    assertTrue(browser.text("pre").contains("registered attempt 1 in mode sleep"),
        browser.text("body"));
  }

  @Test
  void aFinishedContainersLogLinkShowsItsAggregatedLog() throws Exception {
    browser.open(web + "/cluster/app/" + finished);
    assertTrue(browser.text("#app").contains("FINISHED"), browser.text("#app"));
    assertTrue(browser.text("#app").contains("SUCCEEDED"), browser.text("#app"));
    // The RM has forgotten the finished attempt's containers; the AM's logs are uploaded.
    browser.follow("#attempts a[href*='/cluster/logs/']");
    assertTrue(browser.text("#log-files").contains("stdout"), browser.text("body"));
    browser.follow("#log-files a[href$='/stdout']");
    assertTrue(browser.text("#log").contains(marker), browser.text("body"));
  }

  @Test
  void aWaitingAppSaysWhyItWaits() throws Exception {
    browser.open(web + "/cluster/app/" + waiting);
    assertTrue(browser.text("h2:nth-of-type(1)").contains("Why it waits"),
        browser.text("body"));
    String shown = browser.text("#diagnostics").strip();
    String reported = yarn.getApplicationReport(waiting).getDiagnostics().strip();
    assertFalse(reported.isEmpty(), "the RM gives a reason");
    assertEquals(reported, shown);
    assertTrue(browser.text("#app").contains("alice"), browser.text("#app"));
    // One row per waiting ask, with the scheduler's reason for it.
    String asks = browser.text("#waiting-asks");
    assertTrue(asks.contains("*") && asks.contains("maximum capacity"), asks);
  }

  @Test
  void queuesShowTheTreeWithTheirShares() throws Exception {
    browser.open(web + "/cluster/scheduler");
    assertEquals(List.of("root", "root.a", "root.b"), rowKeys("#queues"));
    String a = rowText("#queues", "root.a");
    String b = rowText("#queues", "root.b");
    // Guaranteed, used, maximum; then resources, running, pending, containers.
    assertTrue(a.matches("a\\s+RUNNING\\s+50\\.0%\\s+0\\.0%\\s+50\\.0%\\s+0 MB.*\\s0\\s+1\\s+0"),
        a);
    assertTrue(b.matches("b\\s+RUNNING\\s+50\\.0%\\s+6\\.3%\\s+100\\.0%\\s+256 MB, 1 vCores"
        + "\\s+1\\s+0\\s+1"), b);
    assertTrue(browser.text("#scheduler").contains("Capacity Scheduler"));
    Files.write(Path.of("target", "ui-scheduler.png"), browser.screenshot());
  }

  @Test
  void nodesShowStateHealthAndUsage() throws Exception {
    browser.open(web + "/cluster/nodes");
    List<String> keys = rowKeys("#nodes");
    assertEquals(1, keys.size(), keys.toString());
    String row = rowText("#nodes", keys.get(0));
    assertTrue(row.contains("RUNNING") && row.contains("Healthy") && row.contains("256 MB")
        && row.contains("4 GB"), row);
    browser.choose("#filter-state", "LOST");
    assertTrue(browser.text("#nodes").contains("No nodes."), browser.text("#nodes"));
  }

  @Test
  void textFromAppsAndQueryParametersIsEscaped() throws Exception {
    for (String page : new String[] {"/cluster/apps", "/cluster/app/" + waiting}) {
      browser.open(web + page);
      assertTrue(browser.text("main").contains(WAITING_NAME), browser.text("main"));
      assertEquals(0, browser.eval("document.querySelectorAll('#injected').length").asInt());
    }
    browser.open(web + "/cluster/apps?queue=" + java.net.URLEncoder.encode(
        "<b id=injected>x</b>", java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(0, browser.eval("document.querySelectorAll('#injected').length").asInt());
    assertTrue(browser.eval("document.querySelector('#filter-queue').textContent").asText()
        .contains("<b id=injected>x</b>"), browser.text("body"));
  }

  @Test
  void screenshotOfTheApplicationsPage() throws Exception {
    browser.open(web + "/cluster/apps");
    byte[] png = browser.screenshot();
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    Files.write(Path.of("target", "ui-apps.png"), png);
  }

  /** The data-key of each body row of a table, in the order shown. */
  private static List<String> rowKeys(String table) throws Exception {
    JsonNode keys = browser.eval("Array.from(document.querySelectorAll('" + table
        + " tbody tr')).map(function(r){return r.dataset.key;})");
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.asText()));
    return out;
  }

  private static String rowText(String table, String key) throws Exception {
    return browser.text(table + " tr[data-key='" + key + "']");
  }
}
