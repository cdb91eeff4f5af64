package dev.spindle.rm.core;

import dev.spindle.scheduler.PreemptionDecision;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.PreemptionContainer;
import org.apache.hadoop.yarn.api.records.PreemptionMessage;
import org.apache.hadoop.yarn.api.records.StrictPreemptionContract;

/**
 * Carries out a scheduler's preemption round on RM state: warned containers are listed to
 * their AM in every AllocateResponse (a strict contract, as the stock RM sends), killed ones
 * complete with exit status PREEMPTED, which never counts as an AM failure.
 */
final class PreemptionOps {

  static final String DIAGNOSTICS = "Container preempted by scheduler";

  private PreemptionOps() {}

  static void apply(Coordinator co, RmState state, PreemptionDecision decision) {
    for (long id : decision.withdrawn()) {
      RmContainer c = state.byAllocation.get(id);
      if (c != null) {
        c.attempt.toPreempt.remove(c.id());
      }
    }
    for (long id : decision.warn()) {
      RmContainer c = state.byAllocation.get(id);
      if (c != null) {
        c.attempt.toPreempt.add(c.id());
      }
    }
    for (long id : decision.kill()) {
      RmContainer c = state.byAllocation.get(id);
      if (c != null) {
        c.attempt.toPreempt.remove(c.id());
        co.completeContainer(c, ContainerExitStatus.PREEMPTED, DIAGNOSTICS, false);
      }
    }
  }

  /** The attempt's outstanding preemption warnings, or null when there are none. */
  static PreemptionMessage message(RmAttempt a) {
    a.toPreempt.removeIf(id -> !a.containers.containsKey(id));
    if (a.toPreempt.isEmpty()) {
      return null;
    }
    Set<PreemptionContainer> containers = new HashSet<>();
    for (ContainerId id : a.toPreempt) {
      containers.add(PreemptionContainer.newInstance(id));
    }
    PreemptionMessage m = PreemptionMessage.newInstance(
        StrictPreemptionContract.newInstance(containers), null);
    return m;
  }
}
