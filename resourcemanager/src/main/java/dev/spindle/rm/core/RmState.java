package dev.spindle.rm.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * All mutable RM state. Loop-owned: every field is read and written only on the core thread.
 * Applications and attempts change only through {@link #replay}.
 */
final class RmState {

  /** Every application still queryable, in submission order. */
  final Map<ApplicationId, RmApp> apps = new LinkedHashMap<>();
  /** Finished applications, oldest first, for the completed-application window. */
  final Deque<ApplicationId> completed = new ArrayDeque<>();
  /** Every node ever registered, live or not, by id. */
  final Map<NodeId, RmNode> nodes = new LinkedHashMap<>();
  /** Applications by scheduler key. */
  final Map<Long, RmApp> byKey = new HashMap<>();
  /**
   * Nodes in a live state, or -1 when a node changed since the last count. Counted when read
   * (every AM heartbeat), not on every change: 10,000 NMs registering would otherwise make
   * 10,000 walks over all nodes.
   */
  private int liveNodes = -1;
  /** Lifetime counters behind {@link AppCounters}; see {@link #restartCounters()}. */
  long appsSubmitted;
  long appsFinished;
  long appsFailed;
  long appsKilled;
  /** Container ids keep the epoch above this bit (stock ResourceManager.EPOCH_BIT_SHIFT). */
  static final int EPOCH_SHIFT = 40;
  /** The state store's epoch of this RM incarnation; 0 without a store. */
  long epoch;
  /** Sequence of the next application id handed out by getNewApplication. */
  int nextAppSeq = 1;
  /**
   * Cluster timestamps of the applications this cluster has stored: ids earlier RMs of the
   * same cluster handed out, which a client caught by a failover may still submit.
   */
  final java.util.Set<Long> clusterTimestamps = new java.util.HashSet<>();
  /** The scheduler key of the next application; replay assigns keys in submission order. */
  long nextAppKey = 1;

  /** Applies one record: the only way applications and attempts change. */
  void replay(StateRecord record) {
    if (record instanceof StateRecord.AppAdded r) {
      RmApp app = new RmApp(r.submission(), nextAppKey++);
      apps.put(app.id(), app);
      appsSubmitted++;
      byKey.put(app.appKey, app);
      nextAppSeq = Math.max(nextAppSeq, app.id().getId() + 1);
      clusterTimestamps.add(app.id().getClusterTimestamp());
    } else if (record instanceof StateRecord.AppChanged r) {
      RmApp app = apps.get(r.appId());
      boolean wasFinal = app.facts.state().isFinal();
      app.facts = r.facts();
      if (!wasFinal && app.facts.state().isFinal()) {
        completed.addLast(app.id());
        countEnd(app.facts.state());
      }
    } else if (record instanceof StateRecord.AttemptAdded r) {
      RmApp app = apps.get(r.attemptId().getApplicationId());
      app.attempts.add(new RmAttempt(r.attemptId(), app, r.facts()));
    } else if (record instanceof StateRecord.AttemptChanged r) {
      RmAttempt a = attempt(r.attemptId());
      a.facts = r.facts();
      if (a.facts.state().isFinal()) {
        a.usage = a.facts.usage();
      }
    } else if (record instanceof StateRecord.AppUpdated r) {
      apps.get(r.submission().appId()).submission = r.submission();
    } else if (record instanceof StateRecord.AppEvicted r) {
      RmApp app = apps.remove(r.appId());
      byKey.remove(app.appKey);
      completed.remove(r.appId());
    } else {
      throw new AssertionError("unhandled record " + record);
    }
  }

  private void countEnd(AppState end) {
    switch (end) {
      case FINISHED -> appsFinished++;
      case FAILED -> appsFailed++;
      case KILLED -> appsKilled++;
      default -> { }
    }
  }

  /**
   * After recovery the counters start over as the stock RM's do: only the recovered unfinished
   * applications count as submitted; apps that ended before the restart are not counted again.
   */
  void restartCounters() {
    appsSubmitted = apps.values().stream().filter(a -> !a.facts.state().isFinal()).count();
    appsFinished = 0;
    appsFailed = 0;
    appsKilled = 0;
  }

  AppCounters appCounters() {
    int pending = 0;
    int running = 0;
    for (RmApp app : apps.values()) {
      switch (app.facts.state()) {
        case SUBMITTED, ACCEPTED -> pending++;
        case RUNNING, FINISHING -> running++;
        default -> { }
      }
    }
    return new AppCounters(appsSubmitted, appsFinished, appsFailed, appsKilled, pending,
        running);
  }

  /** A node joined, left or changed state: the live count is recounted when next read. */
  void recountLiveNodes() {
    liveNodes = -1;
  }

  int liveNodes() {
    if (liveNodes < 0) {
      int n = 0;
      for (RmNode node : nodes.values()) {
        if (node.isLive()) {
          n++;
        }
      }
      liveNodes = n;
    }
    return liveNodes;
  }

  RmAttempt attempt(ApplicationAttemptId id) {
    RmApp app = apps.get(id.getApplicationId());
    if (app == null) {
      return null;
    }
    for (RmAttempt a : app.attempts) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    return null;
  }
}
