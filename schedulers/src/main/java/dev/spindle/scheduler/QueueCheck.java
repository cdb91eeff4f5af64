package dev.spindle.scheduler;

import java.util.List;

/**
 * Tries a candidate queue configuration without touching a running scheduler: builds the
 * policy from the candidate files with the same parser and validator the RM uses, on a
 * cluster of the given size, and describes its effective queues. What {@code bin/spindle
 * queues check} and the RM's check endpoint run.
 */
public final class QueueCheck {

  private QueueCheck() {}

  /**
   * A candidate's verdict.
   *
   * @param rejection why the candidate is refused, or null when it is valid
   * @param queues    its effective queues (empty when refused, or for a policy without
   *                  queues)
   * @param placement its placement rules
   */
  public record Outcome(ConfigRejection rejection, List<EffectiveQueues.QueueSettings> queues,
      List<String> placement) {

    public boolean valid() {
      return rejection == null;
    }
  }

  /**
   * Builds policy {@code policy} from {@code candidate} on a cluster of {@code cluster}
   * resources (one node of that size: absolute values are computed from the total).
   */
  public static Outcome candidate(String policy, SchedulerSettings settings,
      SchedulerConfigSource candidate, UserGroups groups, ResourceVector cluster) {
    Scheduler s;
    try {
      s = SchedulerRegistry.withBuiltins().create(policy, settings, candidate, groups);
    } catch (InvalidSchedulerConfigException e) {
      return new Outcome(e.rejection(), List.of(), List.of());
    }
    if (!cluster.isZero()) {
      s.addNode(new NodeSpec("cluster:0", "cluster", "/default-rack", cluster));
    }
    return describe(s);
  }

  /** The effective queues of a scheduler as it runs. */
  public static Outcome describe(Scheduler s) {
    if (!(s instanceof EffectiveQueues e)) {
      return new Outcome(null, List.of(), List.of());
    }
    return new Outcome(null, e.effectiveQueues(), e.placementRules());
  }
}
