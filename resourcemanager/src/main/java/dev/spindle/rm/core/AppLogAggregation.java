package dev.spindle.rm.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * One application's log aggregation progress: the status each node reported in its
 * heartbeat, folded into the one status the application report carries, by the rules of
 * the stock RMAppLogAggregation. Loop-owned: read and written only on the core thread. Not
 * durable (neither is the stock RM's): after a restart a finished app reports what the NMs
 * send from then on.
 */
final class AppLogAggregation {

  /** Per node; a node enters as NOT_START once one of the app's containers ran on it. */
  private final Map<NodeId, LogAggregationStatus> byNode = new LinkedHashMap<>();
  /** SUCCEEDED, FAILED or TIME_OUT once settled; nothing changes it afterwards. */
  private LogAggregationStatus settled;

  /** A container of the app ran on the node: its logs are expected from there. */
  void ranOn(NodeId node) {
    if (settled == null) {
      byNode.putIfAbsent(node, LogAggregationStatus.NOT_START);
    }
  }

  /** What a node's heartbeat said about the app. */
  void report(NodeId node, LogAggregationStatus status) {
    if (settled != null || status == null) {
      return;
    }
    LogAggregationStatus current = byNode.get(node);
    if (current == LogAggregationStatus.RUNNING_WITH_FAILURE
        && status == LogAggregationStatus.RUNNING) {
      return; // a failure earlier in the run is not forgotten
    }
    byNode.put(node, status);
  }

  /** The app finished more than the status time-out ago: silent nodes timed out. */
  void timeOut() {
    if (settled != null) {
      return;
    }
    byNode.replaceAll((n, s) -> finishedOnNode(s) ? s : LogAggregationStatus.TIME_OUT);
  }

  boolean isSettled() {
    return settled != null;
  }

  /** The status for the application report (stock getLogAggregationStatusForAppReport). */
  LogAggregationStatus forReport(boolean enabled, boolean appFinal) {
    if (!enabled) {
      return LogAggregationStatus.DISABLED;
    }
    if (settled != null) {
      return settled;
    }
    if (byNode.isEmpty()) {
      return LogAggregationStatus.NOT_START;
    }
    int notStarted = 0;
    int completed = 0;
    int failed = 0;
    int timedOut = 0;
    int runningWithFailure = 0;
    for (LogAggregationStatus s : byNode.values()) {
      switch (s) {
        case NOT_START -> notStarted++;
        case RUNNING_WITH_FAILURE -> runningWithFailure++;
        case SUCCEEDED -> completed++;
        case FAILED -> {
          failed++;
          completed++;
        }
        case TIME_OUT -> {
          timedOut++;
          completed++;
        }
        default -> { }
      }
    }
    if (notStarted == byNode.size()) {
      return LogAggregationStatus.NOT_START;
    }
    if (completed == byNode.size()) {
      if (failed > 0 && appFinal) {
        return settle(LogAggregationStatus.FAILED);
      }
      if (timedOut > 0) {
        return settle(LogAggregationStatus.TIME_OUT);
      }
      if (appFinal) {
        return settle(LogAggregationStatus.SUCCEEDED);
      }
    } else if (runningWithFailure > 0) {
      return LogAggregationStatus.RUNNING_WITH_FAILURE;
    }
    return LogAggregationStatus.RUNNING;
  }

  private LogAggregationStatus settle(LogAggregationStatus s) {
    settled = s;
    byNode.clear();
    return s;
  }

  private static boolean finishedOnNode(LogAggregationStatus s) {
    return s == LogAggregationStatus.SUCCEEDED || s == LogAggregationStatus.FAILED
        || s == LogAggregationStatus.TIME_OUT;
  }
}
