package dev.spindle.rm.ha;

import java.io.IOException;
import org.apache.hadoop.ha.HAServiceProtocol;
import org.apache.hadoop.ha.HAServiceStatus;
import org.apache.hadoop.ha.HealthCheckFailedException;
import org.apache.hadoop.ha.ServiceFailedException;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.AccessControlException;

/**
 * HAServiceProtocol for one RM (yarn-compat 5): {@code yarn rmadmin -getServiceState},
 * {@code -transitionToActive/-Standby}, {@code -checkHealth}. Manual transitions are refused
 * while automatic failover is on unless forced; elector-sourced ones are refused while it is
 * off, as the stock AdminService does.
 */
final class RmHaProtocol implements HAServiceProtocol {

  /** The RM side the protocol drives; transitions block until done. */
  interface Node {
    HAServiceState state();

    /** True when the active services run (only meaningful when active). */
    boolean activeServicesRunning();

    void becomeActive() throws IOException;

    void becomeStandby() throws IOException;
  }

  private final Node node;
  private final boolean automaticFailover;

  RmHaProtocol(Node node, boolean automaticFailover) {
    this.node = node;
    this.automaticFailover = automaticFailover;
  }

  @Override
  public void monitorHealth() throws IOException {
    if (node.state() == HAServiceState.ACTIVE && !node.activeServicesRunning()) {
      throw new HealthCheckFailedException("Active ResourceManager services are not running!");
    }
  }

  @Override
  public void transitionToActive(StateChangeRequestInfo req) throws IOException {
    checkSource(req);
    node.becomeActive();
  }

  @Override
  public void transitionToStandby(StateChangeRequestInfo req) throws IOException {
    checkSource(req);
    node.becomeStandby();
  }

  @Override
  public void transitionToObserver(StateChangeRequestInfo req) throws IOException {
    throw new ServiceFailedException("A ResourceManager has no observer state");
  }

  @Override
  public HAServiceStatus getServiceStatus() {
    HAServiceState state = node.state();
    HAServiceStatus status = new HAServiceStatus(state);
    if (state == HAServiceState.ACTIVE || state == HAServiceState.STANDBY) {
      status.setReadyToBecomeActive();
    } else {
      status.setNotReadyToBecomeActive("State is " + state);
    }
    return status;
  }

  private void checkSource(StateChangeRequestInfo req) throws AccessControlException {
    switch (req.getSource()) {
      case REQUEST_BY_USER -> {
        if (automaticFailover) {
          throw new AccessControlException("Manual failover for this ResourceManager is"
              + " disallowed, because automatic failover is enabled.");
        }
      }
      case REQUEST_BY_ZKFC -> {
        if (!automaticFailover) {
          throw new AccessControlException("Request from ZK failover controller at "
              + Server.getRemoteAddress() + " denied since automatic failover is not enabled");
        }
      }
      default -> { } // REQUEST_BY_USER_FORCED: allowed either way
    }
  }
}
