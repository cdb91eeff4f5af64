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

  /** Stock's haZooKeeperConnectionState when there is no leader elector (RMContextImpl). */
  String NO_ELECTOR =
      "Could not find leader elector. Verify both HA and automatic failover are enabled.";

  /** Cluster info's haZooKeeperConnectionState: the elector's ZooKeeper state. */
  default String zkConnectionState() {
    return NO_ELECTOR;
  }
}
