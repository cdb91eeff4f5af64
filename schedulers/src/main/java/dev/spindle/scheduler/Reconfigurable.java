package dev.spindle.scheduler;

import java.util.Optional;

/**
 * A policy whose configuration can be replaced while it runs (the admin's
 * {@code refreshQueues}, or the RM noticing an edited allocation file). The new configuration
 * is read and validated in full first; only a valid one is swapped in, so a refused one
 * leaves the running configuration serving.
 */
public interface Reconfigurable {

  /** Validates and, when valid, applies the configuration in {@code source}. */
  Optional<ConfigRejection> reconfigure(SchedulerConfigSource source);

  /**
   * Validates the configuration in {@code source} exactly as {@link #reconfigure} would,
   * against the running applications, without applying it (a dry run).
   */
  Optional<ConfigRejection> check(SchedulerConfigSource source);
}
