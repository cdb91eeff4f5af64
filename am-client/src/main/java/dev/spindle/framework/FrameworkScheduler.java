package dev.spindle.framework;

import java.time.Instant;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * A framework's scheduler: the callbacks through which the RM's offers and events reach it,
 * shaped like the Mesos scheduler API. The driver calls them one at a time, in the order the
 * RM sent the events, on one callback thread; a callback may call the driver (accept,
 * decline, ...) but should not block for long, as later events wait for it.
 */
public interface FrameworkScheduler {

  /** The framework is registered (again, after an RM restart); offers follow. */
  void registered(FrameworkDriver driver, Registration registration);

  /**
   * New offers. Accept what you can use, decline the rest: an offer held unanswered counts
   * against your share and is rescinded at its timeout.
   */
  void resourceOffers(FrameworkDriver driver, List<Offer> offers);

  /** The offer is gone (timed out, node lost, reclaimed); accepting it now is refused. */
  void offerRescinded(FrameworkDriver driver, OfferId offerId, RescindReason reason);

  /** A task's container started, ended, or could not be launched. */
  void statusUpdate(FrameworkDriver driver, TaskStatus status);

  /**
   * The RM will revoke these containers (the framework is above its guarantee and another
   * waits) at {@code deadline} unless the framework ends them first.
   */
  default void revocationWarning(FrameworkDriver driver, List<ContainerId> containers,
      Instant deadline) {}

  /** A node running this framework's tasks goes away (needs {@link Capability#INVERSE_OFFERS}). */
  default void inverseOffer(FrameworkDriver driver, InverseOffer inverseOffer) {}

  /**
   * The framework cannot go on (its application was killed, the RM refused it, the RM stayed
   * unreachable); the driver has stopped without unregistering.
   */
  void error(FrameworkDriver driver, String message);
}
