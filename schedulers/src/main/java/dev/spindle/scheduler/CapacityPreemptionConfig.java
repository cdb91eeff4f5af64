package dev.spindle.scheduler;

/**
 * The knobs of Capacity's cross-queue preemption (stock
 * {@code ProportionalCapacityPreemptionPolicy}, keys
 * {@code yarn.resourcemanager.monitor.capacity.preemption.*} in {@code yarn-site.xml}).
 *
 * @param enabled                  the policy is among the RM's scheduler monitors
 * @param maxWaitBeforeKillMs      grace between the warning and the kill
 * @param totalPreemptionPerRound  fraction of the cluster taken back in one round at most
 * @param maxIgnoredOverCapacity   a queue this far (fraction) above its guarantee is left alone
 * @param naturalTerminationFactor fraction of the wanted reclaim taken per round, the rest
 *                                 being expected to end on its own
 */
record CapacityPreemptionConfig(
    boolean enabled,
    long maxWaitBeforeKillMs,
    float totalPreemptionPerRound,
    float maxIgnoredOverCapacity,
    float naturalTerminationFactor) {

  static CapacityPreemptionConfig defaults() {
    return new CapacityPreemptionConfig(false, 15000, 0.1f, 0.1f, 0.2f);
  }
}
