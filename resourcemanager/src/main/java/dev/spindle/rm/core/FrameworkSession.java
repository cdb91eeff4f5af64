package dev.spindle.rm.core;

import java.util.ArrayList;
import java.util.List;

/**
 * An attempt registered as an offer framework: the events waiting for its next poll, the
 * last poll answer (a retried poll gets it again) and the last accept (a retried accept gets
 * the same containers). Soft state: an RM that restarts forgets it, and the framework
 * registers again. Loop-owned; held by its {@link RmAttempt}.
 */
final class FrameworkSession {

  final String name;
  final boolean revocable;
  final boolean inverseOffers;
  /** Events since the last poll answer, in the order they happened. */
  final List<FrameworkEvent> pending = new ArrayList<>();
  FrameworkPoll lastPoll;
  OfferAcceptance lastAccept;

  FrameworkSession(String name, boolean revocable, boolean inverseOffers, String user) {
    this.name = name;
    this.revocable = revocable;
    this.inverseOffers = inverseOffers;
    // The first poll carries response id 0 and is answered with 1.
    this.lastPoll = new FrameworkPoll(0, List.of(), List.of(), user);
  }

  void add(FrameworkEvent e) {
    pending.add(e);
  }
}
