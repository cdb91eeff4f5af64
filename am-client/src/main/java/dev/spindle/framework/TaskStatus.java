package dev.spindle.framework;

import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * What became of a task's container.
 *
 * @param containerId the container
 * @param tag the tag given in its {@link Launch} ("" if unknown, e.g. after a failover)
 * @param state where the container is
 * @param exitStatus the exit status once {@link State#COMPLETE} (YARN's ContainerExitStatus
 *     codes: {@code PREEMPTED} when revoked, {@code KILLED_BY_APPMASTER} after a kill ...)
 * @param diagnostics why, in words
 * @param revoked true if the RM revoked it (the framework was above its guarantee)
 */
public record TaskStatus(ContainerId containerId, String tag, State state, int exitStatus,
    String diagnostics, boolean revoked) {

  /** The states a framework sees. */
  public enum State {
    /** The NodeManager started the container. */
    RUNNING,
    /** The container ended (its exit status says how). */
    COMPLETE,
    /** The driver could not start the container on its NodeManager; the RM is told to free it. */
    LAUNCH_FAILED
  }
}
