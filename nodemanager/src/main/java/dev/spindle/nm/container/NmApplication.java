package dev.spindle.nm.container;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * An application that has (or had) containers on this node. Guarded by the
 * {@link ContainerTable} lock.
 */
public final class NmApplication {
  private final ApplicationId id;
  private final String user;
  private final Set<ContainerId> containers = new LinkedHashSet<>();
  private boolean finishing;

  NmApplication(ApplicationId id, String user) {
    this.id = id;
    this.user = user;
  }

  public ApplicationId getId() {
    return id;
  }

  public String getUser() {
    return user;
  }

  public Set<ContainerId> getContainers() {
    return containers;
  }

  /** True once the RM listed the app in applications_to_cleanup. */
  public boolean isFinishing() {
    return finishing;
  }

  void markFinishing() {
    finishing = true;
  }
}
