package dev.spindle.framework;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.NMTokenCache;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;

/**
 * Starts accepted containers on their NodeManagers through the stock NMClientAsync (so offers
 * work with Spindle's NM and stock NMs alike), with the NM tokens the RM handed out, and
 * reports each start or failure as a {@link TaskStatus}. Containers keep running when the
 * launcher stops: ending them is the RM's job when the attempt ends, and a failover needs
 * them alive.
 */
final class TaskLauncher extends NMClientAsync.AbstractCallbackHandler {

  private final NMTokenCache tokens = new NMTokenCache();
  private final Map<ContainerId, String> tags = new ConcurrentHashMap<>();
  private final Consumer<TaskStatus> statuses;
  private final NMClientAsync nm;

  TaskLauncher(Configuration conf, Consumer<TaskStatus> statuses) {
    this.statuses = statuses;
    this.nm = NMClientAsync.createNMClientAsync(this);
    nm.getClient().setNMTokenCache(tokens);
    nm.getClient().cleanupRunningContainersOnStop(false);
    nm.init(conf);
    nm.start();
  }

  /** Remembers the NM tokens the RM sent, for the nodes they name. */
  void addTokens(List<NMToken> nmTokens) {
    nmTokens.forEach(t -> tokens.setToken(t.getNodeId().toString(), t.getToken()));
  }

  /** Starts {@code container} with {@code context} in the background. */
  void launch(Container container, String tag, ContainerLaunchContext context) {
    tags.put(container.getId(), tag);
    nm.startContainerAsync(container, context);
  }

  void stop() {
    nm.stop();
  }

  @Override
  public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> serviceData) {
    statuses.accept(new TaskStatus(id, tags.getOrDefault(id, ""), TaskStatus.State.RUNNING,
        ContainerExitStatus.INVALID, "", false));
  }

  @Override
  public void onStartContainerError(ContainerId id, Throwable t) {
    statuses.accept(new TaskStatus(id, tags.getOrDefault(id, ""),
        TaskStatus.State.LAUNCH_FAILED, ContainerExitStatus.INVALID,
        "could not start the container on its NodeManager: " + t, false));
  }

  @Override
  public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

  @Override
  public void onContainerStopped(ContainerId id) {}

  @Override
  public void onContainerResourceIncreased(ContainerId id, Resource resource) {}

  @Override
  public void onContainerResourceUpdated(ContainerId id, Resource resource) {}

  @Override
  public void onGetContainerStatusError(ContainerId id, Throwable t) {}

  @Override
  public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {}

  @Override
  public void onUpdateContainerResourceError(ContainerId id, Throwable t) {}

  @Override
  public void onStopContainerError(ContainerId id, Throwable t) {}
}
