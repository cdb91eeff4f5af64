package dev.spindle.rm.core;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live container and each attempt's container deliveries: the one writer of both.
 * A container is created from a scheduler allocation (or taken back from its NM after a
 * work-preserving restart), handed to its AM, reported running, and completed exactly once;
 * its completion is delivered to the AM once and, when its NM reported it, acknowledged to
 * the NM only after that delivery. What follows for the attempt (an AM container that ended)
 * is the caller's: this class runs no lifecycle. Loop-owned: called only on the core thread.
 */
final class Containers {

  private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

  /** Stock diagnostics (SchedulerUtils), which AMs log and some match on. */
  static final String RELEASED = "Container released by application";
  static final String LOST = "Container released on a *lost* node";
  static final String COMPLETED_APP = "Container of a completed application";
  static final String EXPIRED = "Container expired since it was unused";

  /**
   * The nodes' outboxes, drained into their next heartbeat responses: kill a container, let
   * the NM forget a completed one, clean up after a finished application. Only live nodes
   * take orders. The node owner ({@link NodeTracker}) implements it.
   */
  interface NodeOutbox {
    void cleanup(NodeId node, ContainerId container);

    void ack(NodeId node, ContainerId container);

    void appFinished(NodeId node, org.apache.hadoop.yarn.api.records.ApplicationId app);
  }

  /**
   * One attempt's containers and what its AM has still to hear about them. Its fields are
   * private to {@link Containers}: everyone else only reads.
   */
  static final class OfAttempt {
    private int nextSeq = 1;
    /** Live containers, AM container included. */
    private final Map<ContainerId, RmContainer> live = new LinkedHashMap<>();
    /** Allocated but not yet handed to the AM in an allocate response. */
    private final List<RmContainer> newlyAllocated = new ArrayList<>();
    /** Completions not yet handed to the AM. */
    private final List<CompletedContainer> completedToDeliver = new ArrayList<>();
    /** NM-reported completions to acknowledge to their node once the AM has pulled them. */
    private final Map<ContainerId, NodeId> ackAfterDelivery = new LinkedHashMap<>();
    /** Live containers inherited from an earlier attempt, for the register response. */
    private final List<RmContainer> fromPreviousAttempt = new ArrayList<>();
    /** Nodes the attempt already holds an NM token for (under the current key). */
    private final Set<NodeId> nmTokenNodes = new HashSet<>();

    Collection<RmContainer> values() {
      return Collections.unmodifiableCollection(live.values());
    }

    RmContainer get(ContainerId id) {
      return live.get(id);
    }

    boolean containsKey(ContainerId id) {
      return live.containsKey(id);
    }

    int size() {
      return live.size();
    }
  }

  /** What an allocate hands the AM: grants, completions and the nodes needing NM tokens. */
  record Delivery(List<ContainerGrant> allocated, List<CompletedContainer> completed,
      List<NodeId> nmTokenNodes) {}

  private final Scheduler scheduler;
  private final NodeOutbox outbox;
  /** Told of every container's start and end (what-if replay); set by the coordinator. */
  WorkloadRecorder recorder = WorkloadRecorder.OFF;
  /** Live (not completed) containers. */
  private final Map<ContainerId, RmContainer> live = new HashMap<>();
  /** Live containers by the scheduler's allocation id. */
  private final Map<Long, RmContainer> byAllocation = new HashMap<>();
  /**
   * Live non-AM containers their NM has not reported running yet, oldest first: the only ones
   * the allocation-expiry check looks at, so it costs nothing per running container.
   */
  private final LinkedHashMap<ContainerId, RmContainer> notStarted = new LinkedHashMap<>();
  /**
   * Containers an AM released before their NM re-registered after a work-preserving restart;
   * they are killed instead of recovered when their NM reports them.
   */
  private final Set<ContainerId> releasedBeforeRecovery = new HashSet<>();

  Containers(Scheduler scheduler, NodeOutbox outbox) {
    this.scheduler = scheduler;
    this.outbox = outbox;
  }

  // --- reads ----------------------------------------------------------------------------

  RmContainer get(ContainerId id) {
    return live.get(id);
  }

  RmContainer byAllocation(long allocationId) {
    return byAllocation.get(allocationId);
  }

  /** Every live container (a view). */
  Collection<RmContainer> all() {
    return Collections.unmodifiableCollection(live.values());
  }

  /** The live containers on {@code node}. */
  List<RmContainer> onNode(NodeId node) {
    List<RmContainer> out = new ArrayList<>();
    for (RmContainer c : live.values()) {
      if (c.nodeId.equals(node)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The not-started containers created before {@code deadline}, oldest first. Only the oldest
   * are looked at (they are kept in creation order).
   */
  List<RmContainer> unusedSince(long deadline) {
    List<RmContainer> out = new ArrayList<>();
    for (RmContainer c : notStarted.values()) {
      if (c.creationTime >= deadline) {
        break;
      }
      out.add(c);
    }
    return out;
  }

  // --- lifecycle ------------------------------------------------------------------------

  /**
   * A container for a scheduler allocation. The AM container goes to the launcher at once
   * (acquired); any other waits for its AM to pull it.
   *
   * @param epoch ids carry the RM epoch above bit 40 (stock layout) so they never repeat
   *              across restarts
   */
  RmContainer create(RmAttempt attempt, long epoch, RmNode node, Allocation a, boolean isAm,
      long now) {
    OfAttempt of = attempt.containers;
    ContainerId id = ContainerId.newContainerId(attempt.id,
        epoch << RmState.EPOCH_SHIFT | of.nextSeq++);
    RmContainer c = new RmContainer(id, node.id, node.httpAddress(), a.resource(),
        a.priority(), a.allocationRequestId(), a.allocationId(), attempt, isAm, now);
    add(c);
    recorder.containerStarted(now, a, isAm);
    if (isAm) {
      c.advance(RmContainer.State.ACQUIRED);
    } else {
      notStarted.put(id, c);
      of.newlyAllocated.add(c);
    }
    return c;
  }

  /**
   * A container launched out of an accepted offer: handed to the framework in the accept
   * answer itself (acquired now, never pulled), so it only waits to be started. Its node is
   * added to {@code tokenNodes} when the attempt holds no NM token for it yet.
   */
  RmContainer createAccepted(RmAttempt attempt, long epoch, RmNode node, Allocation a,
      String tag, long now, List<NodeId> tokenNodes) {
    OfAttempt of = attempt.containers;
    ContainerId id = ContainerId.newContainerId(attempt.id,
        epoch << RmState.EPOCH_SHIFT | of.nextSeq++);
    RmContainer c = new RmContainer(id, node.id, node.httpAddress(), a.resource(),
        a.priority(), a.allocationRequestId(), a.allocationId(), attempt, false, now);
    c.tag = tag == null ? "" : tag;
    add(c);
    c.advance(RmContainer.State.ACQUIRED);
    notStarted.put(id, c);
    if (of.nmTokenNodes.add(node.id)) {
      tokenNodes.add(node.id);
    }
    return c;
  }

  /**
   * Nodes of {@code containers} the attempt holds no NM token for yet (a framework that
   * registers again after an RM restart needs them all).
   */
  List<NodeId> tokenNodesFor(RmAttempt attempt, Collection<RmContainer> containers) {
    List<NodeId> out = new ArrayList<>();
    for (RmContainer c : containers) {
      if (attempt.containers.nmTokenNodes.add(c.nodeId)) {
        out.add(c.nodeId);
      }
    }
    return out;
  }

  private void add(RmContainer c) {
    live.put(c.id, c);
    byAllocation.put(c.allocationId, c);
    c.attempt.containers.live.put(c.id, c);
    c.attempt.app.nodesUsed.add(c.nodeId);
  }

  /** Its NM reports the container running: it can no longer expire unused. */
  void running(RmContainer c) {
    if (c.advance(RmContainer.State.RUNNING)) {
      notStarted.remove(c.id);
    }
  }

  /**
   * Completes a live container once: frees it in the scheduler, charges its attempt, queues
   * its outcome for the AM (not for the AM container, nor when the attempt is over), tells its
   * NM to kill it when the RM decided the end, and acknowledges an NM-reported end once the
   * AM has heard of it. Returns false when it had completed already.
   *
   * @param reportedByNm the NM reported the completion (it then waits for an ack)
   */
  boolean complete(RmContainer c, int exitStatus, String diagnostics, boolean reportedByNm,
      long now) {
    if (c.state == RmContainer.State.COMPLETED) {
      return false;
    }
    c.state = RmContainer.State.COMPLETED;
    c.exitStatus = exitStatus;
    c.diagnostics = diagnostics == null ? "" : diagnostics;
    c.finishTime = now;
    RmAttempt attempt = c.attempt;
    attempt.usage = attempt.usage.charged(c.resource, c.finishTime - c.accountedFrom);
    if (exitStatus == ContainerExitStatus.PREEMPTED) {
      attempt.usage = attempt.usage.preempted(c.resource, c.finishTime - c.creationTime,
          c.isAm);
    }
    c.accountedFrom = c.finishTime;
    live.remove(c.id);
    byAllocation.remove(c.allocationId);
    notStarted.remove(c.id);
    scheduler.release(c.allocationId);
    recorder.containerEnded(now, c.allocationId, exitStatus);
    attempt.containers.live.remove(c.id);
    if (!reportedByNm) {
      outbox.cleanup(c.nodeId, c.id);
    }
    boolean attemptLive = !attempt.facts.state().isFinal();
    if (attemptLive && !c.isAm) {
      attempt.containers.completedToDeliver.add(c.completed());
      if (reportedByNm) {
        attempt.containers.ackAfterDelivery.put(c.id, c.nodeId);
      }
    } else if (reportedByNm) {
      outbox.ack(c.nodeId, c.id);
    }
    return true;
  }

  /** Usage of the attempt's running containers up to {@code now} is charged already. */
  void accountedUpTo(RmAttempt attempt, long now) {
    for (RmContainer c : attempt.containers.live.values()) {
      c.accountedFrom = now;
    }
  }

  // --- delivery to the AM ---------------------------------------------------------------

  /**
   * Hands the AM what it has not heard of yet: newly allocated containers (now acquired),
   * completions (their NMs may now forget them), and the nodes it needs an NM token for.
   */
  Delivery deliver(RmAttempt attempt) {
    OfAttempt of = attempt.containers;
    List<ContainerGrant> allocated = new ArrayList<>(of.newlyAllocated.size());
    List<NodeId> tokenNodes = new ArrayList<>();
    for (RmContainer c : of.newlyAllocated) {
      if (c.state == RmContainer.State.COMPLETED) {
        continue;
      }
      c.advance(RmContainer.State.ACQUIRED);
      allocated.add(c.grant());
      if (of.nmTokenNodes.add(c.nodeId)) {
        tokenNodes.add(c.nodeId);
      }
    }
    of.newlyAllocated.clear();
    List<CompletedContainer> completed = List.copyOf(of.completedToDeliver);
    of.completedToDeliver.clear();
    for (CompletedContainer s : completed) {
      NodeId node = of.ackAfterDelivery.remove(s.id());
      if (node != null) {
        outbox.ack(node, s.id());
      }
    }
    return new Delivery(allocated, completed, tokenNodes);
  }

  /**
   * The live containers kept from earlier attempts, for a registering AM, and (into
   * {@code nmTokenNodes}) their nodes it holds no NM token for yet.
   */
  List<ContainerGrant> kept(RmAttempt attempt, List<NodeId> nmTokenNodes) {
    OfAttempt of = attempt.containers;
    List<ContainerGrant> out = new ArrayList<>();
    for (RmContainer c : of.fromPreviousAttempt) {
      if (c.state != RmContainer.State.COMPLETED) {
        out.add(c.grant());
        if (of.nmTokenNodes.add(c.nodeId)) {
          nmTokenNodes.add(c.nodeId);
        }
      }
    }
    return out;
  }

  /** Allocations the ended attempt's AM never pulled are not handed out any more. */
  void forgetUndelivered(RmAttempt attempt) {
    attempt.containers.newlyAllocated.clear();
  }

  /** Nobody will pull these completions any more: let their NMs forget the containers. */
  void dropUndelivered(RmAttempt attempt) {
    OfAttempt of = attempt.containers;
    of.completedToDeliver.clear();
    for (var e : of.ackAfterDelivery.entrySet()) {
      outbox.ack(e.getValue(), e.getKey());
    }
    of.ackAfterDelivery.clear();
  }

  /**
   * Hands the live containers (and undelivered completions) of a failed attempt to the next
   * (work-preserving AM restart).
   */
  void transfer(RmAttempt from, RmAttempt to) {
    OfAttempt src = from.containers;
    OfAttempt dst = to.containers;
    for (RmContainer c : new ArrayList<>(src.live.values())) {
      src.live.remove(c.id);
      c.attempt = to;
      dst.live.put(c.id, c);
      dst.fromPreviousAttempt.add(c);
    }
    dst.completedToDeliver.addAll(src.completedToDeliver);
    dst.ackAfterDelivery.putAll(src.ackAfterDelivery);
    src.completedToDeliver.clear();
    src.ackAfterDelivery.clear();
    LOG.info("{} keeps {} containers of {}", to.id, dst.fromPreviousAttempt.size(), from.id);
  }

  // --- work-preserving restart ----------------------------------------------------------

  /**
   * A running container its NM handed back after a work-preserving restart, already
   * re-admitted by the scheduler as {@code allocationId}. One of an earlier attempt is told
   * to the re-registering AM again (stock getTransferredContainers).
   */
  RmContainer recovered(RmAttempt attempt, RmNode node, ContainerId id, ResourceVector resource,
      int priority, long allocationRequestId, long allocationId, boolean isAm,
      long creationTime) {
    RmContainer c = new RmContainer(id, node.id, node.httpAddress(), resource, priority,
        allocationRequestId, allocationId, attempt, isAm, creationTime);
    c.advance(RmContainer.State.RUNNING);
    add(c);
    if (!attempt.id.equals(id.getApplicationAttemptId())) {
      attempt.containers.fromPreviousAttempt.add(c);
    }
    return c;
  }

  /**
   * A container that completed while the RM was away: its AM still has to hear of it, and
   * its NM waits for the ack until then.
   */
  void completedWhileAway(RmAttempt attempt, NodeId node, ContainerId id, int exitStatus,
      String diagnostics) {
    attempt.containers.completedToDeliver.add(
        new CompletedContainer(id, exitStatus, diagnostics == null ? "" : diagnostics));
    attempt.containers.ackAfterDelivery.put(id, node);
  }

  /** The AM released a container its NM has not handed back yet: kill it when it does. */
  void releaseBeforeRecovery(ContainerId id) {
    releasedBeforeRecovery.add(id);
  }

  /** Whether the AM released this container before its NM handed it back (and forgets it). */
  boolean takeReleasedBeforeRecovery(ContainerId id) {
    return releasedBeforeRecovery.remove(id);
  }

  /** The NMs had their chance to hand containers back: nothing left to release. */
  void forgetReleasedBeforeRecovery() {
    releasedBeforeRecovery.clear();
  }
}
