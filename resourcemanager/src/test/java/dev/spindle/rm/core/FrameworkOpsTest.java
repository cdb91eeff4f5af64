package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Offer mode's RM-side bookkeeping on the core with a manual clock: offer timeouts, offers
 * rescinded before the framework saw them, the poll and accept retry rules, and what an
 * attempt's end does to its offers. The wire path is tested in integration (it/offers).
 */
class FrameworkOpsTest {

  private final CoreHarness h;
  private final NodeId node;
  private final ApplicationAttemptId attempt;

  FrameworkOpsTest() throws Refusal {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setLong(RmSettings.OFFER_TIMEOUT_MS, 5_000);
    h = new CoreHarness(conf);
    node = h.addNode("n1", 4096);
    ApplicationId app = h.submitUnmanaged(1, false);
    attempt = ApplicationAttemptId.newInstance(app, 1);
    h.core.registerFramework(attempt, "f", false, false, "localhost", -1, "");
  }

  /** The offers the next poll carries (response ids in step). */
  private List<OfferMade> offers(FrameworkPoll poll) {
    return poll.events().stream().filter(e -> e instanceof FrameworkEvent.Offers)
        .flatMap(e -> ((FrameworkEvent.Offers) e).offers().stream()).toList();
  }

  private int responseId;

  private int outstanding() {
    return h.core.offerViews(UserGroupInformation.createRemoteUser("alice")).offers().size();
  }

  private FrameworkPoll poll() throws Refusal {
    FrameworkPoll p = h.core.pollFramework(attempt, responseId);
    responseId = p.responseId();
    return p;
  }

  @Test
  void anUnansweredOfferIsRescindedAtItsTimeoutAndThenRefusedAsExpired() throws Refusal {
    h.heartbeat(node);
    OfferMade offer = offers(poll()).get(0);
    assertEquals(4096, offer.resource().memoryMb(), "the whole node is offered");
    h.clock.advance(5_001);
    h.core.checkLiveness();
    FrameworkPoll after = poll();
    assertEquals(List.of(new FrameworkEvent.Rescinded(offer.offerId(),
        FrameworkEvent.RescindReason.OFFER_TIMEOUT)), after.events().stream()
        .filter(e -> e instanceof FrameworkEvent.Rescinded).toList());
    Refusal r = assertThrows(Refusal.class, () -> h.core.acceptOffer(attempt,
        List.of(offer.offerId()), List.of(ResourceVector.of(1024, 1)), List.of("t"), 5, 1));
    assertTrue(r.getMessage().startsWith("EXPIRED_OFFER: offer " + offer.offerId()),
        r.getMessage());
    List<OfferMade> again = offers(after);
    assertEquals(1, again.size(), "the node is offered again at once, under a new id");
    assertNotEquals(offer.offerId(), again.get(0).offerId());
  }

  @Test
  void anOfferRescindedBeforeThePollIsNeverSeen() throws Refusal {
    h.heartbeat(node);
    h.core.unregisterNode(node);
    FrameworkPoll p = poll();
    assertTrue(p.events().isEmpty(), p::toString);
  }

  @Test
  void aRetriedPollGetsTheSameAnswerAndAnOutOfStepOneIsRefused() throws Refusal {
    h.heartbeat(node);
    FrameworkPoll first = poll();
    assertSame(first, h.core.pollFramework(attempt, 0), "a retry of the lost answer");
    Refusal r = assertThrows(Refusal.class, () -> h.core.pollFramework(attempt, 7));
    assertTrue(r.getMessage().startsWith("OUT_OF_STEP"), r.getMessage());
  }

  @Test
  void aRetriedAcceptGetsTheSameContainers() throws Refusal {
    h.heartbeat(node);
    OfferMade offer = offers(poll()).get(0);
    OfferAcceptance a = h.core.acceptOffer(attempt, List.of(offer.offerId()),
        List.of(ResourceVector.of(1024, 1)), List.of("t1"), 5, 42);
    OfferAcceptance again = h.core.acceptOffer(attempt, List.of(offer.offerId()),
        List.of(ResourceVector.of(1024, 1)), List.of("t1"), 5, 42);
    assertSame(a, again);
    assertEquals(1, a.containers().size());
    assertEquals("t1", a.containers().get(0).tag());
    assertEquals(List.of(node), a.tokenNodes());
  }

  @Test
  void anEndedAttemptsOffersAreWithdrawnAndNoMoreAreMade() throws Refusal {
    h.heartbeat(node);
    assertEquals(1, outstanding());
    h.core.failAttempt(attempt, "gone");
    assertEquals(0, outstanding());
    h.heartbeat(node);
    assertEquals(0, outstanding(), "nobody listens: nothing is offered");
  }
}
