package dev.spindle.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * All outstanding asks of one application, keyed by (priority, allocationRequestId,
 * resourceName) with replace-not-delta semantics (yarn-compat 2.5). Keeps the keys whose ANY
 * ask still wants containers in serving order, and the pending total, up to date as asks
 * are replaced and allocations count them down.
 */
final class AskTable {

  private final Map<AskKey, AskGroup> groups = new HashMap<>();
  /** Keys whose ANY ask wants containers, in serving order: the only ones a pass looks at. */
  private final TreeSet<AskKey> active = new TreeSet<>();
  private ResourceVector pending = ResourceVector.ZERO;

  /**
   * Replaces one ask; {@code normalised} is its capability after normalisation, {@code now}
   * the scheduler time a new group starts waiting from.
   */
  void update(Ask ask, ResourceVector normalised, long now) {
    AskKey key = AskKey.of(ask);
    AskGroup group = groups.computeIfAbsent(key, k -> new AskGroup(k, now));
    pending = pending.minus(group.anyPending());
    group.put(ask, normalised);
    pending = pending.plus(group.anyPending());
    refresh(group);
    if (group.isEmpty()) {
      groups.remove(key);
    }
  }

  void clear() {
    groups.clear();
    active.clear();
    pending = ResourceVector.ZERO;
  }

  /** Keys with containers still wanted, in serving order. A live view: copy to mutate. */
  NavigableSet<AskKey> activeKeys() {
    return active;
  }

  boolean hasPending() {
    return !active.isEmpty();
  }

  AskGroup group(AskKey key) {
    return groups.get(key);
  }

  /** Resources asked for at the ANY level and not yet allocated. */
  ResourceVector pending() {
    return pending;
  }

  /**
   * Counts down the asks an allocation of the given locality satisfies: node-local takes the
   * host, rack and ANY asks; rack-local the rack and ANY; off-switch the ANY ask alone.
   */
  void allocated(AskGroup group, Locality locality, NodeSpec node) {
    pending = pending.minus(group.anyPending());
    if (locality == Locality.NODE_LOCAL) {
      group.local(node.host()).decrement();
    }
    if (locality != Locality.OFF_SWITCH) {
      group.local(node.rack()).decrement();
    }
    group.any().decrement();
    pending = pending.plus(group.anyPending());
    refresh(group);
  }

  private void refresh(AskGroup group) {
    if (group.anyCount() > 0) {
      active.add(group.key);
    } else {
      active.remove(group.key);
    }
  }
}
