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

  AskGroup(AskKey key) {
    this.key = key;
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
