package dev.spindle.scheduler;

import java.util.HashSet;
import java.util.Set;

/**
 * One scheduling pass (a heartbeat's fill of one node, or a pass over the cluster): the
 * applications that cannot place anything until its next allocation, and the smallest memory
 * any other wanting application asks for, which bounds the nodes worth visiting.
 *
 * <p>Rationale: a queue or user limit refuses a container whatever the node, so once every
 * ask of an application is refused, offering it more nodes only repeats the refusal; only an
 * allocation (which changes usage, and so limits) can change the answer. The stock
 * CapacityScheduler checks these limits before it looks at a node for the application, so it
 * counts no missed scheduling opportunity for such an application either.
 */
final class Pass {

  /** Made on the first block: most passes (a heartbeat's fill) never need it. */
  private Set<AppState> blocked = Set.of();
  /** The smallest memory an unblocked application wants, -1 for none, or null to recompute. */
  private Long smallestWanted;
  private int visits;
  /** Set when a node was offered to nobody: every walked application was blocked. */
  private boolean nothingServable;

  /** Whether the application can place nothing until the next allocation of this pass. */
  boolean blocked(AppState app) {
    return !blocked.isEmpty() && blocked.contains(app);
  }

  void block(AppState app) {
    if (blocked.isEmpty()) {
      blocked = new HashSet<>();
    }
    blocked.add(app);
    smallestWanted = null;
  }

  /** An allocation changed usage, and with it limits: every application may try again. */
  void allocated(boolean askShrank) {
    if (!blocked.isEmpty()) {
      blocked = Set.of();
      smallestWanted = null;
    } else if (askShrank) {
      smallestWanted = null;
    }
  }

  /**
   * Nothing on the walk could be offered a node (applications blocked, or their queues
   * full): no further node can change that before an allocation, and none came.
   */
  void nothingServable() {
    nothingServable = true;
  }

  /**
   * The smallest memory an unblocked wanting application asks for, or -1 when none does or
   * nothing is servable: a pass over nodes stops there. A framework taking offers wants
   * {@code offerMinimumMb}, the smallest offer.
   */
  long smallestWanted(WantingSet wanting, long offerMinimumMb) {
    if (nothingServable) {
      return -1;
    }
    if (smallestWanted == null) {
      long smallest = -1;
      for (AppState app = wanting.first(); app != null; app = wanting.after(app)) {
        if (blocked(app)) {
          continue;
        }
        if (app.framework != null && app.framework.wantsOffers()
            && (smallest < 0 || offerMinimumMb < smallest)) {
          smallest = offerMinimumMb;
        }
        for (AskKey key : app.asks.activeKeys()) {
          long mb = app.asks.group(key).any().capability.memoryMb();
          if (smallest < 0 || mb < smallest) {
            smallest = mb;
          }
        }
      }
      smallestWanted = smallest;
    }
    return smallestWanted;
  }

  void visited() {
    visits++;
  }

  /** How many nodes this pass offered to the applications. */
  int visits() {
    return visits;
  }
}
