package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.server.api.records.NodeAction;

/**
 * What the core tells an NM in answer to a heartbeat (yarn-compat 3.2). The node keeps its
 * last orders, so a repeated heartbeat gets them again; the RPC side turns them into the
 * response record and adds the token keys the NM lacks. Immutable.
 *
 * @param diagnostics         why a RESYNC or SHUTDOWN; null with NORMAL
 * @param responseId          the id the NM echoes next time (0 with RESYNC and SHUTDOWN, as
 *                            stock sends)
 * @param heartbeatIntervalMs when to heartbeat next (0 with RESYNC and SHUTDOWN: none sent)
 * @param containersToRemove  completed containers the NM may forget (their AMs were told)
 */
public record NodeOrders(NodeAction action, String diagnostics, int responseId,
    long heartbeatIntervalMs, List<ContainerId> containersToCleanup,
    List<ApplicationId> appsToCleanup, List<ContainerId> containersToRemove,
    List<Signal> signals) {

  /** A signal for one of the node's containers (signalToContainer). */
  public record Signal(ContainerId container, SignalContainerCommand command) {}

  /** NORMAL with nothing to do: the idle node's orders, with the shared empty lists. */
  static NodeOrders normal(int responseId, long heartbeatIntervalMs) {
    return new NodeOrders(NodeAction.NORMAL, null, responseId, heartbeatIntervalMs, List.of(),
        List.of(), List.of(), List.of());
  }

  static NodeOrders resync(String diagnostics) {
    return new NodeOrders(NodeAction.RESYNC, diagnostics, 0, 0, List.of(), List.of(),
        List.of(), List.of());
  }

  static NodeOrders shutDown(String diagnostics) {
    return new NodeOrders(NodeAction.SHUTDOWN, diagnostics, 0, 0, List.of(), List.of(),
        List.of(), List.of());
  }

  /** NORMAL and nothing for the NM to do: its response is three scalars. */
  public boolean idle() {
    return action == NodeAction.NORMAL && containersToCleanup.isEmpty()
        && appsToCleanup.isEmpty() && containersToRemove.isEmpty() && signals.isEmpty();
  }
}
