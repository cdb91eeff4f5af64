package dev.spindle.framework;

import java.time.Instant;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * A maintenance notice: the node is being drained (graceful decommission) and goes away at
 * {@code unavailableAt}; move or finish the listed tasks before then.
 *
 * @param id the notice's id
 * @param nodeId the node
 * @param host the node's host
 * @param unavailableAt when the node goes away (RM clock)
 * @param containers this framework's containers on the node
 */
public record InverseOffer(String id, NodeId nodeId, String host, Instant unavailableAt,
    List<ContainerId> containers) {

  public InverseOffer {
    containers = List.copyOf(containers);
  }
}
