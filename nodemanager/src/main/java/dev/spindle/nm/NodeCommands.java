package dev.spindle.nm;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;

/** What the RM can ask of this node through heartbeat responses. */
public interface NodeCommands {
  /** Kills containers (containers_to_cleanup, or everything on a non-preserving resync). */
  void killContainers(List<ContainerId> ids, int exitStatus, String diagnostics);

  /** applications_to_cleanup: kill leftovers, stop the app in aux services, delete its dirs. */
  void finishApplications(List<ApplicationId> apps);

  /**
   * containers_to_signal (the RM forwarding signalToContainer): a thread dump (SIGQUIT), a
   * graceful (SIGTERM) or a forceful (SIGKILL) shutdown, sent to the container's processes.
   */
  void signalContainers(
      List<org.apache.hadoop.yarn.api.protocolrecords.SignalContainerRequest> signals);

  /** The RM told this node to shut down (SHUTDOWN after registration). */
  void shutdownRequested(String diagnostics);
}
