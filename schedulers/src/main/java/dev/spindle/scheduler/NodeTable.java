package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every node the scheduler knows, with host and rack indexes, running cluster totals, the
 * largest node per resource (for the effective maximum allocation), the set of nodes that
 * still have room for a minimum container (so scheduling passes skip full nodes cheaply), and
 * the same nodes indexed by free memory, so a pass visits only nodes that can hold something
 * wanted.
 *
 * <p>Usage changes go through {@link #charge} and {@link #credit} so the totals and the room
 * index stay in step with the nodes.
 */
final class NodeTable {

  /** Beyond this many distinct free-memory values, walking the room set is cheaper. */
  private static final int MERGE_LIMIT = 16;

  private final ResourceRules rules;
  /** Ordered by node id: the deterministic order of scheduling passes. */
  private final TreeMap<String, NodeState> byId = new TreeMap<>();
  /** The same nodes hashed: every heartbeat looks its node up, without string compares. */
  private final Map<String, NodeState> lookup = new HashMap<>();
  private final Map<String, NavigableSet<String>> byHost = new HashMap<>();
  private final Map<String, NavigableSet<String>> byRack = new HashMap<>();
  /** Schedulable nodes whose free space holds at least the minimum allocation. */
  private final TreeSet<String> withRoom = new TreeSet<>();
  /**
   * The nodes of {@link #withRoom} by free memory. There are few distinct values in practice
   * (free memory moves in container sizes), so the nodes that can hold a given memory are a
   * few sets at the top of this map.
   */
  private final TreeMap<Long, TreeSet<String>> roomByMemory = new TreeMap<>();
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
    lookup.put(spec.nodeId(), node);
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
    lookup.remove(spec.nodeId());
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
    indexRoom(node, -1);
  }

  NodeState get(String nodeId) {
    return lookup.get(nodeId);
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

  /**
   * The next node id after {@code nodeId} (null: from the start), in id order, among nodes
   * with room whose free memory is at least {@code minMemory}; or null. Safe while nodes fill
   * up: only the node being filled changes during a pass, and it is behind the cursor.
   */
  String nextWithRoom(String nodeId, long minMemory) {
    NavigableMap<Long, TreeSet<String>> fitting = roomByMemory.tailMap(minMemory, true);
    String best = null;
    int sets = 0;
    for (TreeSet<String> ids : fitting.values()) {
      if (++sets > MERGE_LIMIT) {
        return nextWithRoomScanning(nodeId, minMemory);
      }
      String next = nodeId == null ? ids.first() : ids.higher(nodeId);
      if (next != null && (best == null || next.compareTo(best) < 0)) {
        best = next;
      }
    }
    return best;
  }

  private String nextWithRoomScanning(String nodeId, long minMemory) {
    String next = nodeId == null ? firstWithRoom() : nextWithRoom(nodeId);
    while (next != null && lookup.get(next).indexedMemory < minMemory) {
      next = nextWithRoom(next);
    }
    return next;
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

  /** Whether any node may receive new containers. */
  boolean anySchedulable() {
    return !schedulableCapacity.isZero();
  }

  /** Free space on nodes that may receive new containers, clamped at zero. */
  ResourceVector schedulableFree() {
    return schedulableCapacity.minus(schedulableUsed).clampToZero();
  }

  private void refreshRoom(NodeState node) {
    ResourceVector free = node.free();
    if (node.schedulable() && rules.hasRoomForMinimum(free)) {
      withRoom.add(node.id());
      indexRoom(node, free.memoryMb());
    } else {
      withRoom.remove(node.id());
      indexRoom(node, -1);
    }
  }

  /** Files the node under its free memory in the room index, or nowhere for -1. */
  private void indexRoom(NodeState node, long freeMemory) {
    if (node.indexedMemory == freeMemory) {
      return;
    }
    if (node.indexedMemory >= 0) {
      unindex(roomByMemory, node.indexedMemory, node.id());
    }
    if (freeMemory >= 0) {
      roomByMemory.computeIfAbsent(freeMemory, m -> new TreeSet<>()).add(node.id());
    }
    node.indexedMemory = freeMemory;
  }

  private static void bump(TreeMap<Long, Integer> multiset, long key, int delta) {
    multiset.merge(key, delta, Integer::sum);
    if (multiset.get(key) == 0) {
      multiset.remove(key);
    }
  }

  private static <K> void unindex(Map<K, ? extends NavigableSet<String>> index, K key,
      String id) {
    NavigableSet<String> ids = index.get(key);
    if (ids != null && ids.remove(id) && ids.isEmpty()) {
      index.remove(key);
    }
  }
}
