package dev.spindle.scheduler;

import java.util.List;

/**
 * The outcome of one preemption round, as allocation ids.
 *
 * @param warn      newly chosen containers: tell their AMs (PreemptionMessage), kill later
 * @param kill      containers chosen for at least the grace period: kill them now
 * @param withdrawn containers chosen earlier that are no longer needed: forget the warning
 */
public record PreemptionDecision(List<Long> warn, List<Long> kill, List<Long> withdrawn) {

  public static final PreemptionDecision NONE =
      new PreemptionDecision(List.of(), List.of(), List.of());

  public boolean isEmpty() {
    return warn.isEmpty() && kill.isEmpty() && withdrawn.isEmpty();
  }
}
