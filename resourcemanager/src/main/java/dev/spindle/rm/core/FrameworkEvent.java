package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/** What the RM tells a framework on its next poll, in the order it happened. */
public sealed interface FrameworkEvent {

  /** Why an offer was taken back before the framework answered it. */
  enum RescindReason { OFFER_TIMEOUT, NODE_LOST, NODE_DECOMMISSIONED, RECLAIMED }

  record Offers(List<OfferMade> offers) implements FrameworkEvent {}

  record Rescinded(String offerId, RescindReason reason) implements FrameworkEvent {}

  /**
   * A container of the framework ended.
   *
   * @param tag     the tag the framework gave the launch at accept ("" when unknown)
   * @param revoked it was killed by revocation (exit status PREEMPTED)
   */
  record Ended(ContainerId id, String tag, int exitStatus, String diagnostics, boolean revoked)
      implements FrameworkEvent {}

  /** These containers will be revoked at {@code deadlineMs} (RM clock) unless released. */
  record RevocationWarning(List<ContainerId> containers, long deadlineMs)
      implements FrameworkEvent {}

  /**
   * Maintenance: the node is being decommissioned and goes away at {@code unavailableAtMs}
   * (0: when its containers are done; no deadline).
   */
  record InverseOffer(String id, NodeId nodeId, String rack, String httpAddress,
      long unavailableAtMs, List<ContainerId> containers) implements FrameworkEvent {}

  /** The framework cannot go on; nothing follows. */
  record Error(String message) implements FrameworkEvent {}
}
