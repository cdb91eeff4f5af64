package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what the placement path recorded (a reason constant, a tick and a time per ask group
 * and per application) into {@link AskExplanation}s with the numbers of the case: how much
 * delay is left, which queue is full and by how much, the largest node. Runs only when
 * someone asks, so it may look things up that the hot path must not.
 *
 * <p>Order of precedence: no schedulable node at all; what holds the whole application back
 * before any node is tried (its queue at its maximum, a running-applications limit); an ask
 * larger than every node; then the newer of the group's and the application's last miss;
 * else it has not been tried yet. The policy may then refine it (preemption under way).
 */
final class Explainer {

  private final ClusterState state;
  private final LocalityDelay delay;
  private final CoreScheduler policy;

  Explainer(ClusterState state, LocalityDelay delay, CoreScheduler policy) {
    this.state = state;
    this.delay = delay;
    this.policy = policy;
  }

  List<AskExplanation> explain(AppState app) {
    List<AskExplanation> out = new ArrayList<>();
    for (AskKey key : app.asks.activeKeys()) {
      AskGroup group = app.asks.group(key);
      PendingAsk any = group.any();
      WaitReason reason = reason(app, group);
      long since = since(app, group, reason);
      String words = words(app, group, reason);
      // Host and rack asks first, by name, then ANY: the order AMs list them in.
      Map<String, PendingAsk> local = new TreeMap<>(group.localAsks());
      for (Map.Entry<String, PendingAsk> e : local.entrySet()) {
        PendingAsk ask = e.getValue();
        if (ask.wanted()) {
          out.add(new AskExplanation(key.priority(), key.allocationRequestId(), e.getKey(),
              ask.capability, ask.count(), ask.relaxLocality, false, reason, words, since));
        }
      }
      out.add(new AskExplanation(key.priority(), key.allocationRequestId(), Ask.ANY,
          any.capability, any.count(), any.relaxLocality, false, reason, words, since));
    }
    if (app.framework != null) {
      out.add(offers(app));
    }
    return out;
  }

  private WaitReason reason(AppState app, AskGroup group) {
    if (!state.nodes.anySchedulable()) {
      return WaitReason.NO_NODES;
    }
    WaitReason held = policy.heldBack(app);
    if (held != null) {
      return held;
    }
    if (!fitsSomeNode(group.any().capability)) {
      return WaitReason.NODE_TOO_SMALL;
    }
    WaitReason recorded;
    if (group.lastWait() != null && group.lastWaitTick() >= app.lastMissTick()) {
      recorded = group.lastWait();
    } else if (app.lastMiss() != null) {
      // A blacklisted node, or a higher-priority group of the application stopped the walk
      // before this one was reached: the application's miss is this group's too.
      recorded = app.lastMiss();
    } else {
      recorded = WaitReason.NOT_TRIED;
    }
    if (recorded == WaitReason.NOT_TRIED && !fitsSomeFreeNode(group.any().capability)) {
      // Passes skip nodes without room for it: it was not tried because nothing is free.
      recorded = WaitReason.NO_ROOM;
    }
    return policy.refine(app, recorded);
  }

  private long since(AppState app, AskGroup group, WaitReason reason) {
    if (reason == group.lastWait()) {
      return group.waitingSince();
    }
    if (reason == app.lastMiss() && app.lastMissSince() >= group.waitingSince()) {
      return app.lastMissSince();
    }
    return group.waitingSince();
  }

  /** Cheap when it fails (larger than the largest node) and on uniform clusters (first fits). */
  private boolean fitsSomeNode(ResourceVector size) {
    if (!state.rules.fits(size, state.nodes.largestNode())) {
      return false;
    }
    for (NodeState node : state.nodes.all()) {
      if (state.rules.fits(size, node.capacity())) {
        return true;
      }
    }
    return false;
  }

  /** Through the room index, so a full cluster of many nodes costs nothing to explain. */
  private boolean fitsSomeFreeNode(ResourceVector size) {
    long memory = size.memoryMb();
    for (String id = state.nodes.nextWithRoom(null, memory); id != null;
        id = state.nodes.nextWithRoom(id, memory)) {
      if (state.rules.fits(size, state.nodes.get(id).free())) {
        return true;
      }
    }
    return false;
  }

  private String words(AppState app, AskGroup group, WaitReason reason) {
    ResourceVector size = group.any().capability;
    String detail = switch (reason) {
      case LOCALITY_DELAY -> delayLeft(app, group);
      case LOCALITY -> "; it may only run on the hosts or racks it names"
          + (group.any().relaxLocality ? "" : " (relaxLocality=false)");
      case BLACKLISTED -> "; blacklisted: " + String.join(", ", app.blacklist());
      case NODE_TOO_SMALL -> "; it asks " + text(size) + ", the largest node has "
          + text(state.nodes.largestNode());
      case NO_ROOM -> "; it asks " + text(size) + ", the schedulable nodes have "
          + text(state.nodes.schedulableFree()) + " free in all";
      default -> policy.detail(app, size, reason);
    };
    return reason.reason + detail;
  }

  /** How many more missed opportunities the delay wants, as the policy counts them. */
  private String delayLeft(AppState app, AskGroup group) {
    Locality heldBack = group.delayedLocality();
    long threshold = heldBack == null ? -1 : delay.threshold(app, group, heldBack);
    if (threshold < 0) {
      return "";
    }
    long missed = app.missedOpportunities(group.key.priority());
    long left = Math.max(0, threshold + 1 - missed);
    return "; " + (heldBack == Locality.RACK_LOCAL ? "rack-local" : "off-switch")
        + " placement is allowed after " + left + " more missed scheduling opportunities ("
        + missed + " so far, delay " + (threshold + 1) + ")";
  }

  /** The framework's offer state as one more line. */
  private AskExplanation offers(AppState app) {
    Framework f = app.framework;
    int outstanding = 0;
    ResourceVector offered = ResourceVector.ZERO;
    for (long id : f.offers()) {
      outstanding++;
      offered = offered.plus(state.allocation(id).resource());
    }
    WaitReason reason;
    String detail = "";
    if (f.suppressed()) {
      reason = WaitReason.OFFERS_SUPPRESSED;
    } else if (outstanding > 0) {
      reason = WaitReason.OFFER_OUTSTANDING;
      detail = " (" + outstanding + " outstanding, holding " + text(offered) + ")";
    } else if (!state.nodes.anySchedulable()) {
      reason = WaitReason.NO_NODES;
    } else if (policy.heldBack(app) != null) {
      reason = policy.heldBack(app);
      detail = policy.detail(app, state.rules.settings().minimumAllocation(), reason);
    } else if (f.filters() > 0 && everyRoomyNodeFiltered(f)) {
      reason = WaitReason.OFFERS_FILTERED;
      detail = " (" + f.filters() + " nodes declined; the first filter ends at "
          + f.earliestFilterEnd() + ")";
    } else {
      reason = state.rules.hasRoomForMinimum(state.nodes.schedulableFree())
          ? WaitReason.NOT_TRIED : WaitReason.NO_ROOM;
      // As for an ask: containers marked for its queue are what it waits for, not room.
      reason = policy.refine(app, reason);
      if (reason == WaitReason.PREEMPTING) {
        detail = policy.detail(app, state.rules.settings().minimumAllocation(), reason);
      }
    }
    return new AskExplanation(0, -1, Ask.ANY, offered, outstanding, true, true, reason,
        reason.reason + detail, -1);
  }

  private boolean everyRoomyNodeFiltered(Framework f) {
    for (NodeState node : state.nodes.all()) {
      if (node.schedulable() && state.rules.hasRoomForMinimum(node.free())
          && f.accepts(node.id())) {
        return false;
      }
    }
    return true;
  }

  /** As stock prints resources. */
  static String text(ResourceVector r) {
    return r == null ? "nothing" : "<memory:" + r.memoryMb() + ", vCores:" + r.vcores() + ">";
  }
}
