package dev.spindle.framework;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;

/**
 * What the RM answered when the framework registered.
 *
 * @param frameworkId the framework's id: its YARN application id
 * @param attemptId the attempt this driver acts for
 * @param failover true if an earlier attempt of the application had registered: this
 *     attempt takes over, and {@code runningContainers} is what that attempt left running
 * @param runningContainers containers still running from earlier attempts
 * @param queue the queue the framework's share is taken from
 * @param pollInterval how often the driver polls the RM
 * @param guarantee the framework's guaranteed share (its queue's), if the RM said
 * @param maximumTask the largest container a launch may ask for, if the RM said
 */
public record Registration(ApplicationId frameworkId, ApplicationAttemptId attemptId,
    boolean failover, List<Container> runningContainers, String queue, Duration pollInterval,
    Optional<ResourceVector> guarantee, Optional<ResourceVector> maximumTask) {

  public Registration {
    runningContainers = List.copyOf(runningContainers);
  }
}
