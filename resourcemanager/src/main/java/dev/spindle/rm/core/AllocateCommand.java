package dev.spindle.rm.core;

import dev.spindle.scheduler.Ask;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * One AM heartbeat, already authenticated, validated and translated by the AM-RM adapter.
 *
 * <p>Container update requests are not supported yet; the adapter answers each with an update
 * error itself, so they never reach the core.
 *
 * @param asks        validated asks (capabilities not yet normalised)
 * @param trackingUrl a new tracking URL, or null to keep the current one
 */
public record AllocateCommand(
    int responseId,
    float progress,
    String trackingUrl,
    List<Ask> asks,
    List<ContainerId> releases,
    List<String> blacklistAdditions,
    List<String> blacklistRemovals) {}
