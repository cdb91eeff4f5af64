package dev.spindle.scheduler;

import static dev.spindle.scheduler.FairSchedulerTest.GB;
import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Offer mode on the pure core: frameworks are offered free node resources in the policy's
 * order, answer with accepts and declines, and share the cluster with request-based
 * applications by one policy.
 */
class OfferModeTest {

  private static final long FILTER_MS = 5_000;

  private static FairScheduler drfFair(NodeSpec... nodes) {
    return FairSchedulerTest.fair(new ConfigFiles().fair(
        "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>",
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>",
        "<queue name=\"a\"/>", "<queue name=\"b\"/>"), UserGroups.NONE, nodes);
  }

  private static void framework(Scheduler s, long key, String queue) {
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(key, queue, "u" + key, 0,
        true)));
    assertTrue(((OfferScheduling) s).registerFramework(key));
  }

  private static List<Allocation> offers(List<Allocation> placed) {
    return placed.stream().filter(Allocation::offer).toList();
  }

  @Test
  @DisplayName("the DRF paper example through offers: A runs 3 tasks and B runs 2")
  void drfPaperExampleThroughOffers() {
    // Ghodsi et al., DRF (NSDI 2011), section 4: cluster <9 CPU, 18 GB>, A's tasks
    // <1 CPU, 4 GB>, B's <3 CPU, 1 GB>. Each framework launches one task per offer and hands
    // the rest back without a filter, so the next offer goes to the lowest dominant share.
    FairScheduler s = drfFair(Fixtures.node("big", "/r", 18 * GB, 9));
    framework(s, 1, "a");
    framework(s, 2, "b");
    Map<Long, ResourceVector> task = Map.of(1L, mb(4 * GB, 1), 2L, mb(GB, 3));
    List<Long> served = new ArrayList<>();
    long now = 0;
    for (int round = 0; round < 50; round++) {
      List<Allocation> offers = offers(s.allocateAll());
      if (offers.isEmpty()) {
        break;
      }
      for (Allocation offer : offers) {
        ResourceVector t = task.get(offer.appKey());
        if (t.fitsIn(offer.resource())) {
          assertTrue(s.acceptOffer(offer.appKey(), offer.allocationId(), List.of(t), now, now)
              .ok());
          served.add(offer.appKey());
        } else {
          assertTrue(s.declineOffer(offer.appKey(), offer.allocationId(), now + FILTER_MS,
              now).ok());
        }
      }
    }
    assertEquals(List.of(1L, 2L, 1L, 2L, 1L), served, "offers follow dominant shares");
    assertEquals(3, FairSchedulerTest.containers(s, 1));
    assertEquals(2, FairSchedulerTest.containers(s, 2));
  }

  @Test
  @DisplayName("an outstanding offer counts against the framework's share")
  void outstandingOffersCountAgainstTheShare() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8),
        Fixtures.node("n2", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    List<Allocation> first = offers(s.allocateAll());
    assertEquals(2, first.size(), "alone, the framework is offered both nodes");
    assertTrue(s.rescindOffer(first.get(1).allocationId()));
    assertEquals(8, FairSchedulerTest.usedGb(s, "root.a"), "the held offer is charged");

    // A request-based application arrives: the held offer makes the framework's share 1/2,
    // so the free node goes to the newcomer, not back to the framework.
    FairSchedulerTest.submit(s, 2, "b", "bob", mb(GB, 1), 8);
    List<Allocation> placed = s.allocateAll();
    assertTrue(offers(placed).isEmpty(), "no second offer while its share is higher");
    assertEquals(8, placed.size());
    assertEquals(8, FairSchedulerTest.containers(s, 2));
  }

  @Test
  @DisplayName("a declined node stays away for the filter, and revive brings it back at once")
  void declineFiltersAndRevive() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    Allocation offer = offers(s.allocateAll()).get(0);
    assertEquals(new OfferScheduling.FrameworkView(1, false, 0, 1, mb(8 * GB, 8),
        mb(8 * GB, 8)), s.framework(1).orElseThrow());
    assertTrue(s.declineOffer(1, offer.allocationId(), 5_000, 0).ok());
    assertEquals(new OfferScheduling.FrameworkView(1, false, 1, 0, ResourceVector.ZERO,
        ResourceVector.ZERO), s.framework(1).orElseThrow());
    assertTrue(offers(s.allocateAll()).isEmpty(), "filtered for 5 s");
    assertFalse(s.expireOfferFilters(4_999));
    assertTrue(offers(s.allocateAll()).isEmpty());
    assertTrue(s.expireOfferFilters(5_000));
    Allocation again = offers(s.allocateAll()).get(0);
    assertEquals("n1:8041", again.nodeId());

    assertTrue(s.declineOffer(1, again.allocationId(), 60_000, 5_000).ok());
    assertTrue(offers(s.allocateAll()).isEmpty());
    s.reviveOffers(1);
    assertEquals(1, offers(s.allocateAll()).size(), "revive clears the filters");
  }

  @Test
  @DisplayName("a suppressed framework gets nothing until it revives; others get the node")
  void suppressAndRevive() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    framework(s, 2, "b");
    s.suppressOffers(1);
    List<Allocation> offers = offers(s.allocateAll());
    assertEquals(List.of(2L), offers.stream().map(Allocation::appKey).toList());
    s.rescindOffer(offers.get(0).allocationId());
    s.suppressOffers(2);
    assertTrue(s.allocateAll().isEmpty(), "nobody takes offers");
    s.reviveOffers(1);
    assertEquals(List.of(1L), offers(s.allocateAll()).stream().map(Allocation::appKey)
        .toList());
  }

  @Test
  @DisplayName("accepting uses part of an offer; the rest is filtered from that framework only")
  void acceptReturnsTheRestWithAFilter() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    Allocation offer = offers(s.allocateAll()).get(0);
    var answer = s.acceptOffer(1, offer.allocationId(), List.of(mb(2 * GB, 1), mb(GB, 1)),
        FILTER_MS, 0);
    assertTrue(answer.ok(), answer.refusal());
    assertEquals(2, answer.launched().size());
    assertTrue(answer.launched().stream().noneMatch(Allocation::offer));
    assertEquals(3, FairSchedulerTest.usedGb(s, "root.a"), "only the launches stay charged");
    assertTrue(s.outstandingOffers(1).isEmpty());
    assertTrue(offers(s.allocateAll()).isEmpty(), "the rest is filtered from this framework");
    framework(s, 2, "b");
    Allocation rest = offers(s.allocateAll()).get(0);
    assertEquals(2, rest.appKey());
    assertEquals(5 * GB, rest.resource().memoryMb(), "another framework gets the rest");
  }

  @Test
  @DisplayName("bad accepts are refused with the offer named, and launch nothing")
  void badAcceptsAreRefused() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8),
        Fixtures.node("n2", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    framework(s, 2, "b");
    List<Allocation> offers = offers(s.allocateAll());
    Allocation ofOne = offers.stream().filter(o -> o.appKey() == 1).findFirst().orElseThrow();

    var unknown = s.acceptOffer(1, 999, List.of(mb(GB, 1)), 0, 0);
    assertFalse(unknown.ok());
    assertTrue(unknown.refusal().contains("Offer 999"), unknown.refusal());
    var stolen = s.acceptOffer(2, ofOne.allocationId(), List.of(mb(GB, 1)), 0, 0);
    assertTrue(stolen.refusal().contains("another framework"), stolen.refusal());
    var tooBig = s.acceptOffer(1, ofOne.allocationId(), List.of(mb(8 * GB, 1), mb(GB, 1)),
        0, 0);
    assertTrue(tooBig.refusal().contains("Offer " + ofOne.allocationId()), tooBig.refusal());
    var notAFramework = s.acceptOffer(7, ofOne.allocationId(), List.of(mb(GB, 1)), 0, 0);
    assertFalse(notAFramework.ok());

    assertEquals(0, FairSchedulerTest.containers(s, 1) - s.outstandingOffers(1).size(),
        "nothing was launched");
    assertEquals(List.of(ofOne), s.outstandingOffers(1), "the offer is still outstanding");
    assertTrue(s.acceptOffer(1, ofOne.allocationId(), List.of(mb(GB, 1)), 0, 0).ok());
    var twice = s.acceptOffer(1, ofOne.allocationId(), List.of(mb(GB, 1)), 0, 0);
    assertTrue(twice.refusal().contains("not outstanding"), twice.refusal());
  }

  @Test
  @DisplayName("a lost node takes its offers with it")
  void nodeLossEndsItsOffers() {
    FairScheduler s = drfFair(Fixtures.node("n1", "/r", 8 * GB, 8));
    framework(s, 1, "a");
    Allocation offer = offers(s.allocateAll()).get(0);
    assertEquals(List.of(offer.allocationId()), s.removeNode("n1:8041"));
    assertTrue(s.outstandingOffers(1).isEmpty());
    assertEquals(0, FairSchedulerTest.usedGb(s, "root.a"));
  }

  @Test
  @DisplayName("offers stay within the queue's maximum capacity (Capacity)")
  void offersRespectQueueMaximums() {
    CapacityScheduler s = CapacitySchedulerTest.capacity(new ConfigFiles().capacity(
        "root.queues", "a,b", "root.a.capacity", "50", "root.a.maximum-capacity", "50",
        "root.b.capacity", "50"), 2);
    framework(s, 1, "a");
    List<Allocation> offers = offers(s.allocateAll());
    long offered = offers.stream().mapToLong(o -> o.resource().memoryMb()).sum();
    assertEquals(10 * GB, offered, "half of the two 10 GB nodes");
    assertNotNull(s.application(1).orElseThrow());
  }

  /** Capacity with preemption on: a and b each guaranteed half of two 10 GB nodes. */
  private static CapacityScheduler guaranteedHalves() {
    return CapacitySchedulerTest.capacity(new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "50", "root.a.user-limit-factor", "-1",
        "root.b.capacity", "50", "root.b.user-limit-factor", "-1")
        .yarnSite("yarn.resourcemanager.scheduler.monitor.enable", "true",
            "yarn.resourcemanager.monitor.capacity.preemption.natural_termination_factor",
            "1.0",
            "yarn.resourcemanager.monitor.capacity.preemption.total_preemption_per_round",
            "1.0"), 2);
  }

  /** Framework 2 in b fills the idle cluster with 1 GB tasks: 20 GB, twice its guarantee. */
  private static CapacityScheduler fullOfB() {
    CapacityScheduler s = guaranteedHalves();
    framework(s, 2, "b");
    for (Allocation offer : offers(s.allocateAll())) {
      List<ResourceVector> tasks = new ArrayList<>();
      for (int i = 0; i < offer.resource().memoryMb() / GB; i++) {
        tasks.add(mb(GB, 1));
      }
      assertTrue(s.acceptOffer(2, offer.allocationId(), tasks, 0, 0).ok());
    }
    assertEquals(20, CapacitySchedulerTest.usedGb(s, "root.b"));
    return s;
  }

  @Test
  @DisplayName("a framework waiting below its guarantee gets containers revoked from one above")
  void revocationAboveTheGuarantee() {
    CapacityScheduler s = fullOfB();
    assertTrue(s.preemptionRound(0).isEmpty(), "nobody waits: nothing is revoked");
    framework(s, 1, "a");
    assertTrue(offers(s.allocateAll()).isEmpty(), "the cluster is full");
    PreemptionDecision warned = s.preemptionRound(0);
    assertEquals(10, warned.warn().size(), "b is warned down to its guarantee, not below");
    List<Long> bs = s.state.app(2).allocationIds();
    assertTrue(bs.containsAll(warned.warn()), "only b's tasks are revoked");
    AskExplanation why = s.explain(1).get(0);
    assertTrue(why.offer());
    assertEquals(WaitReason.PREEMPTING, why.reason(), why.words());
    assertTrue(why.words().contains("queue root.a uses <memory:0, vCores:0> of its share"
        + " <memory:10240"), why.words());
    PreemptionDecision killed = s.preemptionRound(15_000);
    assertEquals(warned.warn().stream().sorted().toList(),
        killed.kill().stream().sorted().toList(), "killed after the grace period");
    killed.kill().forEach(s::release);
    long offeredToA = offers(s.allocateAll()).stream().filter(o -> o.appKey() == 1)
        .mapToLong(o -> o.resource().memoryMb()).sum();
    assertEquals(10 * GB, offeredToA, "the waiting framework is offered its guarantee");
    assertTrue(s.preemptionRound(18_000).isEmpty(), "balanced: nothing more is revoked");
  }

  @Test
  @DisplayName("a suppressed framework, or one holding offers, waits for nothing: no revocation")
  void noRevocationWithoutAWaitingFramework() {
    CapacityScheduler s = fullOfB();
    framework(s, 1, "a");
    s.suppressOffers(1);
    assertTrue(s.preemptionRound(0).isEmpty());
    assertTrue(s.preemptionRound(60_000).isEmpty());
  }

  @Test
  @DisplayName("preemption takes outstanding offers back before it stops any task")
  void offersAreTakenBackFirst() {
    CapacityScheduler s = guaranteedHalves();
    framework(s, 2, "b");
    List<Allocation> offers = offers(s.allocateAll());
    assertEquals(20, CapacitySchedulerTest.usedGb(s, "root.b"), "b holds both nodes in offers");
    framework(s, 1, "a");
    PreemptionDecision d = s.preemptionRound(0);
    List<Long> offerIds = offers.stream().map(Allocation::allocationId).toList();
    assertEquals(1, d.warn().size());
    assertTrue(offerIds.containsAll(d.warn()), "an offer, not a task: " + d.warn());
  }

  @Test
  @DisplayName("Fair: a starved framework gets tasks revoked from one above its fair share")
  void fairRevocation() {
    FairScheduler s = FairSchedulerTest.fair(new ConfigFiles().fair(
        "<defaultFairSharePreemptionTimeout>10</defaultFairSharePreemptionTimeout>",
        "<defaultFairSharePreemptionThreshold>1.0</defaultFairSharePreemptionThreshold>",
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>",
        "<queue name=\"a\"/>", "<queue name=\"b\"/>").yarnSite(
            "yarn.scheduler.fair.preemption", "true"), UserGroups.NONE,
        Fixtures.node("n1", "/r", 8 * GB, 8), Fixtures.node("n2", "/r", 8 * GB, 8));
    framework(s, 2, "b");
    for (Allocation offer : offers(s.allocateAll())) {
      List<ResourceVector> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(mb(GB, 1));
      }
      assertTrue(s.acceptOffer(2, offer.allocationId(), tasks, 0, 0).ok());
    }
    framework(s, 1, "a");
    assertTrue(s.preemptionRound(0).isEmpty(), "not starved for the timeout yet");
    PreemptionDecision d = s.preemptionRound(10_000);
    assertEquals(8, d.warn().size(), "b gives back down to its fair share, half the cluster");
    assertTrue(s.state.app(2).allocationIds().containsAll(d.warn()));
  }
}
