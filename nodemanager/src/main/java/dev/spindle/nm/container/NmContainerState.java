package dev.spindle.nm.container;

import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerSubState;

/** Lifecycle of a container on this node. */
public enum NmContainerState {
  NEW, LOCALIZING, RUNNING, KILLING, COMPLETE;

  /** The stock NM reports everything before DONE as RUNNING (ContainerImpl#getCurrentState). */
  public ContainerState external() {
    return this == COMPLETE ? ContainerState.COMPLETE : ContainerState.RUNNING;
  }

  public ContainerSubState subState() {
    return switch (this) {
      case NEW, LOCALIZING -> ContainerSubState.SCHEDULED;
      case RUNNING, KILLING -> ContainerSubState.RUNNING;
      case COMPLETE -> ContainerSubState.DONE;
    };
  }
}
