package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ContainerId;

/** A completed container's outcome, as its AM hears of it (state COMPLETE). */
public record CompletedContainer(ContainerId id, int exitStatus, String diagnostics) {}
