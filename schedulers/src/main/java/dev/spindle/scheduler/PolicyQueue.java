package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The part of a queue that every queue-based policy (Capacity, Fair) shares: its place in the
 * tree, a leaf's applications, and the books a {@link QueueWalk} keeps on it. What a queue is
 * guaranteed or allowed stays in the policy's own subclass.
 *
 * @param <Q> the policy's own queue class
 */
abstract class PolicyQueue<Q extends PolicyQueue<Q>> {

  final Q parent;
  final List<Q> children = new ArrayList<>();
  /** Applications with pending asks in this queue's subtree: lets a walk skip idle parts. */
  int wantingInSubtree;

  // --- leaf only ----------------------------------------------------------------------
  final Map<Long, AppState> apps = new TreeMap<>();
  /** The applications that want containers, in the leaf's ordering policy. */
  TreeSet<AppState> wanting;
  /** Position in the current serving walk, valid while {@code walkStamp} matches. */
  int walkIndex;
  long walkStamp = -1;

  PolicyQueue(Q parent) {
    this.parent = parent;
  }

  abstract String path();

  abstract boolean isLeaf();

  /** What the applications in this subtree still ask for. */
  ResourceVector pending() {
    ResourceVector total = ResourceVector.ZERO;
    for (AppState app : apps.values()) {
      total = total.plus(app.asks.pending());
    }
    for (Q child : children) {
      total = total.plus(child.pending());
    }
    return total;
  }
}
