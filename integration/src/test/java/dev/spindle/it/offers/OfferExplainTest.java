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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Why a framework gets no offers, through the wire: a real framework (an unmanaged AM in this
 * JVM speaking the offer protocol to a MiniCluster's RM) holds its offers, then declines
 * every node with a long filter, then suppresses; after each step the app-activities endpoint
 * and {@code spindle explain} name the framework's reason on its "offers" line. And a
 * framework waiting in a starved queue while the preemption monitor revokes another queue's
 * tasks for it is told so. Capacity with the monitor on, one MiniCluster for the class.
 */
class OfferExplainTest {

  private static final String PREEMPT = "yarn.resourcemanager.monitor.capacity.preemption.";
  private static final String CAPACITY = "<?xml version=\"1.0\"?><configuration>"
      + property("yarn.scheduler.capacity.root.queues", "a,b")
      + property("yarn.scheduler.capacity.root.a.capacity", "50")
      + property("yarn.scheduler.capacity.root.a.maximum-capacity", "100")
      + property("yarn.scheduler.capacity.root.a.user-limit-factor", "2")
      + property("yarn.scheduler.capacity.root.b.capacity", "50")
      + "</configuration>";

  @TempDir static Path dir;
  private static MiniCluster cluster;
  private static Configuration conf;
  private final List<TestFramework> frameworks = new ArrayList<>();

  /** Capacity with the preemption monitor on, two 4 GB nodes; one cluster for the class. */
  @BeforeAll
  static void startCluster() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), CAPACITY);
    YarnConfiguration base = new YarnConfiguration();
    base.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    base.setBoolean("yarn.resourcemanager.scheduler.monitor.enable", true);
    base.setLong(PREEMPT + "monitoring_interval", 200);
    // Marked tasks are not killed while the test looks: the wait stays what it is.
    base.setLong(PREEMPT + "max_wait_before_kill", 3_600_000);
    base.setFloat(PREEMPT + "total_preemption_per_round", 1f);
    base.setFloat(PREEMPT + "natural_termination_factor", 1f);
    base.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    base.setInt(YarnConfiguration.NM_VCORES, 4);
    base.setLong("spindle.offers.poll-interval-ms", 200);
    // Offers stay outstanding until the test answers them, however slow the machine.
    base.setLong("spindle.offers.timeout-ms", 3_600_000);
    cluster = new MiniCluster("offer-explain", 2);
    cluster.init(base);
    cluster.start();
    conf = new YarnConfiguration(cluster.getConfig());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** Ends this test's frameworks: their offers and tasks go back for the next test. */
  @AfterEach
  void stopFrameworks() throws Exception {
    for (TestFramework f : frameworks) {
      f.close();
    }
  }

  private TestFramework framework(String name, String queue) throws Exception {
    TestFramework f = new TestFramework(conf, name, queue);
    frameworks.add(f);
    return f;
  }

  private static String activities(TestFramework f) {
    return "http://" + conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS)
        + "/ws/v1/cluster/scheduler/app-activities/" + f.app.appId();
  }

  @Test
  void outstandingThenEveryNodeDeclinedThenSuppressed() throws Exception {
    TestFramework framework = framework("explained", "a").start();
    // Whole nodes once whatever an earlier test ran there is gone: 8 GB held in all.
    SharedCluster.await("offers of both whole nodes", Duration.ofSeconds(90),
        () -> framework.held.values().stream().mapToLong(o -> o.resources().memoryMb())
            .sum() == 8192);
    int offered = framework.held.size();
    String app = framework.app.appId().toString();
    String activities = activities(framework);

    JsonNode outstanding = awaitOffersLine(activities, WaitReason.OFFER_OUTSTANDING);
    assertEquals(offered, outstanding.get("count").asInt(), outstanding.toString());
    assertEquals(8192, outstanding.get("capability").get("memory").asLong());
    assertTrue(outstanding.get("diagnostic").asText().contains(
        "(" + offered + " outstanding, holding <memory:8192, vCores:8>)"),
        outstanding.toString());
    assertExplains(app, "offers: " + offered + " outstanding  [OFFER_OUTSTANDING] "
        + WaitReason.OFFER_OUTSTANDING.words());

    // Every node declined for an hour: nothing to offer until a filter ends or it revives.
    int received = framework.offers.size();
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
    assertEquals(received, framework.offers.size(), "no offer came after the declines");
  }

  @Test
  void waitingWhileTasksOfAnotherQueueAreRevokedForIt() throws Exception {
    TestFramework elastic = framework("elastic", "a");
    elastic.policy = OfferRevocationTest.fill(new AtomicInteger());
    elastic.start();
    SharedCluster.await("the elastic framework to fill the cluster", Duration.ofSeconds(90),
        () -> elastic.runningTasks() == 8);
    TestFramework waiting = framework("waiting", "b").start();
    String app = waiting.app.appId().toString();
    JsonNode preempting = awaitOffersLine(activities(waiting), WaitReason.PREEMPTING);
    assertTrue(preempting.get("diagnostic").asText().contains("queue root.b uses <memory:0,"
        + " vCores:0> of its share <memory:4096"), preempting.toString());
    assertTrue(preempting.get("diagnostic").asText().contains("containers are marked"),
        preempting.toString());
    assertExplains(app, "root.b", "offers: 0 outstanding  [PREEMPTING] "
        + WaitReason.PREEMPTING.words() + "; queue root.b uses");
    assertEquals(8, elastic.runningTasks(), "nothing was killed: the grace is an hour");
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
  private static void assertExplains(String app, String expected) {
    assertExplains(app, "root.a", expected);
  }

  private static void assertExplains(String app, String queue, String expected) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SpindleCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("explain", app, "--conf-dir", cluster.getConfDir().toString());
    assertEquals(0, code, out + " " + err);
    assertTrue(out.toString().startsWith(app + " (RUNNING) in queue " + queue),
        out.toString());
    List<String> lines = out.toString().lines().filter(l -> l.startsWith("  ")).toList();
    assertEquals(1, lines.size(), out.toString());
    assertTrue(lines.get(0).startsWith("  " + expected), lines.get(0) + "\nwanted: "
        + expected);
  }

  private static String property(String name, String value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }
}
