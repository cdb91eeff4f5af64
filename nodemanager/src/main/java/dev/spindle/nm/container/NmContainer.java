package dev.spindle.nm.container;

import dev.spindle.nm.launch.ContainerProcess;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.server.api.protocolrecords.NMContainerStatus;

/**
 * One container on this node and its state machine.
 *
 * <p>Not thread-safe by itself: every call happens under the {@link ContainerTable} lock,
 * which is the single lock owning all container and application state.
 */
public final class NmContainer {
  /** What the caller must do outside the lock after an event. */
  public enum Action { NONE, KILL_PROCESS, LAUNCH, ABORT_LAUNCH, COMPLETED }

  private final ContainerTokenIdentifier token;
  private final ContainerLaunchContext launchContext;
  private final Credentials credentials;
  private final long startedAt;
  private volatile NmContainerState state = NmContainerState.NEW;
  private int exitCode = ContainerExitStatus.INVALID;
  private final StringBuilder diagnostics = new StringBuilder();
  private volatile ContainerProcess process;
  private Integer killStatus;
  private File workDir;
  private File logDir;

  public NmContainer(ContainerTokenIdentifier token, ContainerLaunchContext launchContext,
      Credentials credentials, long startedAt) {
    this.token = token;
    this.launchContext = launchContext;
    this.credentials = credentials;
    this.startedAt = startedAt;
  }

  /**
   * The state machine over the sealed events. (An if-chain on the sealed type: pattern
   * switches are still a preview feature in Java 17.)
   */
  public Action apply(ContainerEvent event) {
    if (state == NmContainerState.COMPLETE) {
      return event instanceof ContainerEvent.LaunchRequested ? Action.ABORT_LAUNCH : Action.NONE;
    }
    if (event instanceof ContainerEvent.LocalizationStarted) {
      if (state == NmContainerState.NEW) {
        state = NmContainerState.LOCALIZING;
      }
      return Action.NONE;
    } else if (event instanceof ContainerEvent.LaunchRequested) {
      if (state == NmContainerState.LOCALIZING || state == NmContainerState.NEW) {
        state = NmContainerState.RUNNING;
        return Action.LAUNCH;
      }
      // Killed while localizing: never start the process.
      complete(killStatus != null ? killStatus : ContainerExitStatus.ABORTED, "");
      return Action.ABORT_LAUNCH;
    } else if (event instanceof ContainerEvent.Launched e) {
      process = e.process();
      return state == NmContainerState.KILLING ? Action.KILL_PROCESS : Action.NONE;
    } else if (event instanceof ContainerEvent.Exited e) {
      // A kill we asked for wins over the signal's exit code (143/137).
      return killStatus != null ? complete(killStatus, "")
          : complete(e.exitCode(), e.diagnostics());
    } else if (event instanceof ContainerEvent.Failed e) {
      return killStatus != null ? complete(killStatus, e.diagnostics())
          : complete(e.exitCode(), e.diagnostics());
    } else if (event instanceof ContainerEvent.KillRequested e) {
      if (killStatus != null) {
        return Action.NONE;
      }
      killStatus = e.exitStatus();
      appendDiagnostics(e.diagnostics());
      boolean hadProcess = state == NmContainerState.RUNNING && process != null;
      state = NmContainerState.KILLING;
      return hadProcess ? Action.KILL_PROCESS : Action.NONE;
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private Action complete(int code, String diag) {
    state = NmContainerState.COMPLETE;
    exitCode = code;
    appendDiagnostics(diag);
    return Action.COMPLETED;
  }

  private void appendDiagnostics(String diag) {
    if (diag != null && !diag.isEmpty()) {
      diagnostics.append(diag);
      if (!diag.endsWith("\n")) {
        diagnostics.append('\n');
      }
    }
  }

  public ContainerStatus status() {
    ContainerStatus s = ContainerStatus.newInstance(getId(), state.external(),
        diagnostics.toString(), exitCode);
    s.setCapability(token.getResource());
    s.setExecutionType(token.getExecutionType());
    s.setContainerSubState(state.subState());
    return s;
  }

  public NMContainerStatus nmStatus() {
    NMContainerStatus s = NMContainerStatus.newInstance(getId(), token.getVersion(),
        state.external(), token.getResource(), diagnostics.toString(), exitCode,
        token.getPriority(), token.getCreationTime(), token.getNodeLabelExpression(),
        token.getExecutionType(), token.getAllocationRequestId());
    s.setAllocationTags(token.getAllcationTags());
    return s;
  }

  public ContainerId getId() {
    return token.getContainerID();
  }

  public String getUser() {
    return token.getApplicationSubmitter();
  }

  public Resource getResource() {
    return token.getResource();
  }

  public ContainerTokenIdentifier getToken() {
    return token;
  }

  public ContainerLaunchContext getLaunchContext() {
    return launchContext;
  }

  public Map<String, ByteBuffer> getServiceData() {
    return launchContext.getServiceData();
  }

  public Credentials getCredentials() {
    return credentials;
  }

  /** Whether it was asked to stop (kill, preemption, app end) before it ended by itself. */
  public boolean killRequested() {
    return killStatus != null;
  }

  public NmContainerState getState() {
    return state;
  }

  public int getExitCode() {
    return exitCode;
  }

  public String getDiagnostics() {
    return diagnostics.toString();
  }

  public ContainerProcess getProcess() {
    return process;
  }

  public long getStartedAt() {
    return startedAt;
  }

  public File getWorkDir() {
    return workDir;
  }

  public void setWorkDir(File workDir) {
    this.workDir = workDir;
  }

  public File getLogDir() {
    return logDir;
  }

  public void setLogDir(File logDir) {
    this.logDir = logDir;
  }
}
