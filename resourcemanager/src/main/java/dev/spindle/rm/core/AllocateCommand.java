package dev.spindle.rm.core;

import dev.spindle.scheduler.Ask;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;

/**
 * One AM heartbeat, already authenticated, validated and translated by the AM-RM adapter.
 *
 * @param asks        validated asks (capabilities not yet normalised)
 * @param trackingUrl a new tracking URL, or null to keep the current one
 * @param updates     container update requests; not supported yet, each is answered with an
 *                    update error naming that
 */
public record AllocateCommand(
    int responseId,
    float progress,
    String trackingUrl,
    List<Ask> asks,
    List<ContainerId> releases,
    List<String> blacklistAdditions,
    List<String> blacklistRemovals,
    List<UpdateContainerRequest> updates) {

  public AllocateCommand(int responseId, float progress, String trackingUrl, List<Ask> asks,
      List<ContainerId> releases, List<String> blacklistAdditions,
      List<String> blacklistRemovals) {
    this(responseId, progress, trackingUrl, asks, releases, blacklistAdditions,
        blacklistRemovals, List.of());
  }
}
