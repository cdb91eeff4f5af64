package dev.spindle.scheduler;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offer-mode state of an application registered as a framework: whether it wants offers
 * (suppress / revive), the nodes it declined and until when (Mesos' decline filters), and
 * its outstanding offers, at most one per node.
 */
final class Framework {

  private boolean suppressed;
  /** Node id to the time (scheduler clock, ms) until which it is not offered. */
  private final Map<String, Long> refusedUntil = new HashMap<>();
  /** Node id to the outstanding offer on it, in offer order. */
  private final Map<String, Long> offers = new LinkedHashMap<>();

  /** Whether the framework takes offers now: registered and not suppressed. */
  boolean wantsOffers() {
    return !suppressed;
  }

  /** Taking offers, holding none and refusing no node: it waits for resources. */
  boolean waiting() {
    return !suppressed && offers.isEmpty() && refusedUntil.isEmpty();
  }

  void suppress() {
    suppressed = true;
  }

  /** Takes offers again, every filter cleared (Mesos' revive). */
  void revive() {
    suppressed = false;
    refusedUntil.clear();
  }

  /** Whether the node may be offered to the framework now. */
  boolean accepts(String nodeId) {
    return !refusedUntil.containsKey(nodeId) && !offers.containsKey(nodeId);
  }

  /** Keeps the node away from the framework until {@code until} (later filters win). */
  void refuse(String nodeId, long until, long now) {
    if (until > now) {
      refusedUntil.merge(nodeId, until, Math::max);
    }
  }

  /** Drops the filters that ended by {@code now}; true when one did. */
  boolean expireFilters(long now) {
    return refusedUntil.values().removeIf(until -> until <= now);
  }

  /** When the earliest decline filter ends, or -1 without filters (explanations). */
  long earliestFilterEnd() {
    long end = -1;
    for (long until : refusedUntil.values()) {
      end = end < 0 ? until : Math.min(end, until);
    }
    return end;
  }

  int filters() {
    return refusedUntil.size();
  }

  boolean suppressed() {
    return suppressed;
  }

  void offered(String nodeId, long offerId) {
    offers.put(nodeId, offerId);
  }

  void offerGone(String nodeId) {
    offers.remove(nodeId);
  }

  /** The outstanding offer ids, oldest first. */
  Iterable<Long> offers() {
    return offers.values();
  }
}
