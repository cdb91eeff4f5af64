package dev.spindle.scheduler;

import java.util.TreeMap;

/**
 * One queue of the Fair tree at run time: configuration, resolved min and max shares, the
 * current fair share, and books. A leaf also holds its applications: the runnable ones (under
 * maxRunningApps) and, of those, the ones that want containers in the leaf's policy order.
 */
final class FairQueue extends PolicyQueue<FairQueue> {

  final FairQueueConfig conf;
  /** Created by a placement rule rather than declared in the file. */
  final boolean dynamic;

  ResourceVector minShare = ResourceVector.ZERO;
  ResourceVector maxShare = ResourceVector.ZERO;
  ResourceVector fairShare = ResourceVector.ZERO;

  ResourceVector used = ResourceVector.ZERO;
  int numContainers;
  /** Runnable applications in the subtree: maxRunningApps counts these. */
  int runnableInSubtree;

  // --- leaf only ----------------------------------------------------------------------
  ResourceVector amUsed = ResourceVector.ZERO;
  /** Applications held back by maxRunningApps, in submission order. */
  final TreeMap<Long, AppState> waiting = new TreeMap<>();

  // --- preemption (times in ms as passed in; -1 = not starved) ---------------------------
  long belowMinShareSince = -1;
  long belowFairShareSince = -1;

  FairQueue(FairQueueConfig conf, FairQueue parent, boolean dynamic) {
    super(parent);
    this.conf = conf;
    this.dynamic = dynamic;
  }

  @Override
  String path() {
    return conf.path();
  }

  @Override
  boolean isLeaf() {
    return conf.isLeaf();
  }

  /** This queue's policy: how its children are ordered. */
  FairPolicy policy() {
    return conf.policy();
  }

  /** Resources used plus resources asked for by runnable applications in the subtree. */
  ResourceVector demand() {
    return demand(ResourceVector.ZERO);
  }

  /**
   * As {@link #demand()}, with what frameworks waiting for offers want ({@code cluster}, see
   * {@link AppState#wanted}): the demand preemption weighs.
   */
  ResourceVector demand(ResourceVector cluster) {
    ResourceVector d = used;
    for (AppState app : apps.values()) {
      if (!waiting.containsKey(app.key())) {
        d = d.plus(app.wanted(cluster));
      }
    }
    for (FairQueue child : children) {
      d = d.plus(child.demand(cluster).minus(child.used));
    }
    return d;
  }
}
