package dev.spindle.scheduler;

/** Builds a fresh scheduler instance of one policy. */
@FunctionalInterface
public interface SchedulerFactory {
  Scheduler create(SchedulerSettings settings);
}
