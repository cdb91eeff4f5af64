package dev.spindle.scheduler;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A scheduling policy: a deterministic state machine fed with cluster events that returns
 * allocation decisions. Implementations do no I/O, start no threads and never read a clock;
 * the same sequence of calls always yields the same decisions. Not thread-safe: the RM calls
 * it from the one thread that owns RM state.
 *
 * <p>Lifecycle of a container: an ask arrives through {@link #updateAsks}; a scheduling call
 * ({@link #allocateOn} or {@link #allocateAll}) returns an {@link Allocation} and charges the
 * node, queue and application; {@link #release} frees it when the container ends for any
 * reason.
 */
public interface Scheduler {

  /** The policy's registered name ({@code fifo}, {@code capacity}, {@code fair}...). */
  String name();

  // --- nodes ----------------------------------------------------------------------------

  void addNode(NodeSpec node);

  /** Removes a node and frees every allocation on it; returns the ids of those allocations. */
  List<Long> removeNode(String nodeId);

  /** Unhealthy or decommissioning nodes keep their containers but get no new ones. */
  void setNodeSchedulable(String nodeId, boolean schedulable);

  // --- applications ---------------------------------------------------------------------

  /** Checks an application against queue existence, state and limits without adding it. */
  Optional<Rejection> checkSubmission(AppSpec app);

  /**
   * Moves a live application to another queue with its asks and containers (stock
   * moveApplicationAcrossQueues); a rejection says why it stays where it is.
   */
  Optional<Rejection> moveApplication(long appKey, String targetQueue);

  /** Changes an application's priority; policies that order by priority honour it at once. */
  void updatePriority(long appKey, int priority);

  /** Adds an application; rejected applications are not added. */
  Optional<Rejection> addApplication(AppSpec app);

  /**
   * Removes an application with its asks and frees all its allocations; returns the ids of
   * the allocations that were still live.
   */
  List<Long> removeApplication(long appKey);

  /**
   * Replaces the asks of an application at their keys (see {@link Ask}); asks with zero
   * containers cancel. The RM validates asks (negative, above the maximum) before calling;
   * capabilities are normalised again here, which is idempotent. Calls for an application
   * the scheduler no longer knows are ignored, as are the two methods below.
   */
  void updateAsks(long appKey, Collection<Ask> asks);

  /** Drops every outstanding ask of an application (e.g. when its attempt ends). */
  void clearAsks(long appKey);

  /**
   * Adds and removes blacklisted resource names (hosts or racks) for an application; additions
   * are applied before removals. The RM rejects {@code *} before calling.
   */
  void updateBlacklist(long appKey, Collection<String> additions, Collection<String> removals);

  /** Frees a live allocation; returns false when it was not live (already freed or unknown). */
  boolean release(long allocationId);

  /**
   * Takes back a container that was already running when the RM restarted (a NodeManager
   * reported it at re-registration): charges node, queue and application without any limit
   * or free-space check, since the container exists whatever the policy would decide now.
   * Outstanding asks are not counted down: the AM re-sends what it still wants.
   *
   * @param isAm marks the allocation as the application's AM container where the policy
   *             treats AMs specially
   * @return the recovered allocation under a fresh id, or empty when the application or the
   *         node is unknown to the scheduler (the RM then kills the container)
   */
  Optional<Allocation> recoverAllocation(long appKey, String nodeId, ResourceVector size,
      int priority, long allocationRequestId, boolean isAm);

  // --- scheduling -----------------------------------------------------------------------

  /** Places what fits on one node (called on that node's heartbeat). */
  List<Allocation> allocateOn(String nodeId);

  /**
   * One pass over the nodes in a deterministic order (node id), placing what fits where it
   * fits; nodes that cannot hold anything wanted are not visited.
   */
  List<Allocation> allocateAll();

  /**
   * How many times scheduling calls have offered a node to the applications so far: a cost
   * counter for tests and metrics (a pass that walks the cluster shows here), never an input
   * to decisions.
   */
  long nodeVisits();

  // --- limits and normalisation ---------------------------------------------------------

  /**
   * Normalises an ask's capability: raised to the minimum, rounded up to the increment, and
   * with the memory-only calculator carrying 1 vcore. Does not cap at the maximum.
   */
  ResourceVector normalize(ResourceVector ask);

  /**
   * The largest container a request to this queue may ask for: the configured maximum capped
   * per resource by the largest node in the cluster (the configured maximum while no node
   * has joined). An unknown queue answers the cluster-wide value.
   */
  ResourceVector maximumAllocation(String queue);

  /** What this application could still be given now (queue/user limits and free space). */
  ResourceVector headroom(long appKey);

  // --- views ----------------------------------------------------------------------------

  Optional<NodeView> node(String nodeId);

  Optional<AppView> application(long appKey);

  /**
   * Why each outstanding ask of the application waits, in serving order (see
   * {@link AskExplanation}); empty for an unknown application or one that waits for nothing.
   * Cheap enough for reports, never called on the allocation path.
   */
  default java.util.List<AskExplanation> explain(long appKey) {
    return java.util.List.of();
  }

  /**
   * The caller's clock (ms) before a scheduling call: only stamps when an ask started to
   * wait for its current reason, never an input to decisions (the scheduler stays
   * deterministic in its decisions whatever time it is told).
   */
  default void observeTime(long nowMs) {}

  /** A queue by short name or full path; empty when no such queue exists. */
  Optional<QueueView> queue(String nameOrPath);

  /** The root queue path; the whole tree is reachable from it through {@link QueueView#children}. */
  String rootQueue();

  /** Total capacity of schedulable and unschedulable nodes alike. */
  ResourceVector clusterCapacity();

  ResourceVector clusterUsed();
}
