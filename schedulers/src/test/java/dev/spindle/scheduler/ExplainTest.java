package dev.spindle.scheduler;

import static dev.spindle.scheduler.CapacitySchedulerTest.GB;
import static dev.spindle.scheduler.CapacitySchedulerTest.app;
import static dev.spindle.scheduler.CapacitySchedulerTest.capacity;
import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.ask;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Scheduler#explain}: every kind of wait each policy can produce, per ask, with the
 * numbers that make it actionable (delay left, the full queue, the largest node).
 */
class ExplainTest {

  private static AskExplanation only(Scheduler s, long appKey) {
    List<AskExplanation> asks = s.explain(appKey);
    assertEquals(1, asks.size(), asks.toString());
    return asks.get(0);
  }

  private static void assertWaits(Scheduler s, long appKey, WaitReason reason,
      String... words) {
    for (AskExplanation a : s.explain(appKey)) {
      assertEquals(reason, a.reason(), a.toString());
      assertTrue(a.words().startsWith(reason.words()), a.words());
      for (String w : words) {
        assertTrue(a.words().contains(w), a.words() + " lacks " + w);
      }
    }
    assertTrue(!s.explain(appKey).isEmpty(), "no asks explained for " + appKey);
  }

  // --- FIFO -------------------------------------------------------------------------------

  @Test
  @DisplayName("FIFO: not tried yet, then no room, with the time it started waiting")
  void fifoNotTriedThenNoRoom() {
    FifoScheduler s = Fixtures.threeNodes();
    s.observeTime(1_000);
    Fixtures.submit(s, Fixtures.app(1), any(1, 4096, 3));
    Fixtures.submit(s, Fixtures.app(2), any(1, 1024, 2));
    AskExplanation waiting = s.explain(2).get(0);
    assertEquals(WaitReason.NOT_TRIED, waiting.reason());
    assertEquals(1_000, waiting.since());
    assertEquals(2, waiting.count());
    assertEquals(Ask.ANY, waiting.resourceName());
    s.observeTime(5_000);
    assertEquals(3, s.allocateAll().size());
    s.allocateOn(id("h1"));
    AskExplanation full = only(s, 2);
    assertEquals(WaitReason.NO_ROOM, full.reason(), full.words());
    // No node had room, so none was offered to it: it waits for room since it asked.
    assertEquals(1_000, full.since());
    assertTrue(full.words().contains("<memory:0, vCores:"), full.words());
    assertEquals(List.of(), s.explain(1), "a served application waits for nothing");
    assertEquals(List.of(), s.explain(99), "an unknown application");
  }

  @Test
  @DisplayName("FIFO: no node at all, then an ask larger than every node")
  void fifoNoNodesAndNodeTooSmall() {
    FifoScheduler s = new FifoScheduler(Fixtures.dominant());
    Fixtures.submit(s, Fixtures.app(1), new Ask(1, -1, Ask.ANY, mb(2048, 2), 1, true));
    assertWaits(s, 1, WaitReason.NO_NODES);
    // Memory-rich and CPU-rich nodes: neither holds 2 GB with 2 vcores.
    s.addNode(Fixtures.node("big", "/r", 8192, 1));
    s.addNode(Fixtures.node("wide", "/r", 1024, 4));
    assertEquals(List.of(), s.allocateAll());
    assertWaits(s, 1, WaitReason.NODE_TOO_SMALL, "<memory:2048, vCores:2>",
        "<memory:8192, vCores:4>");
  }

  @Test
  @DisplayName("FIFO: strict locality, one line per resource name with the group's reason")
  void fifoStrictLocality() {
    FifoScheduler s = Fixtures.threeNodes();
    Fixtures.submit(s, Fixtures.app(1), ask(1, "h1", 1024, 1, true),
        ask(1, Fixtures.R1, 1024, 1, false), new Ask(1, -1, Ask.ANY, mb(1024, 1), 1, false));
    // Fill h1 so the strict ask cannot go there; h3 does not match.
    Fixtures.submit(s, Fixtures.app(2), ask(1, "h1", 4096, 1, false),
        ask(1, Fixtures.R1, 4096, 1, false), new Ask(1, -1, Ask.ANY, mb(4096, 1), 1, false));
    s.allocateOn(id("h3"));
    List<AskExplanation> asks = s.explain(1);
    assertEquals(List.of("/r1", "h1", "*"), asks.stream().map(AskExplanation::resourceName)
        .toList());
    assertWaits(s, 1, WaitReason.LOCALITY, "relaxLocality=false");
  }

  @Test
  @DisplayName("FIFO: blacklisted nodes, named")
  void fifoBlacklisted() {
    FifoScheduler s = Fixtures.threeNodes();
    Fixtures.submit(s, Fixtures.app(1), any(1, 1024, 1));
    s.updateBlacklist(1, List.of("h1", Fixtures.R2), List.of());
    s.allocateOn(id("h1"));
    assertWaits(s, 1, WaitReason.BLACKLISTED, "h1", "/r2");
  }

  // --- Capacity ---------------------------------------------------------------------------

  private static ConfigFiles ab(String aMax) {
    return new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "60", "root.a.maximum-capacity", aMax,
        "root.a.user-limit-factor", "-1", "root.b.capacity", "40",
        "root.b.user-limit-factor", "-1");
  }

  @Test
  @DisplayName("Capacity: queue at its maximum capacity, naming the queue and its maximum")
  void capacityQueueLimit() {
    CapacityScheduler s = capacity(ab("70"), 10);
    CapacitySchedulerTest.submit(s, app(1, "a", "alice"), 100);
    assertEquals(70, s.allocateAll().size());
    assertWaits(s, 1, WaitReason.QUEUE_LIMIT, "queue root.a uses <memory:71680",
        "maximum <memory:71680");
  }

  @Test
  @DisplayName("Capacity: user limit, with the user's usage and limit")
  void capacityUserLimit() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "50", "root.b.capacity", "50"), 10);
    CapacitySchedulerTest.submit(s, app(1, "a", "alice"), 100);
    assertEquals(51, s.allocateAll().size());
    assertWaits(s, 1, WaitReason.USER_LIMIT, "user alice uses <memory:52224",
        "the user limit is <memory:51200");
  }

  @Test
  @DisplayName("Capacity: AM resource limit, with the AM usage and limit")
  void capacityAmLimit() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.maximum-am-resource-percent", "0.02"), 10);
    for (long key = 1; key <= 3; key++) {
      CapacitySchedulerTest.submit(s, app(key, "a", "u" + key), 1);
    }
    assertEquals(2, s.allocateAll().size());
    assertWaits(s, 3, WaitReason.AM_LIMIT, "AMs in root.a use <memory:2048",
        "of <memory:2048");
  }

  @Test
  @DisplayName("Capacity: max-parallel-apps holds an application back")
  void capacityRunningAppsLimit() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.max-parallel-apps", "1"), 2);
    CapacitySchedulerTest.submit(s, app(1, "a", "u1"), 1);
    CapacitySchedulerTest.submit(s, app(2, "a", "u2"), 1);
    s.allocateAll();
    assertWaits(s, 2, WaitReason.RUNNING_APPS_LIMIT, "in queue root.a: queue root.a runs 1"
        + " of at most 1 applications (max-parallel-apps)");
  }

  @Test
  @DisplayName("Capacity: waiting for locality, with the missed opportunities still to wait")
  void capacityLocalityDelay() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "node-locality-delay", "2",
        "rack-locality-additional-delay", "1"), 4);
    s.addApplication(app(1, "a", "alice"));
    s.updateAsks(1, List.of(ask(1, "n00", GB, 1, true), ask(1, "/r0", GB, 1, true),
        any(1, GB, 1)));
    s.allocateOn(id("n02"));
    // Rack-local after more than 2 misses: 1 so far, 2 to go.
    assertWaits(s, 1, WaitReason.LOCALITY_DELAY, "rack-local placement is allowed after 2"
        + " more missed scheduling opportunities (1 so far, delay 3)");
    s.allocateOn(id("n01"));
    assertWaits(s, 1, WaitReason.LOCALITY_DELAY, "off-switch placement is allowed after 2"
        + " more missed scheduling opportunities (2 so far, delay 4)");
  }

  @Test
  @DisplayName("Capacity: preemption under way for a starved queue")
  void capacityPreempting() {
    ConfigFiles files = new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "60", "root.a.user-limit-factor", "-1",
        "root.b.capacity", "40", "root.b.user-limit-factor", "-1")
        .yarnSite("yarn.resourcemanager.scheduler.monitor.enable", "true");
    CapacityScheduler s = capacity(files, 10);
    CapacitySchedulerTest.submit(s, app(1, "a", "alice"), 100);
    assertEquals(100, s.allocateAll().size());
    CapacitySchedulerTest.submit(s, app(2, "b", "bob"), 40);
    s.allocateAll();
    assertEquals(WaitReason.NO_ROOM, s.explain(2).get(0).reason(),
        "no node has room, and nothing is preempted yet");
    assertTrue(s.preemptionRound(0).warn().size() > 0);
    assertWaits(s, 2, WaitReason.PREEMPTING, "queue root.b uses <memory:0",
        "containers are marked");
  }

  // --- Fair -------------------------------------------------------------------------------

  @Test
  @DisplayName("Fair: maxResources, maxAMShare and maxRunningApps")
  void fairLimits() {
    FairScheduler s = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<queue name=\"capped\"><maxResources>5120 mb, 100 vcores</maxResources></queue>",
        "<queue name=\"ams\"><maxAMShare>0.1</maxAMShare></queue>",
        "<queue name=\"one\"><maxRunningApps>1</maxRunningApps></queue>"), UserGroups.NONE,
        FairSchedulerTest.nodes(2));
    FairSchedulerTest.submit(s, 1, "capped", "u", mb(GB, 1), 100);
    s.allocateAll();
    assertWaits(s, 1, WaitReason.MAX_RESOURCES, "queue root.capped uses <memory:5120",
        "maximum <memory:5120");

    FairSchedulerTest.submit(s, 2, "ams", "u2", mb(GB, 1), 1);
    FairSchedulerTest.submit(s, 3, "ams", "u3", mb(GB, 1), 1);
    FairSchedulerTest.submit(s, 4, "ams", "u4", mb(GB, 1), 1);
    s.allocateAll();
    long waitingForAm = s.explain(4).isEmpty() ? 3 : 4;
    assertWaits(s, waitingForAm, WaitReason.AM_LIMIT, "AMs in root.ams use");

    FairSchedulerTest.submit(s, 5, "one", "u5", mb(GB, 1), 1);
    FairSchedulerTest.submit(s, 6, "one", "u6", mb(GB, 1), 1);
    s.allocateAll();
    assertWaits(s, 6, WaitReason.RUNNING_APPS_LIMIT, "in queue root.one: queue root.one runs"
        + " 1 of at most 1 applications (maxRunningApps)");
  }

  @Test
  @DisplayName("Fair: a user's maxRunningApps names the user, not the queue")
  void fairUserRunningAppsLimit() {
    FairScheduler s = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<user name=\"carol\"><maxRunningApps>1</maxRunningApps></user>",
        "<queue name=\"a\"/>"), UserGroups.NONE, FairSchedulerTest.nodes(2));
    FairSchedulerTest.submit(s, 1, "a", "carol", mb(GB, 1), 1);
    FairSchedulerTest.submit(s, 2, "a", "carol", mb(GB, 1), 1);
    FairSchedulerTest.submit(s, 3, "a", "dave", mb(GB, 1), 1);
    s.allocateAll();
    assertWaits(s, 2, WaitReason.RUNNING_APPS_LIMIT, "in queue root.a: user carol runs 1 of"
        + " at most 1 applications (maxRunningApps)");
    assertEquals(List.of(), s.explain(3), "dave's application runs and is served");
  }

  @Test
  @DisplayName("Fair: waiting for locality, counted in missed opportunities per node")
  void fairLocalityDelay() {
    ConfigFiles files = new ConfigFiles().yarnSite(
        "yarn.scheduler.fair.locality.threshold.node", "0.5",
        "yarn.scheduler.fair.locality.threshold.rack", "0.5").fair("<queue name=\"a\"/>");
    FairScheduler s = FairSchedulerTest.fair(files, UserGroups.NONE,
        FairSchedulerTest.nodes(4));
    s.addApplication(new AppSpec(1, "a", "u", 0));
    s.updateAsks(1, List.of(ask(1, "n00", GB, 1, true), ask(1, "/r0", GB, 1, true),
        any(1, GB, 1)));
    s.allocateOn(id("n01"));
    // n01 is on the other rack: off-switch after more than 0.5 x 4 + 0.5 x 4 = 4 misses.
    assertWaits(s, 1, WaitReason.LOCALITY_DELAY, "off-switch placement is allowed after 4"
        + " more missed scheduling opportunities (1 so far, delay 5)");
  }

  // --- offer frameworks -------------------------------------------------------------------

  @Test
  @DisplayName("offers: suppressed, an offer outstanding, every node filtered")
  void frameworks() {
    FairScheduler s = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>", "<queue name=\"a\"/>"),
        UserGroups.NONE, Fixtures.node("n1", "/r", 4 * GB, 4));
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(1, "a", "u", 0, true)));
    s.registerFramework(1);
    s.suppressOffers(1);
    AskExplanation suppressed = only(s, 1);
    assertTrue(suppressed.offer());
    assertEquals(WaitReason.OFFERS_SUPPRESSED, suppressed.reason());

    s.reviveOffers(1);
    Allocation offer = s.allocateAll().get(0);
    AskExplanation outstanding = only(s, 1);
    assertEquals(WaitReason.OFFER_OUTSTANDING, outstanding.reason());
    assertEquals(1, outstanding.count());
    assertEquals(4 * GB, outstanding.capability().memoryMb());

    assertTrue(s.declineOffer(1, offer.allocationId(), 60_000, 0).ok());
    assertEquals(List.of(), s.allocateAll());
    assertWaits(s, 1, WaitReason.OFFERS_FILTERED, "1 nodes declined",
        "the first filter ends at 60000");
  }
}
