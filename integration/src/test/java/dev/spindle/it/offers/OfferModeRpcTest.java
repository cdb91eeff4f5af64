package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.framework.Filters;
import dev.spindle.framework.Offer;
import dev.spindle.framework.OfferId;
import dev.spindle.framework.RescindReason;
import dev.spindle.framework.ResourceVector;
import dev.spindle.framework.examples.OfferShell;
import dev.spindle.framework.Launch;
import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import dev.spindle.offers.OfferProtocolClient;
import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.OfferRpc;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.LaunchProto;
import dev.spindle.offers.proto.OfferProtos.ResourceValueProto;
import dev.spindle.offers.proto.OfferProtos.ResourceVectorProto;
import dev.spindle.offers.OfferProtocolException.Reason;
import dev.spindle.rm.queues.SchedulerFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offer mode through the real RPC path: frameworks are unmanaged AMs in this JVM speaking the
 * offer protocol (am-client's {@code OfferDriver}) to a MiniCluster's RM, and launching their
 * tasks ({@code sleep}) on its NodeManagers.
 */
class OfferModeRpcTest {

  static final String FAIR = "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair"
      + ".FairScheduler";
  static final String DRF_QUEUES = """
      <?xml version="1.0"?>
      <allocations>
        <defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>
        <queue name="a"/>
        <queue name="b"/>
      </allocations>
      """;

  @TempDir Path dir;
  private MiniCluster cluster;
  private final List<TestFramework> frameworks = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
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

  /** A Fair/DRF cluster with queues a and b on {@code nodes} nodes of the given size. */
  private Configuration start(int nodes, int memoryMb, int vcores, Map<String, String> extra)
      throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), DRF_QUEUES);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, FAIR);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, vcores);
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    extra.forEach(conf::set);
    cluster = new MiniCluster("offers", nodes);
    cluster.init(conf);
    cluster.start();
    return new YarnConfiguration(cluster.getConfig());
  }

  private TestFramework framework(Configuration conf, String name, String queue)
      throws Exception {
    TestFramework f = new TestFramework(conf, name, queue);
    frameworks.add(f);
    return f;
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    SharedCluster.await(what, Duration.ofSeconds(90), condition);
  }

  @Test
  @DisplayName("the DRF paper example through offers: A runs 3 tasks, B runs 2")
  void drfPaperExample() throws Exception {
    // Ghodsi et al., DRF (NSDI 2011) section 4: <9 CPU, 18 GB>; A's tasks <1 CPU, 4 GB>, B's
    // <3 CPU, 1 GB>. Each framework launches one task per offer and gives the rest back
    // without a filter, so every offer goes to the lowest dominant share.
    Configuration conf = start(1, 18 * 1024, 9, Map.of());
    TestFramework a = framework(conf, "A", "a");
    TestFramework b = framework(conf, "B", "b");
    a.policy = TestFramework.oneTaskPerOffer(4 * 1024, 1);
    b.policy = TestFramework.oneTaskPerOffer(1024, 3);
    a.start();
    b.start();
    await("A to run 3 tasks and B 2", () -> a.runningTasks() == 3 && b.runningTasks() == 2);
    // Nothing is left that either could use: the allocation stays put.
    Thread.sleep(2_000);
    assertEquals(3, a.runningTasks(), () -> "A: " + a.statuses);
    assertEquals(2, b.runningTasks(), () -> "B: " + b.statuses);
    assertTrue(a.errors.isEmpty() && b.errors.isEmpty(), a.errors + " " + b.errors);
  }

  @Test
  @DisplayName("a decline filter keeps the node away until revive; suppress stops offers")
  void declineFiltersReviveAndSuppress() throws Exception {
    Configuration conf = start(1, 4096, 4, Map.of());
    TestFramework f = framework(conf, "filters", "a").start();
    await("a first offer", () -> f.offers.size() == 1);
    Offer first = f.offers.get(0);
    assertEquals(4096, first.resources().memoryMb());
    f.driver.decline(first.id(), Filters.refuseSeconds(3600));
    Thread.sleep(2_000);
    assertEquals(1, f.offers.size(), "the declined node came back within its filter");

    f.driver.revive();
    await("the node offered again after revive", () -> f.offers.size() == 2);

    f.driver.suppress();
    f.driver.decline(f.offers.get(1).id(), Filters.refuseSeconds(0));
    Thread.sleep(2_000);
    assertEquals(2, f.offers.size(), "offers kept coming while suppressed");
    f.driver.revive();
    await("offers again after revive", () -> f.offers.size() == 3);
  }

  @Test
  @DisplayName("an unanswered offer is rescinded at its timeout and can no longer be accepted")
  void rescindOnTimeout() throws Exception {
    Configuration conf = start(1, 4096, 4, Map.of("spindle.offers.timeout-ms", "1500"));
    TestFramework f = framework(conf, "slow", "a").start();
    await("an offer", () -> !f.offers.isEmpty());
    Offer first = f.offers.get(0);
    await("its rescind", () -> !f.rescinds.isEmpty());
    assertEquals(Map.entry(first.id(), RescindReason.OFFER_TIMEOUT), f.rescinds.get(0));
    OfferProtocolException e = assertThrows(OfferProtocolException.class, () ->
        f.driver.accept(List.of(first.id()), List.of(TestFramework.sleeper(1024, 1, "late")),
            Filters.DEFAULT));
    assertEquals(Reason.EXPIRED_OFFER, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(first.id().value()), e.getMessage());
    await("a fresh offer of the node", () -> f.offers.size() >= 2);
  }

  @Test
  @DisplayName("an offer on a node that goes away is rescinded (NODE_LOST)")
  void rescindOnNodeLoss() throws Exception {
    Configuration conf = start(2, 4096, 4, Map.of());
    TestFramework f = framework(conf, "holder", "a").start();
    await("offers of both nodes", () -> f.held.size() == 2);
    String doomed = cluster.getNodeManager(1).getNodeId().toString();
    Offer onDoomed = f.held.values().stream()
        .filter(o -> o.nodeId().toString().equals(doomed)).findFirst().orElseThrow();
    cluster.getNodeManager(1).stop();
    await("the rescind of the lost node's offer", () -> !f.rescinds.isEmpty());
    assertEquals(Map.entry(onDoomed.id(), RescindReason.NODE_LOST), f.rescinds.get(0));
    assertEquals(1, f.held.size(), "the other node's offer stays");
  }

  @Test
  @DisplayName("bad accepts are refused with the reason naming the offer, and change nothing")
  void badInputs() throws Exception {
    Configuration conf = start(3, 4096, 4, Map.of());
    TestFramework f = framework(conf, "careful", "a").start();
    await("offers of all three nodes", () -> f.held.size() == 3);
    String[] nodes = new String[3];
    Map<String, Offer> byNode = new java.util.HashMap<>();
    for (int i = 0; i < 3; i++) {
      nodes[i] = cluster.getNodeManager(i).getNodeId().toString();
    }
    f.held.values().forEach(o -> byNode.put(o.nodeId().toString(), o));
    Offer mine = byNode.get(nodes[0]);
    Launch small = TestFramework.sleeper(1024, 1, "small");

    assertRefused(Reason.OFFERS_ON_DIFFERENT_NODES, mine.id().value(), () -> f.driver.accept(
        List.of(mine.id(), byNode.get(nodes[1]).id()), List.of(small), Filters.DEFAULT));
    // Node 2 goes to another framework once this one declines it.
    TestFramework other = framework(conf, "other", "b");
    other.start();
    f.driver.decline(byNode.get(nodes[2]).id(), Filters.refuseSeconds(3600));
    await("the other framework's offer", () -> other.held.size() == 1);
    Offer theirs = other.held.values().iterator().next();
    assertRefused(Reason.NOT_YOUR_OFFER, theirs.id().value(), () -> f.driver.accept(
        List.of(theirs.id()), List.of(small), Filters.DEFAULT));
    // Node 1 goes away: its offer is rescinded, and accepting it says so.
    Offer lost = byNode.get(nodes[1]);
    cluster.getNodeManager(1).stop();
    await("the rescind", () -> !f.rescinds.isEmpty());
    assertRefused(Reason.RESCINDED_OFFER, lost.id().value(), () -> f.driver.accept(
        List.of(lost.id()), List.of(small), Filters.DEFAULT));

    assertRefused(Reason.UNKNOWN_OFFER, "o1-7", () -> f.driver.accept(
        List.of(new OfferId("o1-7")), List.of(small), Filters.DEFAULT));
    assertRefused(Reason.UNKNOWN_OFFER, "bogus", () -> f.driver.accept(
        List.of(new OfferId("bogus")), List.of(small), Filters.DEFAULT));
    assertRefused(Reason.OVER_LAUNCH, mine.id().value(), () -> f.driver.accept(
        List.of(mine.id()), List.of(TestFramework.sleeper(4096, 1, "x"),
            TestFramework.sleeper(1024, 1, "y")), Filters.DEFAULT));
    // The library refuses a negative size itself; a hand-made request reaches the RM.
    try (OfferProtocolClient raw = OfferRpc.connect(conf, OfferRpc.schedulerAddress(conf),
        f.app.user())) {
      assertRefused(Reason.INVALID_REQUEST, "-5", () -> raw.accept(AcceptRequestProto
          .newBuilder().addOfferIds(mine.id().value()).setSeq(1_000_000)
          .addLaunches(LaunchProto.newBuilder().setResources(ResourceVectorProto.newBuilder()
              .addValues(ResourceValueProto.newBuilder().setName("memory-mb").setValue(-5))))
          .build()));
      assertRefused(Reason.INVALID_REQUEST, "no offer", () -> raw.accept(AcceptRequestProto
          .newBuilder().setSeq(1_000_001).build()));
    }
    assertRefused(Reason.INVALID_REQUEST, "yarn.io/gpu", () -> f.driver.accept(
        List.of(mine.id()), List.of(new Launch(ResourceVector.of(1024, 1).with("yarn.io/gpu",
            1), "gpu", ContainerLaunchContext.newInstance(null, null, List.of("true"), null,
            null, null))), Filters.DEFAULT));
    // Nothing was launched by the refusals: the offer still holds all it held.
    List<Container> launched = f.driver.accept(List.of(mine.id()), List.of(small),
        Filters.DEFAULT);
    assertEquals(1, launched.size());
    assertEquals(mine.nodeId(), launched.get(0).getNodeId());
    assertRefused(Reason.UNKNOWN_OFFER, mine.id().value(), () -> f.driver.accept(
        List.of(mine.id()), List.of(small), Filters.DEFAULT));
    await("the task to run", () -> f.runningTasks() == 1);
  }

  @Test
  @DisplayName("the locality example declines other nodes' offers and waits for its node")
  void localityFrameworkDelaySchedules() throws Exception {
    Configuration conf = start(2, 4096, 4, Map.of());
    String preferred = cluster.getNodeManager(1).getNodeId().toString();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(bytes, true);
    OfferShell shell = new OfferShell(3, 512, 1, "true", out)
        .preferring(List.of(preferred), Duration.ofSeconds(120));
    assertEquals(0, shell.run(conf, "a", Duration.ofSeconds(120)), bytes::toString);
    assertEquals(3, shell.localTasks(), bytes::toString);
    assertTrue(bytes.toString().contains("locality: 3 of 3 tasks placed on preferred nodes"),
        bytes::toString);
  }

  @Test
  @DisplayName("a graceful decommission rescinds the node's offers and sends an inverse offer")
  void maintenanceInverseOffer() throws Exception {
    Path exclude = Files.writeString(dir.resolve("exclude"), "");
    Configuration conf = start(1, 4096, 4, Map.of(
        YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString()));
    TestFramework f = new TestFramework(conf, "maintained", "a",
        java.util.Set.of(dev.spindle.framework.Capability.INVERSE_OFFERS));
    frameworks.add(f);
    f.policy = (d, o) -> {
      if (f.offers.size() == 1) {
        try {
          d.accept(List.of(o.id()), List.of(TestFramework.sleeper(1024, 1, "t")),
              Filters.refuseSeconds(0));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    f.start();
    await("a running task and the rest of the node offered", () -> f.runningTasks() == 1
        && f.offers.size() == 2);
    Offer rest = f.offers.get(1);
    ContainerId task = f.running.iterator().next();

    Files.writeString(exclude, "localhost\n");
    long before = System.currentTimeMillis();
    assertEquals(0, new org.apache.hadoop.yarn.client.cli.RMAdminCLI(conf).run(
        new String[] {"-refreshNodes", "-g", "120", "-server"}));
    await("the inverse offer", () -> !f.inverseOffers.isEmpty());
    var inverse = f.inverseOffers.get(0);
    assertEquals(rest.nodeId(), inverse.nodeId());
    assertEquals(List.of(task), inverse.containers());
    assertTrue(inverse.unavailableAt().toEpochMilli() >= before + 110_000, inverse::toString);
    await("the rescind of the draining node's offer", () -> !f.rescinds.isEmpty());
    assertEquals(Map.entry(rest.id(), RescindReason.NODE_DECOMMISSIONED), f.rescinds.get(0));
  }

  @Test
  @DisplayName("REST shows the frameworks (share, filters) and the outstanding offers")
  void restViews() throws Exception {
    Configuration conf = start(1, 4096, 4, Map.of());
    TestFramework f = framework(conf, "visible", "a").start();
    await("an offer", () -> f.held.size() == 1);
    // A second active queue: each one's fair share (its guarantee under Fair) is half.
    TestFramework neighbour = framework(conf, "neighbour", "b").start();
    Offer offer = f.held.values().iterator().next();
    String web = "http://" + conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "/ws/v1/cluster/";
    JsonNode offers = get(web + "offers").path("offers").path("offer");
    assertEquals(1, offers.size(), offers::toString);
    assertEquals(offer.id().value(), offers.get(0).path("id").asText());
    assertEquals(f.app.appId().toString(), offers.get(0).path("frameworkId").asText());
    assertEquals(4096, offers.get(0).path("resources").path("memory").asLong());

    f.driver.decline(offer.id(), Filters.refuseSeconds(3600));
    JsonNode fw = get(web + "frameworks").path("frameworks").path("framework").get(0);
    assertEquals("visible", fw.path("name").asText(), fw::toString);
    assertEquals("root.a", fw.path("queue").asText());
    assertEquals(1, fw.path("filters").asInt(), "the decline filter shows");
    assertEquals(0, fw.path("outstandingOffers").asInt());
    assertEquals(2048, fw.path("guarantee").path("memory").asLong(), "half the cluster");
    assertEquals(2, get(web + "frameworks").path("frameworks").path("framework").size());
    await("the declined node offered to the neighbour", () -> neighbour.held.size() == 1);
    // The offer families on /prom count them.
    HttpResponse<String> prom = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "/prom"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(promValue(prom.body(), "spindle_rm_offers_made_total") >= 2, prom.body());
    assertEquals(1.0, promValue(prom.body(), "spindle_rm_offers_declined_total"));
    assertEquals(1.0, promValue(prom.body(), "spindle_rm_offers_outstanding"));
    JsonNode now = get(web + "offers").path("offers").path("offer");
    assertEquals(1, now.size(), now::toString);
    assertEquals(neighbour.app.appId().toString(), now.get(0).path("frameworkId").asText());
  }

  /** The value of an unlabelled sample of the Prometheus text page. */
  private static double promValue(String page, String family) {
    for (String line : page.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2 && parts[0].equals(family)) {
        return Double.parseDouble(parts[1]);
      }
    }
    throw new AssertionError(family + " not on /prom");
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(url)).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readTree(r.body());
  }

  private static void assertRefused(Reason reason, String named,
      org.junit.jupiter.api.function.Executable call) {
    OfferProtocolException e = assertThrows(OfferProtocolException.class, call);
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
