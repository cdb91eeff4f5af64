package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills one node: walks the wanting applications in policy order and, within an application,
 * its ask groups in serving order, through the placement stages (blacklist, locality,
 * locality delay, fit, limits), until the node has no room or nobody can use it.
 *
 * <p>Rationale: within an application, a group that does not fit stops the application on
 * this node (as the stock FifoScheduler does) so small low-priority asks cannot starve a large
 * high-priority one; a group that merely does not match the node's locality is skipped, since
 * waiting would not make it match.
 */
final class NodeFiller {

  private final ClusterState state;
  private final LocalityDelay delay;
  private final AssignmentLimit limit;
  /** What the policy still lets an application have (queue and user limits). */
  private final java.util.function.Function<AppState, ResourceVector> headroom;

  NodeFiller(ClusterState state, LocalityDelay delay, AssignmentLimit limit,
      java.util.function.Function<AppState, ResourceVector> headroom) {
    this.state = state;
    this.delay = delay;
    this.limit = limit;
    this.headroom = headroom;
  }

  /**
   * Places as many containers on the node as fit; returns them in allocation order. Skips
   * the applications the pass knows cannot place anything now.
   */
  List<Allocation> fill(NodeState node, Pass pass) {
    WantingSet wanting = state.wanting();
    if (wanting.isEmpty()) {
      return List.of();
    }
    pass.visited();
    state.tick++;
    List<Allocation> placed = null;
    boolean tried = false;
    NodeTable nodes = state.nodes;
    AppState app = wanting.first();
    while (app != null && nodes.hasRoom(node)) {
      boolean blocked = pass.blocked(app);
      tried |= !blocked;
      Allocation allocation = blocked ? null : placeOne(app, node, pass);
      if (allocation == null) {
        app = wanting.after(app);
      } else {
        if (placed == null) {
          placed = new ArrayList<>();
        }
        placed.add(allocation);
        if (wanting.usageSensitive()) {
          app = wanting.first();
        }
      }
    }
    if (placed == null && !tried && app == null) {
      // The whole walk offered the node to nobody (blocked, or full queues skipped).
      pass.nothingServable();
    }
    return placed == null ? List.of() : placed;
  }

  /**
   * One container for the application on the node, or for a framework that has no container
   * to place an offer of the node's free resources; null with the reason recorded.
   */
  private Allocation placeOne(AppState app, NodeState node, Pass pass) {
    Allocation container = placeAsk(app, node, pass);
    if (container == null && app.framework != null && app.framework.wantsOffers()) {
      return offer(app, node, pass);
    }
    return container;
  }

  /**
   * Offers a framework what is free on the node, up to what its queue and user limits still
   * allow, unless it declined the node or already holds an offer there. Nothing smaller than
   * the minimum allocation is offered: a fragment nobody can use would only be declined.
   */
  private Allocation offer(AppState app, NodeState node, Pass pass) {
    if (!app.framework.accepts(node.id())) {
      return null;
    }
    ResourceVector room = state.rules.clip(node.free(), headroom.apply(app));
    if (!state.rules.hasRoomForMinimum(room) || limit.check(app, room) != null) {
      return null;
    }
    Allocation offer = state.offer(app, node, room);
    pass.allocated(false);
    return offer;
  }

  /**
   * Tries the application's groups on the node. Every miss is recorded on the group (and the
   * application) as a constant and two numbers, stamped with the fill's tick, so an
   * explanation can later say why each ask waits without this path allocating anything.
   */
  private Allocation placeAsk(AppState app, NodeState node, Pass pass) {
    if (app.asks.activeKeys().isEmpty()) {
      return null;
    }
    long tick = state.tick;
    long now = state.now;
    if (app.blacklists(node.spec)) {
      app.missed(WaitReason.BLACKLISTED, tick, now);
      return null;
    }
    WaitReason miss = WaitReason.LOCALITY;
    for (AskKey key : app.asks.activeKeys()) {
      AskGroup group = app.asks.group(key);
      Locality locality = LocalityMatcher.match(group, node.spec);
      if (locality == null || !delay.allows(app, group, locality)) {
        miss = locality == null ? WaitReason.LOCALITY : WaitReason.LOCALITY_DELAY;
        group.waited(miss, tick, now, locality);
        app.missedOpportunity(key.priority());
        continue;
      }
      ResourceVector size = group.any().capability;
      if (!state.rules.fits(size, node.free())) {
        miss = WaitReason.NO_ROOM;
        group.waited(miss, tick, now, null);
        break;
      }
      WaitReason refused = limit.check(app, size);
      if (refused != null) {
        miss = refused;
        group.waited(miss, tick, now, null);
        if (limitRefusesAll(app)) {
          pass.block(app);
        }
        break;
      }
      app.resetMissedOpportunities(key.priority());
      app.setLastMiss(null);
      group.served(now);
      // Returning at once keeps the iteration over activeKeys safe from the change.
      Allocation allocation = state.assign(app, node, group, locality);
      pass.allocated(group.anyCount() == 0);
      return allocation;
    }
    app.missed(miss, tick, now);
    return null;
  }

  /** True when the limits refuse every ask of the application, on any node. */
  private boolean limitRefusesAll(AppState app) {
    for (AskKey key : app.asks.activeKeys()) {
      if (limit.check(app, app.asks.group(key).any().capability) == null) {
        return false;
      }
    }
    return true;
  }
}
