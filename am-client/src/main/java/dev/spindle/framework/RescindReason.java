package dev.spindle.framework;

/** Why the RM took an offer back. */
public enum RescindReason {
  /** Unanswered for longer than the offer timeout. */
  OFFER_TIMEOUT,
  /** The node was lost. */
  NODE_LOST,
  /** The node was decommissioned. */
  NODE_DECOMMISSIONED,
  /** The allocator needs the resources elsewhere. */
  RECLAIMED,
  /** A reason this library does not know (a newer RM). */
  UNKNOWN
}
