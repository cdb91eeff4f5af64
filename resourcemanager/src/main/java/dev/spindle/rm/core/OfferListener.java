package dev.spindle.rm.core;

/**
 * Told, on the core thread, how offers come and go (for metrics). Implementations must be
 * cheap and thread-safe for readers elsewhere (e.g. Dropwizard counters).
 */
public interface OfferListener {

  OfferListener NONE = new OfferListener() { };

  default void made() { }

  default void accepted() { }

  default void declined() { }

  /** Taken back by the RM: timed out, node lost or decommissioned, reclaimed, withdrawn. */
  default void rescinded() { }
}
