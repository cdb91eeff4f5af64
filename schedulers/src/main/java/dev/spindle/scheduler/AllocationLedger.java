package dev.spindle.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * Live allocations by id: which application and node each one charges and for how much, so
 * a release, a node loss or an application's end frees exactly what was charged, once.
 */
final class AllocationLedger {

  private final Map<Long, Allocation> live = new HashMap<>();
  private long nextId = 1;

  /** Records an allocation under a fresh, increasing id. */
  Allocation record(long appKey, String nodeId, ResourceVector resource, AskKey key,
      Locality locality) {
    return record(appKey, nodeId, resource, key, locality, false);
  }

  /** Records an allocation, or with {@code offer} an offer, under a fresh, increasing id. */
  Allocation record(long appKey, String nodeId, ResourceVector resource, AskKey key,
      Locality locality, boolean offer) {
    Allocation allocation = new Allocation(nextId++, appKey, nodeId, resource, key.priority(),
        key.allocationRequestId(), locality, offer);
    live.put(allocation.allocationId(), allocation);
    return allocation;
  }

  /** Forgets a live allocation and returns it; null when it was not live. */
  Allocation remove(long allocationId) {
    return live.remove(allocationId);
  }

  Allocation get(long allocationId) {
    return live.get(allocationId);
  }

  int size() {
    return live.size();
  }
}
