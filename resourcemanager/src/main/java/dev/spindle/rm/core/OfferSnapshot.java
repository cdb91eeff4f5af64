package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.NodeId;

/** An outstanding offer, for views (REST, web UI). */
public record OfferSnapshot(String offerId, ApplicationAttemptId attempt, NodeId nodeId,
    ResourceVector resource, long madeAt, long expiresAt) {}
