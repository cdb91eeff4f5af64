package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's mutable record of one application: its asks, blacklist, usage and live
 * allocations, plus the per-priority count of missed scheduling opportunities that delay
 * scheduling (Capacity, Fair) reads; FIFO only keeps it up to date.
 */
final class AppState {

  /** Replaced only by {@link ClusterState#rehome}, with the application out of every set. */
  AppSpec spec;
  String queuePath;
  final AskTable asks = new AskTable();
  private final Set<String> blacklist = new HashSet<>();
  private final Set<Long> allocationIds = new LinkedHashSet<>();
  private final Map<Integer, Integer> missedOpportunities = new HashMap<>();
  private ResourceVector used = ResourceVector.ZERO;
  private WaitReason lastMiss;
  /** The {@link ClusterState#tick} and time of the last miss (see {@link AskGroup#waited}). */
  private long lastMissTick = -1;
  private long lastMissSince = -1;
  /** The live allocation holding this application's AM, or -1 (policies with AM limits). */
  private long amAllocationId = -1;
  /**
   * Sort keys a policy computes when it files the application in an ordered set, so the
   * comparator is cheap and stays consistent while the application sits in the set (the core
   * takes it out before its usage changes).
   */
  double orderKey;
  double orderKey2;
  /** Its offer-mode state once it registered as a framework, else null. */
  Framework framework;

  AppState(AppSpec spec, String queuePath) {
    this.spec = spec;
    this.queuePath = queuePath;
  }

  void respec(AppSpec next, String path) {
    if (next.appKey() != spec.appKey()) {
      throw new IllegalArgumentException("an application keeps its key");
    }
    spec = next;
    queuePath = path;
  }

  long key() {
    return spec.appKey();
  }

  /**
   * What it wants beyond what it holds, as preemption weighs demand: its pending asks, and for
   * a framework waiting for offers (taking them, holding none, refusing no node) the whole
   * {@code cluster}, since it takes whatever it is offered. Queue limits and guarantees then
   * bound what preemption gives it, so a waiting framework below its queue's guarantee gets
   * resources back from queues above theirs (Mesos' guaranteed allocation) and never more
   * than its queue may hold.
   */
  ResourceVector wanted(ResourceVector cluster) {
    ResourceVector pending = asks.pending();
    return framework != null && framework.waiting() ? pending.plus(cluster) : pending;
  }

  /** Whether a pass should offer it nodes: pending asks, or a framework taking offers. */
  boolean wants() {
    return asks.hasPending() || framework != null && framework.wantsOffers();
  }

  /**
   * Whether the next container this application gets will be its AM: the first one, unless
   * the AM runs outside the cluster (unmanaged) and so never takes a container.
   */
  boolean nextIsAm() {
    return !spec.unmanagedAm() && numContainers() == 0;
  }

  ResourceVector used() {
    return used;
  }

  int numContainers() {
    return allocationIds.size();
  }

  List<Long> allocationIds() {
    return new ArrayList<>(allocationIds);
  }

  void charge(long allocationId, ResourceVector r) {
    allocationIds.add(allocationId);
    used = used.plus(r);
  }

  void credit(long allocationId, ResourceVector r) {
    allocationIds.remove(allocationId);
    used = used.minus(r);
  }

  void updateBlacklist(Iterable<String> additions, Iterable<String> removals) {
    additions.forEach(blacklist::add);
    removals.forEach(blacklist::remove);
  }

  /** The blacklisted hosts and racks, sorted, for explanations. */
  List<String> blacklist() {
    return blacklist.stream().sorted().toList();
  }

  /** True when the node's host or rack is blacklisted for this application. */
  boolean blacklists(NodeSpec node) {
    return !blacklist.isEmpty()
        && (blacklist.contains(node.host()) || blacklist.contains(node.rack()));
  }

  int missedOpportunities(int priority) {
    return missedOpportunities.getOrDefault(priority, 0);
  }

  void missedOpportunity(int priority) {
    missedOpportunities.merge(priority, 1, Integer::sum);
  }

  void resetMissedOpportunities(int priority) {
    missedOpportunities.remove(priority);
  }

  long amAllocationId() {
    return amAllocationId;
  }

  void setAmAllocationId(long allocationId) {
    this.amAllocationId = allocationId;
  }

  /** Why the last scheduling attempt for this application placed nothing, or null. */
  WaitReason lastMiss() {
    return lastMiss;
  }

  void setLastMiss(WaitReason miss) {
    this.lastMiss = miss;
  }

  /** Records an application-wide miss; the time is kept while the reason stays the same. */
  void missed(WaitReason miss, long tick, long now) {
    if (miss != lastMiss) {
      lastMissSince = now;
    }
    lastMiss = miss;
    lastMissTick = tick;
  }

  long lastMissTick() {
    return lastMiss == null ? -1 : lastMissTick;
  }

  long lastMissSince() {
    return lastMissSince;
  }
}
