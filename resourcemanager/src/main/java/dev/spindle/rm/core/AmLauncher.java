package dev.spindle.rm.core;

import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Starts and stops AM containers on NodeManagers. Implementations work off the core thread
 * and report the outcome of a launch back to the core ({@code RmCore#amLaunched} /
 * {@code #amLaunchFailed}) as new events.
 */
public interface AmLauncher {

  /**
   * What the launcher needs to start one AM container; it builds the container token itself,
   * off the core thread.
   */
  record LaunchRequest(
      ApplicationAttemptId attemptId,
      ContainerGrant container,
      AppSubmission submission,
      Token<AMRMTokenIdentifier> amrmToken) {}

  void launch(LaunchRequest request);

  /** Stops an AM container that may still be running (best effort). */
  void stop(ApplicationAttemptId attemptId, ContainerGrant container);
}
