package dev.spindle.nm.container;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;

/** Small helpers on container ids. */
public final class NmContainerIds {
  private NmContainerIds() {}

  public static ApplicationId app(ContainerId id) {
    return id.getApplicationAttemptId().getApplicationId();
  }
}
