package dev.spindle.framework;

/** Optional behaviours a framework opts into when it registers. */
public enum Capability {
  /** Also receive revocable offers (resources that may be revoked at any time). */
  REVOCABLE_RESOURCES,
  /** Receive inverse offers: notices that a node running the framework's tasks goes away. */
  INVERSE_OFFERS
}
