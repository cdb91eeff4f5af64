package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;

/**
 * An application attempt at one moment: what an attempt report is made of.
 *
 * @param trackingUrl  the URL clients follow (the RM proxy for managed AMs)
 * @param originalUrl  the AM's own tracking URL, or "N/A"
 * @param amContainer  the AM container, or null (unmanaged, or not allocated yet)
 */
public record AttemptSnapshot(ApplicationAttemptId id, String host, int rpcPort,
    String trackingUrl, String originalUrl, String diagnostics,
    YarnApplicationAttemptState state, ContainerId amContainer, long startTime,
    long finishTime) {}
