package dev.spindle.scheduler;

import java.util.List;

/**
 * Offer mode (two-level scheduling, as in Mesos): an application registered as a framework
 * is offered the free resources of nodes, in the same policy order as every other
 * application, instead of asking for containers; it accepts an offer by launching containers
 * out of it, or declines it with a filter. Outstanding offers are charged like containers, so
 * they count against the framework's share and its queue: frameworks and request-based
 * applications share the cluster by one policy.
 *
 * <p>Offers come out of the ordinary passes ({@link Scheduler#allocateOn},
 * {@link Scheduler#allocateAll}) as {@link Allocation}s with {@code offer()} set; the
 * allocation id is the offer id. Times are the caller's clock in milliseconds (the scheduler
 * keeps none): filters end when {@link #expireOfferFilters} is called at or after their end.
 */
public interface OfferScheduling {

  /**
   * Makes a known application a framework that takes offers from the next pass on; false
   * when the scheduler does not know it. Registering again changes nothing.
   */
  boolean registerFramework(long appKey);

  boolean isFramework(long appKey);

  /** No more offers until {@link #reviveOffers} (a framework with nothing to run). */
  void suppressOffers(long appKey);

  /** Offers again, and every decline filter of the framework cleared. */
  void reviveOffers(long appKey);

  /**
   * Launches containers of the given sizes (normalised here) out of an outstanding offer of
   * this framework. The offer ends; what the launches leave unused returns to the pool and is
   * not offered to this framework on that node before {@code refuseUntil}. An offer that is
   * not outstanding, belongs to another framework, or holds less than the launches add up to
   * is refused with a reason naming it, and nothing is launched.
   */
  OfferAnswer acceptOffer(long appKey, long offerId, List<ResourceVector> launches,
      long refuseUntil, long now);

  /**
   * Ends an outstanding offer of this framework unused; its node is not offered to the
   * framework again before {@code refuseUntil}.
   */
  OfferAnswer declineOffer(long appKey, long offerId, long refuseUntil, long now);

  /** Withdraws an outstanding offer without a filter; false when it was not outstanding. */
  boolean rescindOffer(long offerId);

  /** Drops the decline filters that ended by {@code now}; true when one did. */
  boolean expireOfferFilters(long now);

  /** The framework's outstanding offers, oldest first; empty for an unknown application. */
  List<Allocation> outstandingOffers(long appKey);

  /** The framework's offer state, or empty when the application is not a framework. */
  java.util.Optional<FrameworkView> framework(long appKey);

  /**
   * A framework's offer state, for views.
   *
   * @param suppressed  it asked for no offers
   * @param filters     nodes it declined whose filters have not ended
   * @param offers      outstanding offers
   * @param offered     what its outstanding offers hold together
   * @param used        what it holds, offers included (its share counts both)
   */
  record FrameworkView(long appKey, boolean suppressed, int filters, int offers,
      ResourceVector offered, ResourceVector used) {}

  /**
   * The answer to an accept or decline.
   *
   * @param launched the containers launched (empty on a decline or a refusal)
   * @param refusal  why the call was refused, or null when it was carried out
   */
  record OfferAnswer(List<Allocation> launched, String refusal) {

    static OfferAnswer refused(String why) {
      return new OfferAnswer(List.of(), why);
    }

    public boolean ok() {
      return refusal == null;
    }
  }
}
