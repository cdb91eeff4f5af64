package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * The answer to a framework's registration.
 *
 * @param failover    an earlier attempt of the application had registered as a framework
 * @param running     the application's live task containers (kept across attempts, or the
 *                    attempt's own after an RM restart), with the tags given at accept
 * @param tokenNodes  nodes of those containers, for NM tokens
 * @param guarantee   the queue's guaranteed resources (containers within it are not revoked)
 * @param maximumTask the largest launch the RM accepts
 */
public record FrameworkRegistration(ApplicationAttemptId attempt, boolean failover,
    List<TaggedGrant> running, List<NodeId> tokenNodes, long pollIntervalMs, String queue,
    ResourceVector guarantee, ResourceVector maximumTask, String user) {

  /** A container handed to the framework, with the tag it gave the launch. */
  public record TaggedGrant(ContainerGrant grant, String tag) {}
}
