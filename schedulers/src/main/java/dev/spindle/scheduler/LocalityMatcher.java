package dev.spindle.scheduler;

/**
 * Placement stage: the locality at which an ask group may use a node, following the AM-RM
 * bookkeeping rules (yarn-compat 2.5) and the stock CapacityScheduler's relaxLocality checks
 * ({@code RegularContainerAllocator#assignContainersOnNode}).
 */
final class LocalityMatcher {

  private LocalityMatcher() {}

  /**
   * Returns the best locality the group allows on the node, or null when it allows none.
   *
   * <ul>
   *   <li>nothing without an ANY ask that still wants containers;
   *   <li>anywhere (off-switch) when the group names no host or rack at all;
   *   <li>node-local when the node's host and rack asks both still want containers;
   *   <li>rack-local when the rack ask wants containers and relaxes locality; a strict rack
   *       ask confines the group to the named hosts of that rack, so the node gets nothing;
   *   <li>otherwise off-switch when the ANY ask relaxes locality.
   * </ul>
   */
  static Locality match(AskGroup group, NodeSpec node) {
    PendingAsk any = group.any();
    if (any == null || !any.wanted()) {
      return null;
    }
    if (!group.hasLocalAsks()) {
      // Nothing to be local to: an ANY-only ask places anywhere.
      return Locality.OFF_SWITCH;
    }
    PendingAsk rack = group.local(node.rack());
    boolean rackWanted = rack != null && rack.wanted();
    PendingAsk host = group.local(node.host());
    if (rackWanted && host != null && host.wanted()) {
      return Locality.NODE_LOCAL;
    }
    if (rackWanted) {
      return rack.relaxLocality ? Locality.RACK_LOCAL : null;
    }
    return any.relaxLocality ? Locality.OFF_SWITCH : null;
  }
}
