package dev.spindle.scheduler;

/**
 * Fair scheduler preemption switches from {@code yarn-site.xml}.
 *
 * @param enabled             {@code yarn.scheduler.fair.preemption}
 * @param utilizationThreshold preempt only when the cluster is used above this fraction
 * @param waitBeforeKillMs    {@code yarn.scheduler.fair.waitTimeBeforeKill}
 */
record FairPreemptionConfig(boolean enabled, double utilizationThreshold, long waitBeforeKillMs) {}
