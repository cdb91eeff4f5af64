package dev.spindle.scheduler;

/**
 * Why an ask (or an application, or a framework waiting for offers) got nothing: the
 * placement stage that said no, in words an application owner understands. The hot path
 * records only the constant (see {@link AskGroup#waited}); the numbers that make the words
 * precise (delay left, limits, filter ends) are looked up when someone asks
 * ({@link Scheduler#explain}).
 */
public enum WaitReason {
  /** No node has been offered to the ask since it arrived. */
  NOT_TRIED("waiting for a node heartbeat"),
  /** No schedulable node is registered. */
  NO_NODES("no schedulable node is registered in the cluster"),
  /** The node's host or rack is on the application's blacklist. */
  BLACKLISTED("the offered nodes are blacklisted by the application"),
  /** No outstanding ask may be placed on the node under its locality rules. */
  LOCALITY("waiting for a node matching the requested locality"),
  /** The policy's locality delay wants to wait for a better node. */
  LOCALITY_DELAY("delaying to get better locality"),
  /** The asked container does not fit in the node's free space. */
  NO_ROOM("waiting for a node with enough free resources"),
  /** The asked container is larger than every node in the cluster, free or not. */
  NODE_TOO_SMALL("no node is large enough: the ask is bigger than every node in the cluster"),
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
  MAX_RESOURCES("the queue is at its maximum resources"),
  /** Containers of other queues are being preempted to give its queue its share back. */
  PREEMPTING("containers of other queues are being preempted to give this queue its share"),
  /** A framework that suppressed offers gets none until it revives. */
  OFFERS_SUPPRESSED("the framework suppressed offers: it gets none until it revives"),
  /** A framework holds an outstanding offer: the RM waits for its answer. */
  OFFER_OUTSTANDING("an offer is outstanding: waiting for the framework to accept or decline"
      + " it"),
  /** Every node with room is behind one of the framework's decline filters. */
  OFFERS_FILTERED("the framework declined every node with free resources; the filters end"
      + " later");

  final String reason;

  WaitReason(String reason) {
    this.reason = reason;
  }

  /** The reason in words, without the numbers of a particular case. */
  public String words() {
    return reason;
  }
}
