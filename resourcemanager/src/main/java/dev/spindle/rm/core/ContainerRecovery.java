package dev.spindle.rm.core;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work-preserving restart, the NodeManager half: what an NM reports at re-registration about
 * containers this RM does not know yet. A running container of a live, kept attempt is taken
 * back (scheduler and container table, as the attempt's own; the AM container re-links to
 * its attempt); a completed one goes to its AM; anything else is left to the ordinary status
 * handling, which kills it and cleans up its application. Loop-owned.
 */
final class ContainerRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRecovery.class);

  private final Coordinator co;
  private final RmState state;

  ContainerRecovery(Coordinator co) {
    this.co = co;
    this.state = co.state;
  }

  /**
   * Recovers what it can and returns the statuses left for ordinary handling (known
   * containers, and unknown ones to kill or acknowledge).
   */
  List<NodeHeartbeat.ContainerUpdate> recover(RmNode node,
      List<NodeRegistration.ReportedContainer> statuses) {
    List<NodeHeartbeat.ContainerUpdate> rest = new ArrayList<>();
    for (NodeRegistration.ReportedContainer s : statuses) {
      if (co.containers.get(s.id()) != null || !recoverOne(node, s)) {
        rest.add(new NodeHeartbeat.ContainerUpdate(s.id(), s.state(), s.exitStatus(),
            s.diagnostics()));
      }
    }
    return rest;
  }

  /** True when the status was taken care of here. */
  private boolean recoverOne(RmNode node, NodeRegistration.ReportedContainer s) {
    RmAttempt attempt = owner(s.id());
    if (attempt == null) {
      return false;
    }
    ContainerId id = s.id();
    if (s.state() == ContainerState.COMPLETE) {
      // Finished while the RM was down: its AM still has to hear about it.
      co.containers.completedWhileAway(attempt, node.id, id, s.exitStatus(), s.diagnostics());
      LOG.info("{} of {} completed while the RM was away; its AM will hear of it", id,
          attempt.id);
      return true;
    }
    boolean isAm = id.equals(attempt.facts.amContainerId());
    ResourceVector resource = s.capability();
    int priority = s.priority();
    Optional<Allocation> allocation = co.scheduler.recoverAllocation(attempt.app.appKey,
        node.schedulerId, resource, priority, s.allocationRequestId(), isAm);
    if (allocation.isEmpty()) {
      return false;
    }
    RmContainer c = co.containers.recovered(attempt, node, id, resource,
        priority, s.allocationRequestId(), allocation.get().allocationId(), isAm,
        s.creationTime() > 0 ? s.creationTime() : co.now());
    if (co.containers.takeReleasedBeforeRecovery(id)) {
      // The AM let it go while its NM was away: finish it as the release asked.
      co.completeContainer(c, ContainerExitStatus.ABORTED, Containers.RELEASED, false);
    } else {
      LOG.info("Recovered {} of {} on {}", id, attempt.id, node.id);
    }
    return true;
  }

  /**
   * The live attempt a container is taken back for: the application's current attempt when
   * the container is its own, or was kept from an earlier attempt (keep-containers).
   */
  private RmAttempt owner(ContainerId id) {
    if (!co.workPreserving()) {
      return null;
    }
    ApplicationId appId = id.getApplicationAttemptId().getApplicationId();
    RmApp app = state.apps.get(appId);
    if (app == null || app.facts.state().isFinal()) {
      return null;
    }
    RmAttempt current = app.currentAttempt();
    if (current == null || current.facts.state().isFinal()) {
      return null;
    }
    boolean own = current.id.equals(id.getApplicationAttemptId());
    boolean kept = app.submission.context().getKeepContainersAcrossApplicationAttempts();
    return own || kept ? current : null;
  }
}
