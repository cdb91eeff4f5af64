package dev.spindle.rm.core;

import dev.spindle.scheduler.PreemptionDecision;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;

/**
 * Carries out a scheduler's preemption round on RM state: warned containers are listed to
 * their AM in every allocate result (a strict contract, as the stock RM sends), killed ones
 * complete with exit status PREEMPTED, which never counts as an AM failure.
 */
final class PreemptionOps {

  static final String DIAGNOSTICS = "Container preempted by scheduler";

  private PreemptionOps() {}

  static void apply(Coordinator co, RmState state, PreemptionDecision decision, long graceMs) {
    // Offers chosen are rescinded at once; framework tasks are warned through their poll.
    List<Long> warn = co.frameworks.reclaim(decision.warn(), true, graceMs);
    List<Long> kill = co.frameworks.reclaim(decision.kill(), false, graceMs);
    for (long id : decision.withdrawn()) {
      RmContainer c = co.containers.byAllocation(id);
      if (c != null) {
        c.attempt.toPreempt.remove(c.id());
      }
    }
    for (long id : warn) {
      RmContainer c = co.containers.byAllocation(id);
      if (c != null) {
        c.attempt.toPreempt.add(c.id());
      }
    }
    for (long id : kill) {
      RmContainer c = co.containers.byAllocation(id);
      if (c != null) {
        c.attempt.toPreempt.remove(c.id());
        co.completeContainer(c, ContainerExitStatus.PREEMPTED, DIAGNOSTICS, false);
      }
    }
  }

  /** The attempt's outstanding preemption warnings, or null when there are none. */
  static PreemptionWarning warning(RmAttempt a) {
    a.toPreempt.removeIf(id -> !a.containers.containsKey(id));
    return a.toPreempt.isEmpty() ? null : new PreemptionWarning(new ArrayList<>(a.toPreempt));
  }
}
