package dev.spindle.framework;

import dev.spindle.offers.OfferProtocolException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The framework's handle on the RM in offer mode. {@link #start()} registers and starts
 * delivering events to the {@link FrameworkScheduler}; the other calls answer offers and
 * manage tasks, from any thread (usually from within a callback).
 *
 * <p>Calls that the RM refuses throw {@link OfferProtocolException}, whose
 * {@link OfferProtocolException#reason() reason} and message say what was wrong (naming the
 * offer); a refused call changed nothing.
 */
public interface FrameworkDriver {

  /**
   * Registers the framework (this is the attempt's AM registration) and starts polling;
   * returns once registered. A driver starts once.
   */
  Registration start() throws IOException;

  /**
   * Accepts offers (all on one node) and launches one container per launch on them. The
   * containers are started on the node's NodeManager in the background; their progress comes
   * as {@link FrameworkScheduler#statusUpdate}s. What the launches leave unused returns to the
   * cluster, kept from this framework by {@code filters}. All or nothing: if any offer is
   * unknown, expired, rescinded or not this framework's, or the launches do not fit, nothing
   * is launched and an {@link OfferProtocolException} names the offer.
   *
   * @return the containers, in the order of {@code launches}
   */
  List<Container> accept(Collection<OfferId> offerIds, List<Launch> launches, Filters filters)
      throws IOException;

  /** Declines an offer; its resources stay away from this framework for the filter's time. */
  void decline(OfferId offerId, Filters filters) throws IOException;

  /** Clears this framework's filters and ends {@link #suppress()}: offers come again. */
  void revive() throws IOException;

  /** Stops offers to this framework until {@link #revive()}; do this when idle. */
  void suppress() throws IOException;

  /** Kills a task's container; its end comes as a status update. */
  void kill(ContainerId containerId) throws IOException;

  /** Unregisters with final status SUCCEEDED and stops: the application ends. */
  void stop() throws IOException;

  /** Unregisters with {@code finalStatus} (SUCCEEDED, FAILED or KILLED) and stops. */
  void stop(FinalApplicationStatus finalStatus, String diagnostics) throws IOException;

  /**
   * Stops this driver without unregistering, so that the next attempt of the application
   * takes over the framework and its running tasks (failover).
   */
  void abort();

  /** Waits until the driver has stopped (by stop, abort or error); true if it has. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;
}
