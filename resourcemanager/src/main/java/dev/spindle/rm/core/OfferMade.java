package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * An offer as its framework sees it: a node's free resources, for a while.
 *
 * @param offerId   the wire id ({@link OfferBook#idOf}); it names the RM that made it
 * @param timeoutMs how long the framework has to answer before it is rescinded
 * @param revocable whether containers launched out of it may be revoked: the framework's queue
 *                  is above its guarantee when the framework polls it
 */
public record OfferMade(String offerId, NodeId nodeId, String rack, String httpAddress,
    ResourceVector resource, long timeoutMs, boolean revocable) {}
