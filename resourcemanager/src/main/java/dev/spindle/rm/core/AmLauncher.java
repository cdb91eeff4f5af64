package dev.spindle.rm.core;

import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Starts and stops AM containers on NodeManagers. Implementations work off the core thread
 * and report the outcome of a launch back to the core ({@code RmCore#amLaunched} /
 * {@code #amLaunchFailed}) as new events.
 */
public interface AmLauncher {

  /** What the launcher needs to start one AM container. */
  record LaunchRequest(
      ApplicationAttemptId attemptId,
      Container container,
      AppSubmission submission,
      Token<AMRMTokenIdentifier> amrmToken) {}

  void launch(LaunchRequest request);

  /** Stops an AM container that may still be running (best effort). */
  void stop(ApplicationAttemptId attemptId, Container container, String user);
}
