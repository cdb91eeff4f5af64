package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.Set;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * An application as one caller may see it at one moment: what an application report is made
 * of. Immutable; RPC threads turn it into the Hadoop record. Without {@code viewable} (no
 * VIEW_APP) the report is the stock redacted one, built from the public fields only.
 *
 * @param attemptId      the current attempt, or attempt 0 before the first
 * @param host           the registered AM's host, or "N/A"
 * @param rpcPort        the registered AM's port, or -1
 * @param trackingUrl    the URL clients follow (the RM proxy for managed AMs)
 * @param originalUrl    the AM's own tracking URL, or "N/A"
 * @param priority       the submission's priority, or null when it gave none
 * @param lifetimeExpiry when the lifetime ends (epoch ms), or -1 for none
 * @param amrmToken      the AMRM token for the owner of an unmanaged AM waiting to start, or
 *                       null (minted on the core thread: minting registers the attempt)
 */
public record AppSnapshot(ApplicationId id, ApplicationAttemptId attemptId, String user,
    String queue, String name, String type, Set<String> tags, boolean unmanaged,
    Integer priority, String nodeLabelExpression, YarnApplicationState state,
    FinalApplicationStatus finalStatus, String diagnostics, String host, int rpcPort,
    String trackingUrl, String originalUrl, long submitTime, long launchTime,
    long finishTime, float progress, Resources resources, LogAggregationStatus logAggregation,
    long lifetimeExpiry, boolean viewable, Token<AMRMTokenIdentifier> amrmToken) {

  /**
   * What the application holds and has used.
   *
   * @param share used memory as a percentage of the cluster's
   */
  public record Resources(int containers, ResourceVector used, ResourceVector pending,
      float share, Usage usage) {}
}
