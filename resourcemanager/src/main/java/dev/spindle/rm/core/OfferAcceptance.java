package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * The answer to an accept: one container per launch, in launch order; kept per attempt with
 * its sequence number, so a retried accept gets the same containers.
 */
public record OfferAcceptance(long seq, List<FrameworkRegistration.TaggedGrant> containers,
    List<NodeId> tokenNodes, String user) {}
