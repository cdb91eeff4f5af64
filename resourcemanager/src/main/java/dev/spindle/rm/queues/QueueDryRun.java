package dev.spindle.rm.queues;

import dev.spindle.rm.core.AppSnapshot;
import dev.spindle.rm.core.QueueSnapshot;
import dev.spindle.rm.core.RmCore;
import dev.spindle.scheduler.ConfigRejection;
import dev.spindle.scheduler.QueueCheck;
import dev.spindle.scheduler.QueueDiff;
import dev.spindle.scheduler.Reconfigurable;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerConfigSource;
import dev.spindle.scheduler.SchedulerSettings;
import dev.spindle.scheduler.UserGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * refreshQueues tried before it is applied: the candidate files are validated exactly as a
 * refresh would validate them against the running applications, and compared with the
 * running configuration as both take effect on this cluster. Call on the event loop.
 */
public final class QueueDryRun {

  private static final java.util.Set<YarnApplicationState> ENDED = java.util.EnumSet.of(
      YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final String policy;
  private final SchedulerSettings settings;
  private final UserGroups groups;
  private final Scheduler scheduler;
  private final SchedulerConfigSource running;
  private final RmCore core;

  public QueueDryRun(String policy, SchedulerSettings settings, UserGroups groups,
      Scheduler scheduler, SchedulerConfigSource running, RmCore core) {
    this.policy = policy;
    this.settings = settings;
    this.groups = groups;
    this.scheduler = scheduler;
    this.running = running;
    this.core = core;
  }

  /**
   * The verdict on candidate files (name to content); a file not given is the running one.
   */
  public QueueCheckReport check(Map<String, byte[]> files) {
    SchedulerConfigSource candidate = name -> files.containsKey(name)
        ? Optional.of(files.get(name)) : running.read(name);
    Optional<ConfigRejection> refused = scheduler instanceof Reconfigurable r
        ? r.check(candidate) : Optional.empty();
    if (refused.isPresent()) {
      return QueueCheckReport.refused(refused.get().message());
    }
    QueueCheck.Outcome now = QueueCheck.describe(scheduler);
    QueueCheck.Outcome next = QueueCheck.candidate(policy, settings, candidate, groups,
        scheduler.clusterCapacity());
    if (!next.valid()) {
      return QueueCheckReport.refused(next.rejection().message());
    }
    List<QueueDiff.Change> changes = new ArrayList<>(QueueDiff.between(now.queues(),
        next.queues()));
    changes.addAll(QueueDiff.placement(now.placement(), next.placement()));
    return new QueueCheckReport(true, null, changes, affected(changes));
  }

  /** Live applications in queues the candidate removes or stops. */
  private List<QueueCheckReport.Affected> affected(List<QueueDiff.Change> changes) {
    List<QueueCheckReport.Affected> out = new ArrayList<>();
    for (QueueDiff.Change c : changes) {
      String why = c.kind() == QueueDiff.Kind.REMOVED ? "its queue is removed"
          : isStopped(c) ? "its queue is stopped: it runs on, no new applications" : null;
      QueueSnapshot q = why == null ? null : core.queue(c.queue(), true, false, false);
      if (q == null) {
        continue;
      }
      for (AppSnapshot app : q.apps()) {
        if (!ENDED.contains(app.state())) {
          out.add(new QueueCheckReport.Affected(app.id().toString(), c.queue(),
              app.state().toString(), why));
        }
      }
    }
    return out;
  }

  private static boolean isStopped(QueueDiff.Change c) {
    return c.kind() == QueueDiff.Kind.CHANGED && "state".equals(c.setting())
        && "STOPPED".equals(c.candidate());
  }
}
