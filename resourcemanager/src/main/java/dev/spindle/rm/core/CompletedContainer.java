package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * A completed container's outcome, as its AM hears of it (state COMPLETE).
 *
 * @param tag offer mode: the tag its framework gave the launch ("" otherwise)
 */
public record CompletedContainer(ContainerId id, int exitStatus, String diagnostics,
    String tag) {

  public CompletedContainer(ContainerId id, int exitStatus, String diagnostics) {
    this(id, exitStatus, diagnostics, "");
  }
}
