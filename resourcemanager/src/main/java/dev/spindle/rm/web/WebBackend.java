package dev.spindle.rm.web;

import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;

/** What the always-on web server knows of the RM it fronts: whether it is active, and if not who is. */
public interface WebBackend {

  /** The active RM in this process, or null when this RM is not active now. */
  ActiveRm active();

  /** This RM's HA state (ACTIVE for a non-HA RM once started). */
  HAServiceState haState();

  /** The active RM's web base (http://host:port) when another RM is active and known, else null. */
  String activeWebBase();

  /** Cluster info's haZooKeeperConnectionState (stock wording when HA is off). */
  default String zkConnectionState() {
    return "ResourceManager HA is not enabled.";
  }
}
