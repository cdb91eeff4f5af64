package dev.spindle.nm.container;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.server.api.protocolrecords.NMContainerStatus;

/**
 * Every container and application this node knows, plus the "recently stopped" memory.
 *
 * <p>Locking: this object's monitor is the ONE lock for all container and application
 * state on the node (including each {@link NmContainer}'s state machine). Blocking work
 * (localization, waiting for processes, signals) never runs under it.
 */
public final class ContainerTable {
  private final Map<ContainerId, NmContainer> containers = new LinkedHashMap<>();
  private final Map<ApplicationId, NmApplication> apps = new LinkedHashMap<>();
  /** Completed containers of finished apps, removed but not yet reported once more. */
  private final Map<ContainerId, ContainerStatus> pendingCompleted = new LinkedHashMap<>();
  /** container -> time until which stop/status calls on it still succeed. */
  private final Map<ContainerId, Long> recentlyStopped = new LinkedHashMap<>();
  /** Containers launched, and ended by kind, since the NM started (under the lock). */
  private long launched;
  private long completed;
  private long failed;
  private long killed;
  private final long trackStoppedMs;
  private final LongSupplier clock;

  public ContainerTable(long trackStoppedMs, LongSupplier clock) {
    this.trackStoppedMs = trackStoppedMs;
    this.clock = clock;
  }

  /** Adds a container; false if the id is already known (a duplicate start). */
  public synchronized boolean add(NmContainer c) {
    if (containers.containsKey(c.getId())) {
      return false;
    }
    containers.put(c.getId(), c);
    apps.computeIfAbsent(NmContainerIds.app(c.getId()), a -> new NmApplication(a, c.getUser(),
            c.getLaunchContext().getApplicationACLs(), c.getToken().getLogAggregationContext()))
        .getContainers().add(c.getId());
    return true;
  }

  public synchronized NmContainer get(ContainerId id) {
    return containers.get(id);
  }

  /** Feeds one event to a container's state machine under the table lock. */
  public synchronized NmContainer.Action apply(ContainerId id, ContainerEvent event) {
    NmContainer c = containers.get(id);
    if (c == null) {
      return NmContainer.Action.NONE;
    }
    boolean wasDone = c.getState() == NmContainerState.COMPLETE;
    NmContainer.Action a = c.apply(event);
    if (a == NmContainer.Action.LAUNCH) {
      launched++;
    }
    if (!wasDone && c.getState() == NmContainerState.COMPLETE) {
      if (c.killRequested()) {
        killed++;
      } else if (c.getExitCode() == 0) {
        completed++;
      } else {
        failed++;
      }
    }
    return a;
  }

  /**
   * What NodeManagerMetrics publishes, taken under the table lock: containers by state, what
   * the live ones hold, and lifetime counts of launches and of ends by kind.
   */
  public record Usage(int initing, int running, int allocatedContainers, long allocatedMb,
      long allocatedVcores, int appsRunning, long launched, long completed, long failed,
      long killed) {}

  public synchronized Usage usage() {
    int initing = 0;
    int running = 0;
    long mb = 0;
    long vcores = 0;
    for (NmContainer c : containers.values()) {
      switch (c.getState()) {
        case NEW, LOCALIZING -> initing++;
        case RUNNING, KILLING -> running++;
        case COMPLETE -> {
          continue;
        }
      }
      mb += c.getResource().getMemorySize();
      vcores += c.getResource().getVirtualCores();
    }
    int apps = 0;
    for (NmApplication a : this.apps.values()) {
      apps += a.isFinishing() ? 0 : 1;
    }
    return new Usage(initing, running, initing + running, mb, vcores, apps, launched,
        completed, failed, killed);
  }

  public synchronized ContainerStatus status(ContainerId id) {
    NmContainer c = containers.get(id);
    return c == null ? null : c.status();
  }

  public synchronized List<NmContainer> all() {
    return new ArrayList<>(containers.values());
  }

  public synchronized NmApplication app(ApplicationId id) {
    return apps.get(id);
  }

  public synchronized List<NmApplication> apps() {
    return new ArrayList<>(apps.values());
  }

  public synchronized List<ApplicationId> runningApps() {
    List<ApplicationId> out = new ArrayList<>();
    for (NmApplication a : apps.values()) {
      if (!a.isFinishing()) {
        out.add(a.getId());
      }
    }
    return out;
  }

  /** Marks an app finishing and returns its containers that are not complete yet. */
  public synchronized List<NmContainer> finishApp(ApplicationId id) {
    List<NmContainer> live = new ArrayList<>();
    NmApplication a = apps.get(id);
    if (a == null) {
      return live;
    }
    a.markFinishing();
    for (ContainerId cid : a.getContainers()) {
      NmContainer c = containers.get(cid);
      if (c != null && c.getState() != NmContainerState.COMPLETE) {
        live.add(c);
      }
    }
    return live;
  }

  /** True when the app is finishing and none of its containers is still alive. */
  public synchronized boolean appDone(ApplicationId id) {
    NmApplication a = apps.get(id);
    if (a == null || !a.isFinishing()) {
      return false;
    }
    for (ContainerId cid : a.getContainers()) {
      NmContainer c = containers.get(cid);
      if (c != null && c.getState() != NmContainerState.COMPLETE) {
        return false;
      }
    }
    return true;
  }

  /** Removes a finished app whose containers all ended; null if not (or already) so. */
  public synchronized NmApplication removeAppIfDone(ApplicationId id) {
    return appDone(id) ? apps.remove(id) : null;
  }

  /**
   * Statuses for a heartbeat: every live container and every completed one not yet acked.
   * Completed containers of finishing apps are dropped after this report, like the stock
   * NM does, because the RM never acks containers of apps it has finished.
   */
  public synchronized List<ContainerStatus> heartbeatStatuses() {
    List<ContainerStatus> out = new ArrayList<>();
    Iterator<NmContainer> it = containers.values().iterator();
    while (it.hasNext()) {
      NmContainer c = it.next();
      ContainerStatus s = c.status();
      NmApplication a = apps.get(NmContainerIds.app(c.getId()));
      if (c.getState() == NmContainerState.COMPLETE && (a == null || a.isFinishing())) {
        it.remove();
        if (a != null) {
          a.getContainers().remove(c.getId());
        }
        pendingCompleted.put(c.getId(), s);
        markStopped(c.getId());
      } else {
        out.add(s);
      }
    }
    out.addAll(pendingCompleted.values());
    return out;
  }

  /** After a heartbeat the RM surely processed: the once-more reports are delivered. */
  public synchronized void clearPendingCompleted() {
    pendingCompleted.clear();
  }

  public synchronized List<NMContainerStatus> registrationStatuses() {
    List<NMContainerStatus> out = new ArrayList<>();
    for (NmContainer c : containers.values()) {
      out.add(c.nmStatus());
    }
    return out;
  }

  /** containers_to_be_removed_from_nm: forget completed containers the RM acked. */
  public synchronized void ack(List<ContainerId> ids) {
    for (ContainerId id : ids) {
      pendingCompleted.remove(id);
      NmContainer c = containers.get(id);
      if (c != null && c.getState() == NmContainerState.COMPLETE) {
        containers.remove(id);
        NmApplication a = apps.get(NmContainerIds.app(id));
        if (a != null) {
          a.getContainers().remove(id);
        }
        markStopped(id);
      }
    }
  }

  private void markStopped(ContainerId id) {
    long now = clock.getAsLong();
    recentlyStopped.values().removeIf(until -> until < now);
    recentlyStopped.putIfAbsent(id, now + trackStoppedMs);
  }

  public synchronized boolean recentlyStopped(ContainerId id) {
    Long until = recentlyStopped.get(id);
    return until != null && until >= clock.getAsLong();
  }
}
