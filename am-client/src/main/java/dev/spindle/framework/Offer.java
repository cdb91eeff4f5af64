package dev.spindle.framework;

import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * Resources free on one node, offered to this framework alone until it accepts or declines
 * them or the RM rescinds the offer. Offered resources count against the framework's share,
 * so answer offers promptly: decline what you cannot use.
 *
 * @param id the offer's id, to accept or decline it
 * @param nodeId the node's NodeManager
 * @param host the node's host name (for locality)
 * @param rack the node's rack, e.g. {@code /default-rack}
 * @param attributes the node's attributes, if any
 * @param resources what is offered
 * @param revocable true if these resources may be revoked (warning, grace period, kill)
 *     even below the framework's guarantee; only offered with
 *     {@link Capability#REVOCABLE_RESOURCES}
 * @param timeout how long the RM keeps the offer before rescinding it; zero for no timeout
 */
public record Offer(OfferId id, NodeId nodeId, String host, String rack,
    Map<String, String> attributes, ResourceVector resources, boolean revocable,
    Duration timeout) {

  public Offer {
    attributes = Map.copyOf(attributes);
  }
}
