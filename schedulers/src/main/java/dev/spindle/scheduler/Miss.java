package dev.spindle.scheduler;

/**
 * Why an application got nothing on a node: the placement stage that said no. Feeds the
 * "why is my application pending" answer ({@link AppView#pendingReason}) and, later, metrics.
 */
enum Miss {
  /** The node's host or rack is on the application's blacklist. */
  BLACKLISTED("the offered nodes are blacklisted by the application"),
  /** No outstanding ask may be placed on the node under its locality rules. */
  LOCALITY("waiting for a node matching the requested locality"),
  /** The policy's locality delay wants to wait for a better node. */
  LOCALITY_DELAY("delaying to get better locality"),
  /** The asked container does not fit in the node's free space. */
  NO_ROOM("waiting for a node with enough free resources"),
  /** A queue or user limit of the policy forbids more containers. */
  LIMIT("queue or user limit reached");

  final String reason;

  Miss(String reason) {
    this.reason = reason;
  }
}
