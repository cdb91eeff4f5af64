package dev.spindle.it.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.it.apps.TestAm;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queues page under the Fair and the FIFO policy (the Capacity one is in
 * {@link WebUiBrowserTest}), in headless Chromium: the tree's rows and the running app's
 * queue with its usage. One small cluster per policy, one running app in each.
 */
class QueuePagesBrowserTest {

  private static final String FAIR = """
      <?xml version="1.0"?>
      <allocations>
        <queue name="x"><weight>1</weight></queue>
        <queue name="y"><weight>3</weight></queue>
      </allocations>
      """;

  @TempDir static Path tmp;
  private static Chromium browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    if (!Chromium.available()) {
      return; // each test reports itself skipped, with the reason
    }
    browser = Chromium.start(tmp.resolve("chromium-profile"));
  }

  @BeforeEach
  void needsChromium() {
    assumeTrue(Chromium.available(), "Skipped: no " + Chromium.BINARY
        + " to check the pages in (apt-get install -y chromium chromium-driver)");
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void fairQueuesShowTheirFairSharesAndUse() throws Exception {
    Path allocations = tmp.resolve("fair-scheduler.xml");
    Files.writeString(allocations, FAIR);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_SCHEDULER, "fair");
    conf.set("yarn.scheduler.fair.allocation.file", allocations.toString());
    withOneRunningApp("web-ui-fair", conf, "y", () -> {
      List<String> rows = rowKeys();
      assertTrue(rows.containsAll(List.of("root", "root.x", "root.y")), rows.toString());
      assertTrue(browser.text("#scheduler").contains("Fair Scheduler"));
      assertTrue(browser.text("#queues thead").contains("Fair share"));
      // y alone has demand, so its fair share is the whole cluster; it runs the app, whose
      // 256 MB AM Fair rounds up to its 1 GB increment: a quarter of the 4 GB node.
      String y = browser.text("#queues tr[data-key='root.y']");
      assertTrue(y.matches("y\\s+RUNNING\\s+100\\.0%\\s+25\\.0%\\s+100\\.0%\\s+1 GB, 1 vCores"
          + "\\s+1\\s+0\\s+1"), y);
      String x = browser.text("#queues tr[data-key='root.x']");
      assertTrue(x.matches("x\\s+RUNNING\\s+0\\.0%\\s+0\\.0%\\s+100\\.0%\\s+0 MB.*"), x);
    });
  }

  @Test
  void theFifoQueueHasTheWholeCluster() throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_SCHEDULER, "fifo");
    withOneRunningApp("web-ui-fifo", conf, null, () -> {
      assertTrue(browser.text("#scheduler").contains("FIFO Scheduler"));
      List<String> rows = rowKeys();
      String leaf = browser.text("#queues tr[data-key='" + rows.get(rows.size() - 1) + "']");
      assertTrue(leaf.matches("\\S+\\s+RUNNING\\s+100\\.0%\\s+6\\.3%\\s+100\\.0%"
          + "\\s+256 MB, 1 vCores\\s+1\\s+0\\s+1"), leaf);
    });
  }

  private interface Check {
    void run() throws Exception;
  }

  /** Starts a one-node cluster, runs a sleeping app in {@code queue}, opens the queues page. */
  private static void withOneRunningApp(String name, YarnConfiguration conf, String queue,
      Check check) throws Exception {
    MiniCluster cluster = new MiniCluster(name, 1);
    YarnClient yarn = null;
    try {
      cluster.init(conf);
      cluster.start();
      yarn = TestApps.client(new YarnConfiguration(cluster.getConfig()));
      ApplicationId app = TestApps.submitJava(yarn, cluster.getConfDir().toFile(), "sleeps",
          "UI-TEST", 1, TestAm.class.getName() + " sleep", queue, 256);
      TestApps.awaitState(yarn, app, Duration.ofMinutes(2),
          EnumSet.of(YarnApplicationState.RUNNING));
      browser.open(Http.rmWeb(cluster.getConfig()) + "/cluster/scheduler");
      check.run();
      yarn.killApplication(app);
    } finally {
      if (yarn != null) {
        yarn.stop();
      }
      cluster.stop();
    }
  }

  private static List<String> rowKeys() throws Exception {
    JsonNode keys = browser.eval("Array.from(document.querySelectorAll('#queues tbody tr'))"
        + ".map(function(r){return r.dataset.key;})");
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.asText()));
    return out;
  }
}
