package dev.spindle.scheduler;

/**
 * Capacity's delay scheduling (stock {@code RegularContainerAllocator#canAssign}): rack-local
 * after more than {@code node-locality-delay} missed opportunities; off-switch after more than
 * node-locality-delay + {@code rack-locality-additional-delay}, or, with the latter at -1,
 * after a number that grows with the asked containers and the locations they name. Both are
 * capped by the number of nodes; an ask that names no location never waits.
 */
final class CapacityDelay implements LocalityDelay {

  private final CapacityTree tree;

  CapacityDelay(CapacityTree tree) {
    this.tree = tree;
  }

  @Override
  public boolean allows(AppState app, AskGroup group, Locality locality) {
    long missed = app.missedOpportunities(group.key.priority());
    int nodes = tree.numNodes;
    int nodeDelay = tree.config.nodeLocalityDelay();
    return switch (locality) {
      case NODE_LOCAL -> true;
      case RACK_LOCAL -> missed > Math.min(nodes, nodeDelay);
      case OFF_SWITCH -> offSwitch(group, missed, nodes, nodeDelay);
    };
  }

  @Override
  public long threshold(AppState app, AskGroup group, Locality locality) {
    int nodes = tree.numNodes;
    int nodeDelay = tree.config.nodeLocalityDelay();
    if (locality == Locality.RACK_LOCAL) {
      return Math.min(nodes, nodeDelay);
    }
    if (locality != Locality.OFF_SWITCH) {
      return 0;
    }
    int additional = tree.config.rackLocalityAdditionalDelay();
    if (additional > -1) {
      return Math.min(nodes, nodeDelay + additional);
    }
    int locations = group.uniqueLocations();
    float waitFactor = nodes == 0 ? 1f : Math.min((float) (locations - 1) / nodes, 1f);
    // allows() compares the float with the count: the threshold is its whole part.
    return (long) Math.floor(Math.min(nodes, group.anyCount() * waitFactor));
  }

  private boolean offSwitch(AskGroup group, long missed, int nodes, int nodeDelay) {
    int locations = group.uniqueLocations();
    if (locations <= 1) {
      return true;
    }
    int additional = tree.config.rackLocalityAdditionalDelay();
    if (additional > -1) {
      return missed > Math.min(nodes, nodeDelay + additional);
    }
    float waitFactor = nodes == 0 ? 1f : Math.min((float) (locations - 1) / nodes, 1f);
    return Math.min(nodes, group.anyCount() * waitFactor) < missed;
  }
}
