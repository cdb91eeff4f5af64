package dev.spindle.scheduler;

/**
 * Fair's delay scheduling: rack-local after more missed opportunities than
 * {@code locality.threshold.node} x nodes, off-switch after a further
 * {@code locality.threshold.rack} x nodes; a negative threshold means no waiting at all
 * (stock {@code FSAppAttempt#getAllowedLocalityLevel}, whose counter restarts between the
 * two steps, hence the sum).
 */
final class FairDelay implements LocalityDelay {

  private final FairTree tree;

  FairDelay(FairTree tree) {
    this.tree = tree;
  }

  @Override
  public boolean allows(AppState app, AskGroup group, Locality locality) {
    double node = Math.min(tree.config.nodeLocalityThreshold(), 1);
    double rack = Math.min(tree.config.rackLocalityThreshold(), 1);
    if (node < 0 || rack < 0 || locality == Locality.NODE_LOCAL
        || group.uniqueLocations() <= 1) {
      return true;
    }
    long missed = app.missedOpportunities(group.key.priority());
    double nodeWait = node * tree.numNodes;
    return locality == Locality.RACK_LOCAL ? missed > nodeWait
        : missed > nodeWait + rack * tree.numNodes;
  }

  @Override
  public long threshold(AppState app, AskGroup group, Locality locality) {
    double node = Math.min(tree.config.nodeLocalityThreshold(), 1);
    double rack = Math.min(tree.config.rackLocalityThreshold(), 1);
    if (node < 0 || rack < 0 || locality == Locality.NODE_LOCAL) {
      return 0;
    }
    double nodeWait = node * tree.numNodes;
    double wait = locality == Locality.RACK_LOCAL ? nodeWait : nodeWait + rack * tree.numNodes;
    return (long) Math.floor(wait);
  }
}
