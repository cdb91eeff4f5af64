package dev.spindle.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * The asks of one application at one (priority, allocationRequestId): the authoritative ANY
 * ask plus host and rack preferences keyed by resource name.
 *
 * <p>Entries that allocations count down to zero are kept, not removed: a strict rack or ANY
 * ask still constrains placement after the named hosts are served. Only an ask with zero
 * containers from the application removes an entry.
 */
final class AskGroup {

  final AskKey key;
  private PendingAsk any;
  /** Host and rack asks by resource name. */
  private final Map<String, PendingAsk> local = new HashMap<>();

  // Why the group last got nothing, for explanations: a constant and two numbers, written
  // on the hot path without allocating; the words are made only when someone asks.
  /** The reason of the last miss, or null when none was recorded since its last container. */
  private WaitReason wait;
  /** The {@link ClusterState#tick} of the last miss (newer than the application's or not). */
  private long waitTick;
  /** Scheduler time since which the group waits for {@link #wait} (or since it arrived). */
  private long waitSince;
  /** For a locality delay: the locality the delay held back. */
  private Locality delayed;

  AskGroup(AskKey key, long now) {
    this.key = key;
    this.waitSince = now;
  }

  /** Records a miss; the time is kept while the reason stays the same. */
  void waited(WaitReason reason, long tick, long now, Locality heldBack) {
    if (reason != wait) {
      wait = reason;
      waitSince = now;
    }
    waitTick = tick;
    delayed = heldBack;
  }

  /** A container was placed: whatever waits next waits from now. */
  void served(long now) {
    wait = null;
    waitSince = now;
  }

  WaitReason lastWait() {
    return wait;
  }

  long lastWaitTick() {
    return wait == null ? -1 : waitTick;
  }

  long waitingSince() {
    return waitSince;
  }

  Locality delayedLocality() {
    return delayed;
  }

  /** Host and rack asks by resource name, for explanations. */
  Map<String, PendingAsk> localAsks() {
    return java.util.Collections.unmodifiableMap(local);
  }

  /** Replaces the ask at its resource name, or removes it when it asks for no containers. */
  void put(Ask ask, ResourceVector normalised) {
    PendingAsk pending = ask.numContainers() > 0 ? new PendingAsk(ask, normalised) : null;
    if (ask.isAny()) {
      any = pending;
    } else if (pending == null) {
      local.remove(ask.resourceName());
    } else {
      local.put(ask.resourceName(), pending);
    }
  }

  PendingAsk any() {
    return any;
  }

  /** Containers the ANY ask still wants (0 without an ANY ask). */
  int anyCount() {
    return any == null ? 0 : any.count();
  }

  /** The ANY total as resources: count times the normalised capability. */
  ResourceVector anyPending() {
    return any == null ? ResourceVector.ZERO : any.capability.times(any.count());
  }

  /** The host or rack ask at {@code resourceName}, or null. */
  PendingAsk local(String resourceName) {
    return local.get(resourceName);
  }

  /** Distinct resource names asked for, ANY included (delay scheduling scales with it). */
  int uniqueLocations() {
    return local.size() + (any == null ? 0 : 1);
  }

  boolean hasLocalAsks() {
    return !local.isEmpty();
  }

  boolean isEmpty() {
    return any == null && local.isEmpty();
  }
}
