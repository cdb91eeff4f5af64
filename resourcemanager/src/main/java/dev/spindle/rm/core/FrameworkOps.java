package dev.spindle.rm.core;

import dev.spindle.rm.core.FrameworkEvent.RescindReason;
import dev.spindle.rm.core.FrameworkRegistration.TaggedGrant;
import dev.spindle.rm.core.OfferBook.Ending;
import dev.spindle.rm.core.OfferBook.Outstanding;
import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.OfferScheduling;
import dev.spindle.scheduler.OfferScheduling.OfferAnswer;
import dev.spindle.scheduler.QueueView;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * The RM side of the offer protocol (docs/offers-protocol.md): a framework registers, polls
 * for events, accepts offers by launching containers out of them, declines them with a
 * filter, revives, suppresses, kills and unregisters. Around the scheduler's offer core it
 * keeps the offer ids and ages ({@link OfferBook}), each framework's event queue
 * ({@link FrameworkSession}), and turns node loss, decommission, timeouts and preemption
 * into rescinds, inverse offers and revocation warnings. Every refusal is a
 * {@link Refusal.Kind#OFFER} naming the offer, and changes nothing. Loop-owned.
 */
final class FrameworkOps {

  static final String NOT_REGISTERED = "NOT_REGISTERED";
  static final String INVALID_REQUEST = "INVALID_REQUEST";

  private final Coordinator co;
  private final RmState state;
  private final AmOps am;
  private final OfferBook book;

  FrameworkOps(Coordinator co, AmOps am) {
    this.co = co;
    this.state = co.state;
    this.am = am;
    this.book = new OfferBook(co.settings.clusterTimestamp());
  }

  private OfferScheduling offers() throws Refusal {
    if (co.scheduler instanceof OfferScheduling o) {
      return o;
    }
    throw Refusal.offer(INVALID_REQUEST, "the " + co.scheduler.name()
        + " scheduler does not make offers");
  }

  // --- the protocol -----------------------------------------------------------------------

  FrameworkRegistration register(ApplicationAttemptId id, String name, boolean revocable,
      boolean inverseOffers, String host, int rpcPort, String trackingUrl) throws Refusal {
    OfferScheduling offers = offers();
    RmAttempt a = state.attempt(id);
    if (a == null || a != a.app.currentAttempt() || a.facts.state().isFinal()
        || a.app.facts.state().isFinal()) {
      throw Refusal.offer(INVALID_REQUEST, id + " is not the running attempt of its"
          + " application");
    }
    String user = a.app.submission.user();
    if (a.framework == null) {
      if (a.isRegistered()) {
        throw Refusal.offer(INVALID_REQUEST, id + " registered as a request-based"
            + " ApplicationMaster; an attempt is one or the other");
      }
      am.register(id, host, rpcPort, trackingUrl);
      offers.registerFramework(a.app.appKey);
      // An earlier attempt's end suppressed offers until a successor registered.
      offers.reviveOffers(a.app.appKey);
      a.framework = new FrameworkSession(name, revocable, inverseOffers, user);
    } else {
      // The same attempt again (its driver lost its answer): a fresh poll sequence, same
      // events waiting.
      FrameworkSession again = new FrameworkSession(name, revocable, inverseOffers, user);
      again.pending.addAll(a.framework.pending);
      a.framework = again;
    }
    a.lastPing = co.now();
    boolean failover = false;
    for (RmAttempt earlier : a.app.attempts) {
      failover |= earlier != a && earlier.framework != null;
    }
    List<RmContainer> running = new ArrayList<>();
    for (RmContainer c : a.containers.values()) {
      if (!c.isAm && c.state != RmContainer.State.COMPLETED) {
        running.add(c);
      }
    }
    List<TaggedGrant> grants = new ArrayList<>(running.size());
    for (RmContainer c : running) {
      grants.add(new TaggedGrant(c.grant(), c.tag));
    }
    List<NodeId> tokenNodes = co.containers.tokenNodesFor(a, running);
    String queue = co.scheduler.application(a.app.appKey).map(v -> v.queuePath())
        .orElse(a.app.submission.queue());
    co.schedule(co.scheduler::allocateAll);
    return new FrameworkRegistration(id, failover, grants, tokenNodes,
        co.settings.offerPollIntervalMs(), queue, guarantee(queue),
        co.scheduler.maximumAllocation(queue), user);
  }

  FrameworkPoll poll(ApplicationAttemptId id, int responseId) throws Refusal {
    RmAttempt a = framework(id);
    FrameworkSession s = a.framework;
    int last = s.lastPoll.responseId();
    if (responseId + 1 == last) {
      return s.lastPoll;
    }
    if (responseId != last) {
      throw Refusal.offer("OUT_OF_STEP", "poll of " + id + " carries response id " + responseId
          + ", expected " + last);
    }
    a.lastPing = co.now();
    // Whether tasks would be above the guarantee is decided once per poll, not per offer
    // made: it needs the queue's view, too dear for every node of every pass.
    boolean offered = s.pending.stream().anyMatch(e -> e instanceof FrameworkEvent.Offers);
    List<FrameworkEvent> events = coalesceOffers(s.pending, offered && revocable(a));
    s.pending.clear();
    for (CompletedContainer c : co.containers.deliver(a).completed()) {
      events.add(new FrameworkEvent.Ended(c.id(), c.tag(), c.exitStatus(), c.diagnostics(),
          c.exitStatus() == ContainerExitStatus.PREEMPTED));
    }
    s.lastPoll = new FrameworkPoll(last + 1, events, List.of(), s.lastPoll.user());
    return s.lastPoll;
  }

  /** A launch out of an offer: its size and the framework's tag for it. */
  record Launch(ResourceVector resource, String tag) {}

  OfferAcceptance accept(ApplicationAttemptId id, List<String> offerIds, List<Launch> launches,
      double refuseSeconds, long seq) throws Refusal {
    RmAttempt a = framework(id);
    FrameworkSession s = a.framework;
    if (s.lastAccept != null && s.lastAccept.seq() == seq) {
      return s.lastAccept;
    }
    Outstanding offer = oneOffer(a, offerIds);
    long now = co.now();
    long refuseUntil = now + refuseMillis(refuseSeconds);
    if (launches.isEmpty()) {
      // Accepting with nothing to launch is declining (as in Mesos).
      decline(a, offer, refuseUntil, now);
      offerNodeAgain(offer.node());
      s.lastAccept = new OfferAcceptance(seq, List.of(), List.of(), s.lastPoll.user());
      return s.lastAccept;
    }
    List<ResourceVector> sizes = new ArrayList<>(launches.size());
    for (Launch l : launches) {
      if (l.resource().anyNegative()) {
        throw Refusal.offer(INVALID_REQUEST, "a launch on offer " + offer.id()
            + " asks for a negative resource: " + l.resource());
      }
      sizes.add(l.resource());
    }
    OfferAnswer answer = offers().acceptOffer(a.app.appKey, offer.allocationId(), sizes,
        refuseUntil, now);
    if (!answer.ok()) {
      throw Refusal.offer("OVER_LAUNCH", "offer " + offer.id() + ": " + answer.refusal());
    }
    book.end(offer.allocationId(), Ending.ACCEPTED);
    RmNode node = state.nodes.get(offer.node());
    List<NodeId> tokenNodes = new ArrayList<>();
    List<TaggedGrant> grants = new ArrayList<>(answer.launched().size());
    for (int i = 0; i < answer.launched().size(); i++) {
      String tag = launches.get(i).tag();
      RmContainer c = co.containers.createAccepted(a, state.epoch, node,
          answer.launched().get(i), tag, now, tokenNodes);
      grants.add(new TaggedGrant(c.grant(), c.tag));
    }
    s.lastAccept = new OfferAcceptance(seq, grants, tokenNodes, s.lastPoll.user());
    // What the launches left on that node is free for the others now (only that node
    // changed: a pass over it, not over the cluster).
    offerNodeAgain(offer.node());
    return s.lastAccept;
  }

  void decline(ApplicationAttemptId id, List<String> offerIds, double refuseSeconds)
      throws Refusal {
    RmAttempt a = framework(id);
    List<Outstanding> declined = new ArrayList<>();
    for (String offerId : new LinkedHashSet<>(offerIds)) {
      declined.add(outstanding(a, offerId));
    }
    long now = co.now();
    for (Outstanding o : declined) {
      decline(a, o, now + refuseMillis(refuseSeconds), now);
    }
    for (Outstanding o : declined) {
      offerNodeAgain(o.node());
    }
  }

  private void decline(RmAttempt a, Outstanding o, long refuseUntil, long now)
      throws Refusal {
    OfferAnswer answer = offers().declineOffer(a.app.appKey, o.allocationId(), refuseUntil,
        now);
    if (!answer.ok()) {
      throw new IllegalStateException("book and scheduler disagree on " + o.id() + ": "
          + answer.refusal());
    }
    book.end(o.allocationId(), Ending.DECLINED);
  }

  void revive(ApplicationAttemptId id) throws Refusal {
    RmAttempt a = framework(id);
    offers().reviveOffers(a.app.appKey);
    co.schedule(co.scheduler::allocateAll);
  }

  void suppress(ApplicationAttemptId id) throws Refusal {
    RmAttempt a = framework(id);
    offers().suppressOffers(a.app.appKey);
  }

  void kill(ApplicationAttemptId id, List<ContainerId> containers) throws Refusal {
    RmAttempt a = framework(id);
    List<RmContainer> kill = new ArrayList<>();
    for (ContainerId cid : containers) {
      boolean ours = cid.getApplicationAttemptId().getApplicationId()
          .equals(id.getApplicationId());
      RmContainer c = co.containers.get(cid);
      if (!ours || c != null && (c.attempt.app != a.app || c.isAm)) {
        throw Refusal.offer(INVALID_REQUEST, "container " + cid + " is not a task of "
            + id.getApplicationId());
      }
      if (c != null) {
        kill.add(c);
      }
      // An unknown container of ours has ended already; its status is on its way.
    }
    for (RmContainer c : kill) {
      co.completeContainer(c, ContainerExitStatus.KILLED_BY_APPMASTER, Containers.RELEASED,
          false);
    }
    for (RmContainer c : kill) {
      offerNodeAgain(c.nodeId);
    }
  }

  boolean unregister(ApplicationAttemptId id, FinalApplicationStatus status,
      String diagnostics, String trackingUrl) throws Refusal {
    RmAttempt a = state.attempt(id);
    if (a == null || a.framework == null) {
      // A retried unregistration of an attempt that has finished is answered by finish.
      return am.finish(id, status, diagnostics, trackingUrl);
    }
    withdrawOffers(a.app.appKey);
    return am.finish(id, status, diagnostics, trackingUrl);
  }

  // --- what the rest of the core tells it -------------------------------------------------

  /** The scheduler offered a node's free resources to an application (a framework). */
  void offerMade(Allocation offer, RmAttempt attempt, RmNode node) {
    FrameworkSession s = attempt == null ? null : attempt.framework;
    if (s == null || attempt.facts.state().isFinal()) {
      // Nobody is listening (between attempts): take it back and stop offering until the
      // next attempt registers.
      co.scheduler.release(offer.allocationId());
      if (co.scheduler instanceof OfferScheduling o) {
        o.suppressOffers(offer.appKey());
      }
      return;
    }
    Outstanding o = book.made(offer.allocationId(), offer.appKey(), attempt.id, node.id,
        offer.resource(), co.now());
    s.add(new FrameworkEvent.Offers(List.of(new OfferMade(o.id(), node.id, node.rack,
        node.httpAddress(), offer.resource(), co.settings.offerTimeoutMs(), false))));
  }

  /** Rescinds the offers on a node that is lost, shut down or no longer schedulable. */
  void nodeGone(NodeId node, RescindReason reason) {
    for (Outstanding o : book.onNode(node)) {
      rescind(o, reason, Ending.RESCINDED);
    }
  }

  /**
   * A graceful decommission began: the node's offers are rescinded and every framework with
   * tasks there that takes inverse offers hears when the node goes away.
   */
  void nodeDraining(RmNode node, long unavailableAt) {
    nodeGone(node.id, RescindReason.NODE_DECOMMISSIONED);
    Map<RmAttempt, List<ContainerId>> byAttempt = new LinkedHashMap<>();
    for (RmContainer c : co.containers.onNode(node.id)) {
      if (!c.isAm && c.attempt.framework != null && c.attempt.framework.inverseOffers) {
        byAttempt.computeIfAbsent(c.attempt, k -> new ArrayList<>()).add(c.id);
      }
    }
    for (Map.Entry<RmAttempt, List<ContainerId>> e : byAttempt.entrySet()) {
      e.getKey().framework.add(new FrameworkEvent.InverseOffer(
          "i" + co.settings.clusterTimestamp() + "-" + node.id + "-" + co.now(), node.id,
          node.rack, node.httpAddress(), unavailableAt, e.getValue()));
    }
  }

  /** An attempt ended: its offers go back, and nothing is offered until the next registers. */
  void attemptEnded(RmAttempt attempt) {
    if (attempt.framework == null) {
      return;
    }
    withdrawOffers(attempt.app.appKey);
    if (co.scheduler instanceof OfferScheduling o) {
      o.suppressOffers(attempt.app.appKey);
    }
  }

  /**
   * Preemption chose these allocations: outstanding offers among them are rescinded at once
   * (offers go before tasks), framework tasks get a revocation warning with the deadline.
   * Returns the ids that are not offers, for the ordinary preemption path.
   */
  List<Long> reclaim(List<Long> chosen, boolean warn, long graceMs) {
    List<Long> rest = new ArrayList<>(chosen.size());
    Map<RmAttempt, List<ContainerId>> warned = new LinkedHashMap<>();
    for (long id : chosen) {
      Outstanding o = book.get(id);
      if (o != null) {
        rescind(o, RescindReason.RECLAIMED, Ending.RESCINDED);
        continue;
      }
      rest.add(id);
      RmContainer c = co.containers.byAllocation(id);
      if (warn && c != null && c.attempt.framework != null && !c.isAm) {
        warned.computeIfAbsent(c.attempt, k -> new ArrayList<>()).add(c.id);
      }
    }
    long deadline = co.now() + graceMs;
    for (Map.Entry<RmAttempt, List<ContainerId>> e : warned.entrySet()) {
      e.getKey().framework.add(new FrameworkEvent.RevocationWarning(e.getValue(), deadline));
    }
    return rest;
  }

  /** Rescinds offers unanswered for the offer timeout and ends expired decline filters. */
  void tick() {
    long now = co.now();
    boolean freed = false;
    for (Outstanding o : book.madeBefore(now - co.settings.offerTimeoutMs())) {
      rescind(o, RescindReason.OFFER_TIMEOUT, Ending.EXPIRED);
      freed = true;
    }
    if (co.scheduler instanceof OfferScheduling s) {
      freed |= s.expireOfferFilters(now);
    }
    if (freed) {
      co.schedule(co.scheduler::allocateAll);
    }
  }

  // --- views ------------------------------------------------------------------------------

  void listener(OfferListener listener) {
    book.listener = listener;
  }

  int outstandingCount() {
    return book.outstandingCount();
  }

  List<Outstanding> outstanding() {
    return book.all();
  }

  Optional<OfferScheduling.FrameworkView> view(long appKey) {
    return co.scheduler instanceof OfferScheduling o ? o.framework(appKey) : Optional.empty();
  }

  /** The queue's guaranteed resources: its absolute capacity of the cluster. */
  ResourceVector guarantee(String queue) {
    Optional<QueueView> q = co.scheduler.queue(queue);
    return q.map(v -> co.scheduler.clusterCapacity().scaleDown(v.absoluteCapacity()))
        .orElse(ResourceVector.ZERO);
  }

  // --- helpers ----------------------------------------------------------------------------

  /** A scheduling pass over one node whose free resources just changed. */
  private void offerNodeAgain(NodeId nodeId) {
    RmNode node = state.nodes.get(nodeId);
    if (node != null) {
      co.schedule(() -> co.scheduler.allocateOn(node.schedulerId));
    }
  }

  /** The caller's attempt, registered as a framework and live. */
  private RmAttempt framework(ApplicationAttemptId id) throws Refusal {
    RmAttempt a = state.attempt(id);
    if (a == null || a.framework == null) {
      throw Refusal.offer(NOT_REGISTERED, id + " is not registered as a framework with this"
          + " ResourceManager (it may have restarted or failed over): register again");
    }
    if (a != a.app.currentAttempt() || a.facts.state().isFinal()) {
      throw Refusal.offer(INVALID_REQUEST, id + " has ended (" + a.facts.state() + ")");
    }
    return a;
  }

  /** The one outstanding offer an accept names (all ids must be it, on one node). */
  private Outstanding oneOffer(RmAttempt a, List<String> offerIds) throws Refusal {
    if (offerIds.isEmpty()) {
      throw Refusal.offer(INVALID_REQUEST, "the accept names no offer");
    }
    List<Outstanding> named = new ArrayList<>();
    for (String offerId : new LinkedHashSet<>(offerIds)) {
      named.add(outstanding(a, offerId));
    }
    Outstanding first = named.get(0);
    for (Outstanding o : named) {
      if (!o.node().equals(first.node())) {
        throw Refusal.offer("OFFERS_ON_DIFFERENT_NODES", "offer " + o.id() + " is on "
            + o.node() + ", offer " + first.id() + " on " + first.node());
      }
    }
    if (named.size() > 1) {
      throw Refusal.offer(INVALID_REQUEST, "offers " + offerIds + " cannot be merged: a node"
          + " has one outstanding offer per framework");
    }
    return first;
  }

  /** The outstanding offer {@code offerId} of this framework, or the refusal saying why not. */
  private Outstanding outstanding(RmAttempt a, String offerId) throws Refusal {
    long allocationId = book.parse(offerId);
    if (allocationId == -1) {
      throw Refusal.offer("UNKNOWN_OFFER", "offer " + offerId + " was made by an earlier"
          + " ResourceManager (it restarted or failed over); offers do not outlive it");
    }
    if (allocationId < 0) {
      throw Refusal.offer("UNKNOWN_OFFER", "'" + offerId + "' is not an offer id");
    }
    Outstanding o = book.get(allocationId);
    if (o != null) {
      if (o.appKey() != a.app.appKey || !o.attempt().equals(a.id)) {
        throw Refusal.offer("NOT_YOUR_OFFER", "offer " + offerId + " was not made to "
            + a.id);
      }
      return o;
    }
    Ending ending = book.ending(allocationId);
    if (ending == null) {
      throw Refusal.offer("UNKNOWN_OFFER", "offer " + offerId + " was never made");
    }
    throw switch (ending) {
      case EXPIRED -> Refusal.offer("EXPIRED_OFFER", "offer " + offerId + " timed out after "
          + co.settings.offerTimeoutMs() + " ms unanswered and was rescinded");
      case RESCINDED, WITHDRAWN -> Refusal.offer("RESCINDED_OFFER", "offer " + offerId
          + " was rescinded");
      case ACCEPTED, DECLINED -> Refusal.offer("UNKNOWN_OFFER", "offer " + offerId
          + " was already " + ending.name().toLowerCase(java.util.Locale.ROOT));
    };
  }

  private void rescind(Outstanding o, RescindReason reason, Ending how) {
    if (co.scheduler instanceof OfferScheduling s) {
      s.rescindOffer(o.allocationId());
    }
    book.end(o.allocationId(), how);
    RmAttempt a = state.attempt(o.attempt());
    if (a != null && a.framework != null && !forgetUnseen(a.framework, o.id())) {
      a.framework.add(new FrameworkEvent.Rescinded(o.id(), reason));
    }
  }

  /** Takes back the application's offers without telling it (it is going away). */
  private void withdrawOffers(long appKey) {
    for (Outstanding o : book.ofApp(appKey)) {
      if (co.scheduler instanceof OfferScheduling s) {
        s.rescindOffer(o.allocationId());
      }
      book.end(o.allocationId(), Ending.WITHDRAWN);
    }
  }

  /** Drops an offer the framework has not polled yet; true when it was still unseen. */
  private static boolean forgetUnseen(FrameworkSession s, String offerId) {
    for (int i = 0; i < s.pending.size(); i++) {
      if (s.pending.get(i) instanceof FrameworkEvent.Offers offers) {
        List<OfferMade> kept = new ArrayList<>(offers.offers());
        if (kept.removeIf(m -> m.offerId().equals(offerId))) {
          if (kept.isEmpty()) {
            s.pending.remove(i);
          } else {
            s.pending.set(i, new FrameworkEvent.Offers(kept));
          }
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adjacent offer events become one (a poll after a pass carries one batch), each offer
   * marked revocable when the framework's queue is above its guarantee now.
   */
  private static List<FrameworkEvent> coalesceOffers(List<FrameworkEvent> pending,
      boolean revocable) {
    List<FrameworkEvent> out = new ArrayList<>(pending.size());
    for (FrameworkEvent e : pending) {
      if (!(e instanceof FrameworkEvent.Offers next)) {
        out.add(e);
        continue;
      }
      List<OfferMade> joined = new ArrayList<>();
      if (!out.isEmpty() && out.get(out.size() - 1) instanceof FrameworkEvent.Offers prev) {
        joined.addAll(prev.offers());
        out.remove(out.size() - 1);
      }
      for (OfferMade m : next.offers()) {
        joined.add(new OfferMade(m.offerId(), m.nodeId(), m.rack(), m.httpAddress(),
            m.resource(), m.timeoutMs(), revocable));
      }
      out.add(new FrameworkEvent.Offers(joined));
    }
    return out;
  }

  /** Whether the framework's queue is above its guarantee (its tasks may be revoked). */
  private boolean revocable(RmAttempt attempt) {
    String queue = co.scheduler.application(attempt.app.appKey).map(v -> v.queuePath())
        .orElse(null);
    if (queue == null) {
      return false;
    }
    Optional<QueueView> q = co.scheduler.queue(queue);
    return q.isPresent() && !q.get().used().fitsIn(guarantee(queue));
  }

  private static long refuseMillis(double refuseSeconds) {
    if (Double.isNaN(refuseSeconds) || refuseSeconds <= 0) {
      return 0;
    }
    return (long) Math.min(refuseSeconds * 1000, 365L * 24 * 3600 * 1000);
  }
}
