package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.framework.Offer;
import dev.spindle.it.SharedCluster;
import dev.spindle.it.web.Chromium;
import dev.spindle.it.web.Http;
import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's offer page in headless Chromium: a framework holding an offer shows in the
 * frameworks table with its queue, and its offer in the outstanding offers; the row links to
 * the framework's application page.
 */
class FrameworksPageBrowserTest {

  @TempDir Path dir;

  @Test
  void theFrameworkAndItsOfferShow() throws Exception {
    assumeTrue(Chromium.available(), "Skipped: no " + Chromium.BINARY
        + " to check the pages in (apt-get install -y chromium chromium-driver)");
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), OfferModeRpcTest.DRF_QUEUES);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, OfferModeRpcTest.FAIR);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    MiniCluster cluster = new MiniCluster("frameworks-page", 1);
    try (Chromium browser = Chromium.start(dir.resolve("chromium-profile"))) {
      cluster.init(conf);
      cluster.start();
      Configuration client = new YarnConfiguration(cluster.getConfig());
      try (TestFramework f = new TestFramework(client, "page-framework", "a")) {
        f.start();
        SharedCluster.await("an offer", Duration.ofSeconds(60), () -> f.held.size() == 1);
        Offer offer = f.held.values().iterator().next();
        String app = f.app.appId().toString();

        browser.open(Http.rmWeb(cluster.getConfig()) + "/cluster/frameworks");
        String row = browser.text("#frameworks tr[data-key='" + app + "']");
        assertTrue(row.contains("page-framework") && row.contains("root.a"), row);
        String offers = browser.text("#offers tbody");
        assertTrue(offers.contains(offer.id().value()) && offers.contains(app), offers);
        assertTrue(browser.text("nav").contains("Frameworks"), "the nav bar links the page");

        browser.follow("#frameworks tr[data-key='" + app + "'] a");
        assertTrue(browser.url().endsWith("/cluster/app/" + app), browser.url());
        assertTrue(browser.text("body").contains("page-framework"));
      }
    } finally {
      cluster.stop();
    }
  }
}
