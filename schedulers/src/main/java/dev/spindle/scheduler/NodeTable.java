package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every node the scheduler knows, with host and rack indexes, running cluster totals, the
 * largest node per resource (for the effective maximum allocation) and the set of nodes that
 * still have room for a minimum container (so scheduling passes skip full nodes cheaply).
 *
 * <p>Usage changes go through {@link #charge} and {@link #credit} so the totals and the room
 * index stay in step with the nodes.
 */
final class NodeTable {

  private final ResourceRules rules;
  /** Ordered by node id: the deterministic order of scheduling passes. */
  private final TreeMap<String, NodeState> byId = new TreeMap<>();
  private final Map<String, NavigableSet<String>> byHost = new HashMap<>();
  private final Map<String, NavigableSet<String>> byRack = new HashMap<>();
  /** Schedulable nodes whose free space holds at least the minimum allocation. */
  private final TreeSet<String> withRoom = new TreeSet<>();
  /** Multisets of node sizes, so the largest survives removals without a scan. */
  private final TreeMap<Long, Integer> memorySizes = new TreeMap<>();
  private final TreeMap<Long, Integer> vcoreSizes = new TreeMap<>();
  /** Node sizes per further resource type (index as in {@link ResourceVector#other}). */
  private final List<TreeMap<Long, Integer>> otherSizes = new ArrayList<>();

  private ResourceVector capacity = ResourceVector.ZERO;
  private ResourceVector used = ResourceVector.ZERO;
  private ResourceVector schedulableCapacity = ResourceVector.ZERO;
  private ResourceVector schedulableUsed = ResourceVector.ZERO;

  NodeTable(ResourceRules rules) {
    this.rules = rules;
  }

  void add(NodeSpec spec) {
    if (byId.containsKey(spec.nodeId())) {
      throw new IllegalArgumentException("Node already added: " + spec.nodeId());
    }
    NodeState node = new NodeState(spec);
    byId.put(spec.nodeId(), node);
    byHost.computeIfAbsent(spec.host(), h -> new TreeSet<>()).add(spec.nodeId());
    byRack.computeIfAbsent(spec.rack(), r -> new TreeSet<>()).add(spec.nodeId());
    bump(memorySizes, spec.capacity().memoryMb(), 1);
    bump(vcoreSizes, spec.capacity().vcores(), 1);
    bumpOthers(spec.capacity(), 1);
    capacity = capacity.plus(spec.capacity());
    schedulableCapacity = schedulableCapacity.plus(spec.capacity());
    refreshRoom(node);
  }

  /** Removes an empty node (its allocations must have been freed first). */
  void remove(NodeState node) {
    if (node.numContainers() != 0) {
      throw new IllegalStateException("Node still holds containers: " + node.id());
    }
    NodeSpec spec = node.spec;
    byId.remove(spec.nodeId());
    unindex(byHost, spec.host(), spec.nodeId());
    unindex(byRack, spec.rack(), spec.nodeId());
    bump(memorySizes, spec.capacity().memoryMb(), -1);
    bump(vcoreSizes, spec.capacity().vcores(), -1);
    bumpOthers(spec.capacity(), -1);
    capacity = capacity.minus(spec.capacity());
    if (node.schedulable()) {
      schedulableCapacity = schedulableCapacity.minus(spec.capacity());
    }
    withRoom.remove(spec.nodeId());
  }

  NodeState get(String nodeId) {
    return byId.get(nodeId);
  }

  void setSchedulable(NodeState node, boolean schedulable) {
    if (node.schedulable() == schedulable) {
      return;
    }
    ResourceVector cap = node.capacity();
    ResourceVector use = node.used();
    if (schedulable) {
      schedulableCapacity = schedulableCapacity.plus(cap);
      schedulableUsed = schedulableUsed.plus(use);
    } else {
      schedulableCapacity = schedulableCapacity.minus(cap);
      schedulableUsed = schedulableUsed.minus(use);
    }
    node.setSchedulable(schedulable);
    refreshRoom(node);
  }

  void charge(NodeState node, long allocationId, ResourceVector r) {
    node.charge(allocationId, r);
    used = used.plus(r);
    if (node.schedulable()) {
      schedulableUsed = schedulableUsed.plus(r);
    }
    refreshRoom(node);
  }

  void credit(NodeState node, long allocationId, ResourceVector r) {
    node.credit(allocationId, r);
    used = used.minus(r);
    if (node.schedulable()) {
      schedulableUsed = schedulableUsed.minus(r);
    }
    refreshRoom(node);
  }

  /** The first node id with room, in id order, or null. */
  String firstWithRoom() {
    return withRoom.isEmpty() ? null : withRoom.first();
  }

  /** The next node id with room after {@code nodeId}, or null; safe while nodes fill up. */
  String nextWithRoom(String nodeId) {
    return withRoom.higher(nodeId);
  }

  boolean hasRoom(NodeState node) {
    return withRoom.contains(node.id());
  }

  Collection<NodeState> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  int size() {
    return byId.size();
  }

  /** Node ids on a host (several NodeManagers may share one in test clusters). */
  NavigableSet<String> nodesOnHost(String host) {
    return byHost.getOrDefault(host, Collections.emptyNavigableSet());
  }

  NavigableSet<String> nodesInRack(String rack) {
    return byRack.getOrDefault(rack, Collections.emptyNavigableSet());
  }

  /** The largest node per resource, or null while there are no nodes. */
  ResourceVector largestNode() {
    if (byId.isEmpty()) {
      return null;
    }
    if (otherSizes.isEmpty()) {
      return ResourceVector.of(memorySizes.lastKey(), vcoreSizes.lastKey());
    }
    long[] others = new long[otherSizes.size()];
    for (int i = 0; i < others.length; i++) {
      TreeMap<Long, Integer> sizes = otherSizes.get(i);
      others[i] = sizes.isEmpty() ? 0 : sizes.lastKey();
    }
    return ResourceVector.of(memorySizes.lastKey(), vcoreSizes.lastKey(), others);
  }

  /**
   * Counts node sizes of the further resource types. Only nodes that have some are counted,
   * so a missing key (or only zero-sized keys) means no node has that type.
   */
  private void bumpOthers(ResourceVector capacity, int delta) {
    for (int i = 0; i < capacity.otherCount(); i++) {
      while (otherSizes.size() <= i) {
        otherSizes.add(new TreeMap<>());
      }
      bump(otherSizes.get(i), capacity.other(i), delta);
    }
  }

  ResourceVector capacity() {
    return capacity;
  }

  ResourceVector used() {
    return used;
  }

  /** Free space on nodes that may receive new containers, clamped at zero. */
  ResourceVector schedulableFree() {
    return schedulableCapacity.minus(schedulableUsed).clampToZero();
  }

  private void refreshRoom(NodeState node) {
    if (node.schedulable() && rules.hasRoomForMinimum(node.free())) {
      withRoom.add(node.id());
    } else {
      withRoom.remove(node.id());
    }
  }

  private static void bump(TreeMap<Long, Integer> multiset, long key, int delta) {
    multiset.merge(key, delta, Integer::sum);
    if (multiset.get(key) == 0) {
      multiset.remove(key);
    }
  }

  private static void unindex(Map<String, NavigableSet<String>> index, String key, String id) {
    NavigableSet<String> ids = index.get(key);
    if (ids != null && ids.remove(id) && ids.isEmpty()) {
      index.remove(key);
    }
  }
}
