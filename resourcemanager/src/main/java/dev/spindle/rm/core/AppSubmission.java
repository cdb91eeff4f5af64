package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ResourceRequest;

/**
 * An application as submitted, after the RPC layer filled defaults and validated it. Immutable
 * (the context is not modified after submission; the AM launcher works on a copy).
 *
 * @param amRequest  the validated, ANY-located AM request (priority 0, one container)
 * @param maxAttempts the effective maximum number of attempts (yarn-compat 7.2)
 */
public record AppSubmission(
    ApplicationId appId,
    ApplicationSubmissionContext context,
    String user,
    String queue,
    long submitTime,
    int maxAttempts,
    ResourceRequest amRequest) {}
