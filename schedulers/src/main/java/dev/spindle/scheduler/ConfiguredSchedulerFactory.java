package dev.spindle.scheduler;

/**
 * Builds a fresh scheduler of one policy from the cluster-wide settings, the policy's own
 * configuration files and the user-to-groups mapping. Plain {@link SchedulerFactory}
 * policies are adapted to this shape by the registry.
 */
@FunctionalInterface
public interface ConfiguredSchedulerFactory {

  /**
   * @throws InvalidSchedulerConfigException when the configuration is refused; a scheduler
   *     cannot start without a valid one
   */
  Scheduler create(SchedulerSettings settings, SchedulerConfigSource source, UserGroups groups);
}
