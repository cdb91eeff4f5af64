package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.framework.Filters;
import dev.spindle.framework.Offer;
import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import dev.spindle.mini.SpindleCli;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.scheduler.WaitReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Why a framework gets no offers, through the wire: a real framework (an unmanaged AM in this
 * JVM speaking the offer protocol to a MiniCluster's RM) holds its offers, then declines
 * every node with a long filter, then suppresses; after each step the app-activities endpoint
 * and {@code spindle explain} name the framework's reason on its "offers" line.
 */
class OfferExplainTest {

  @TempDir Path dir;
  private MiniCluster cluster;
  private TestFramework framework;

  @AfterEach
  void stop() throws Exception {
    try {
      if (framework != null) {
        framework.close();
      }
    } finally {
      if (cluster != null) {
        cluster.stop();
      }
    }
  }

  @Test
  void outstandingThenEveryNodeDeclinedThenSuppressed() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), OfferModeRpcTest.DRF_QUEUES);
    YarnConfiguration base = new YarnConfiguration();
    base.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    base.set(YarnConfiguration.RM_SCHEDULER, OfferModeRpcTest.FAIR);
    base.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    base.setInt(YarnConfiguration.NM_VCORES, 4);
    base.setLong("spindle.offers.poll-interval-ms", 200);
    // Offers stay outstanding until the test answers them, however slow the machine.
    base.setLong("spindle.offers.timeout-ms", 3_600_000);
    cluster = new MiniCluster("offer-explain", 2);
    cluster.init(base);
    cluster.start();
    Configuration conf = new YarnConfiguration(cluster.getConfig());
    framework = new TestFramework(conf, "explained", "a").start();
    SharedCluster.await("offers of both nodes", Duration.ofSeconds(90),
        () -> framework.held.size() == 2);
    String app = framework.app.appId().toString();
    String activities = "http://" + conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS)
        + "/ws/v1/cluster/scheduler/app-activities/" + app;

    JsonNode outstanding = awaitOffersLine(activities, WaitReason.OFFER_OUTSTANDING);
    assertEquals(2, outstanding.get("count").asInt(), outstanding.toString());
    assertEquals(8192, outstanding.get("capability").get("memory").asLong());
    assertTrue(outstanding.get("diagnostic").asText().contains(
        "(2 outstanding, holding <memory:8192, vCores:8>)"), outstanding.toString());
    assertExplains(app, "offers: 2 outstanding  [OFFER_OUTSTANDING] "
        + WaitReason.OFFER_OUTSTANDING.words());

    // Every node declined for an hour: nothing to offer until a filter ends or it revives.
    List<Offer> held = new ArrayList<>(framework.held.values());
    for (Offer o : held) {
      framework.driver.decline(o.id(), Filters.refuseSeconds(3600));
    }
    JsonNode filtered = awaitOffersLine(activities, WaitReason.OFFERS_FILTERED);
    assertEquals(0, filtered.get("count").asInt(), filtered.toString());
    assertTrue(filtered.get("diagnostic").asText().contains("(2 nodes declined; the first"
        + " filter ends at "), filtered.toString());
    assertExplains(app, "offers: 0 outstanding  [OFFERS_FILTERED] "
        + WaitReason.OFFERS_FILTERED.words() + " (2 nodes declined");

    framework.driver.suppress();
    JsonNode suppressed = awaitOffersLine(activities, WaitReason.OFFERS_SUPPRESSED);
    assertEquals(WaitReason.OFFERS_SUPPRESSED.words(),
        suppressed.get("diagnostic").asText());
    assertExplains(app, "offers: 0 outstanding  [OFFERS_SUPPRESSED] "
        + WaitReason.OFFERS_SUPPRESSED.words());
    assertEquals(2, framework.offers.size(), "no offer came after the declines");
  }

  /** Polls app-activities until the framework's one line (its offers) gives {@code reason}. */
  private static JsonNode awaitOffersLine(String url, WaitReason reason) throws Exception {
    JsonNode[] line = new JsonNode[1];
    SharedCluster.await("the offers line to say " + reason, Duration.ofSeconds(60), () -> {
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode requests = new ObjectMapper().readTree(r.body()).get("appActivities")
            .get("allocations").get(0).get("children");
        assertEquals(1, requests.size(), "a framework asks nothing itself: " + requests);
        JsonNode children = requests.get(0).get("children");
        assertEquals(1, children.size(), children.toString());
        line[0] = children.get(0);
        return reason.name().equals(line[0].get("reason").asText());
      } catch (java.io.IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals("offers", line[0].get("name").asText());
    return line[0];
  }

  /** {@code spindle explain APP} prints the header and the one offers line, as given. */
  private void assertExplains(String app, String expected) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SpindleCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("explain", app, "--conf-dir", cluster.getConfDir().toString());
    assertEquals(0, code, out + " " + err);
    assertTrue(out.toString().startsWith(app + " (RUNNING) in queue root.a"), out.toString());
    List<String> lines = out.toString().lines().filter(l -> l.startsWith("  ")).toList();
    assertEquals(1, lines.size(), out.toString());
    assertTrue(lines.get(0).startsWith("  " + expected), lines.get(0) + "\nwanted: "
        + expected);
  }
}
