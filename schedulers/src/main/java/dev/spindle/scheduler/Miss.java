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
  LIMIT("queue or user limit reached"),
  /** The queue, or one of its parents, is at its maximum capacity. */
  QUEUE_LIMIT("the queue or one of its parents is at its maximum capacity"),
  /** The user holds the queue's user limit (user-limit-factor, minimum-user-limit-percent). */
  USER_LIMIT("the user has reached the queue's user limit"),
  /** The application's AM would exceed the queue's AM resource share. */
  AM_LIMIT("waiting to be activated: the queue's AM resource limit"
      + " (maximum-am-resource-percent / maxAMShare) is used up"),
  /** The queue is at its running-application limit (maxRunningApps). */
  RUNNING_APPS_LIMIT("waiting to be activated: the queue or user is at its maximum number"
      + " of running applications"),
  /** The queue or one of its parents holds its maxResources (Fair). */
  MAX_RESOURCES("the queue is at its maximum resources");

  final String reason;

  Miss(String reason) {
    this.reason = reason;
  }
}
