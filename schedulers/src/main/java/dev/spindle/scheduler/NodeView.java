package dev.spindle.scheduler;

/** Read-only usage of one node, for node reports and metrics. */
public record NodeView(
    String nodeId, String host, String rack, ResourceVector capacity, ResourceVector used,
    int numContainers, boolean schedulable) {}
