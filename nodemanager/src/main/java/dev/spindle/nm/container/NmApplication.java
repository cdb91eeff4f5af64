package dev.spindle.nm.container;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.LogAggregationContext;

/**
 * An application that has (or had) containers on this node. Guarded by the
 * {@link ContainerTable} lock.
 */
public final class NmApplication {
  private final ApplicationId id;
  private final String user;
  /** From the first container's launch context: written into the aggregated log file. */
  private final Map<ApplicationAccessType, String> acls;
  /** From the first container's token: which log files to aggregate; may be null. */
  private final LogAggregationContext logAggregationContext;
  private final Set<ContainerId> containers = new LinkedHashSet<>();
  private boolean finishing;

  public NmApplication(ApplicationId id, String user, Map<ApplicationAccessType, String> acls,
      LogAggregationContext logAggregationContext) {
    this.id = id;
    this.user = user;
    this.acls = acls == null ? Map.of() : Map.copyOf(acls);
    this.logAggregationContext = logAggregationContext;
  }

  public ApplicationId getId() {
    return id;
  }

  public String getUser() {
    return user;
  }

  public Map<ApplicationAccessType, String> getAcls() {
    return acls;
  }

  public LogAggregationContext getLogAggregationContext() {
    return logAggregationContext;
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
