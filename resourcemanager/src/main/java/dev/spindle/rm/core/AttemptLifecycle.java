package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The attempt state machine: a pure function from (facts, event) to the next facts and the
 * side effects the core must carry out. No I/O, no clock (time comes in as {@code now}).
 */
public final class AttemptLifecycle {

  private AttemptLifecycle() {}

  /** Things that happen to an attempt. */
  public sealed interface Event {
    record AmAllocated(ContainerId containerId) implements Event {}

    record Launched() implements Event {}

    /**
     * An unmanaged AM's attempt is launched as soon as it exists: its AM runs outside the
     * cluster and needs no container (stock LAUNCHED_UNMANAGED_SAVING then LAUNCHED).
     */
    record LaunchedUnmanaged() implements Event {}

    record LaunchFailed(String diagnostics) implements Event {}

    record Registered(String host, int rpcPort, String trackingUrl) implements Event {}

    /**
     * The AM unregistered. A managed attempt waits in FINISHING for its container to exit;
     * an unmanaged one has no container to wait for and finishes at once (stock YARN-1815).
     */
    record Unregistered(FinalApplicationStatus status, String diagnostics, String trackingUrl,
        boolean unmanaged) implements Event {}

    /** The AM container exited; {@code trackingPage} goes into the crash diagnostics. */
    record AmContainerFinished(int exitStatus, String diagnostics, String trackingPage)
        implements Event {}

    /** No AM heartbeat within the AM liveness interval. */
    record Expired() implements Event {}

    record Killed(String diagnostics) implements Event {}

    /** Failed on request (failApplicationAttempt): counts like an AM crash. */
    record Failed(String diagnostics) implements Event {}

    /** The RM restarted without keeping work: the attempt failed, not counting (7.2). */
    record LostToRestart() implements Event {}
  }

  /**
   * The outcome of an event.
   *
   * @param launch          start the AM container through the launcher
   * @param stopAmContainer stop the AM container (the attempt ended while it may still run)
   */
  public record Step(AttemptFacts next, boolean launch, boolean stopAmContainer) {
    public boolean ended() {
      return next.state().isFinal();
    }
  }

  /** The next step, or null when the event does not apply in the current state. */
  public static Step on(String attemptId, AttemptFacts f, Event event, long now) {
    AttemptState s = f.state();
    if (s.isFinal()) {
      return null;
    }
    boolean amStarted = s == AttemptState.ALLOCATED || s == AttemptState.LAUNCHED
        || s == AttemptState.RUNNING || s == AttemptState.FINISHING;
    // Java 17 has no pattern switch: an instanceof ladder over the sealed family instead.
    if (event instanceof Event.AmAllocated e) {
      return s == AttemptState.SCHEDULED
          ? new Step(f.withAmContainer(e.containerId()), true, false) : null;
    } else if (event instanceof Event.Launched) {
      return s == AttemptState.ALLOCATED
          ? new Step(f.withState(AttemptState.LAUNCHED), false, false) : null;
    } else if (event instanceof Event.LaunchedUnmanaged) {
      return s == AttemptState.SCHEDULED
          ? new Step(f.withState(AttemptState.LAUNCHED), false, false) : null;
    } else if (event instanceof Event.LaunchFailed e) {
      return s == AttemptState.ALLOCATED || s == AttemptState.LAUNCHED
          ? new Step(f.ended(AttemptState.FAILED, "Error launching " + attemptId
              + ". Got exception: " + e.diagnostics(), now, ContainerExitStatus.INVALID),
              false, false)
          : null;
    } else if (event instanceof Event.Registered e) {
      return s == AttemptState.ALLOCATED || s == AttemptState.LAUNCHED
          ? new Step(f.registered(e.host(), e.rpcPort(), e.trackingUrl()), false, false)
          : null;
    } else if (event instanceof Event.Unregistered e) {
      if (s != AttemptState.RUNNING) {
        return null;
      }
      AttemptFacts done = f.unregistered(e.status(), e.diagnostics(), e.trackingUrl());
      return new Step(e.unmanaged() ? done.ended(AttemptState.FINISHED, done.diagnostics(),
          now, f.amExitStatus()) : done, false, false);
    } else if (event instanceof Event.AmContainerFinished e) {
      return amFinished(attemptId, f, e, now);
    } else if (event instanceof Event.Expired) {
      return amStarted ? expired(attemptId, f, now) : null;
    } else if (event instanceof Event.Failed e) {
      return new Step(f.ended(AttemptState.FAILED, e.diagnostics(), now,
          ContainerExitStatus.INVALID), false, amStarted);
    } else if (event instanceof Event.LostToRestart) {
      return new Step(f.ended(AttemptState.FAILED, "Attempt " + attemptId + " was lost to a"
          + " ResourceManager restart", now, ContainerExitStatus.KILLED_BY_RESOURCEMANAGER),
          false, false);
    } else if (event instanceof Event.Killed e) {
      return new Step(f.ended(AttemptState.KILLED, e.diagnostics(), now, f.amExitStatus()),
          false, amStarted);
    }
    throw new AssertionError("unhandled attempt event " + event);
  }

  private static Step amFinished(String attemptId, AttemptFacts f,
      Event.AmContainerFinished e, long now) {
    return switch (f.state()) {
      case FINISHING -> new Step(
          f.ended(AttemptState.FINISHED, f.diagnostics(), now, e.exitStatus()), false, false);
      case ALLOCATED, LAUNCHED, RUNNING -> new Step(f.ended(AttemptState.FAILED,
          crashDiagnostics(attemptId, e), now, e.exitStatus()), false, false);
      default -> null;
    };
  }

  private static Step expired(String attemptId, AttemptFacts f, long now) {
    if (f.state() == AttemptState.FINISHING) {
      // The AM unregistered but its container never exited: reap it, the outcome stands.
      return new Step(f.ended(AttemptState.FINISHED, f.diagnostics(), now, f.amExitStatus()),
          false, true);
    }
    return new Step(f.ended(AttemptState.FAILED,
        "ApplicationMaster for attempt " + attemptId + " timed out", now, f.amExitStatus()),
        false, true);
  }

  /** The stock wording (RMAppAttemptImpl), which Spark and MR show to users. */
  static String crashDiagnostics(String attemptId, Event.AmContainerFinished e) {
    StringBuilder b = new StringBuilder()
        .append("AM Container for ").append(attemptId)
        .append(" exited with ").append(" exitCode: ").append(e.exitStatus()).append('\n')
        .append("Failing this attempt.").append("Diagnostics: ").append(e.diagnostics());
    if (e.trackingPage() != null) {
      b.append("For more detailed output,")
          .append(" check the application tracking page: ").append(e.trackingPage())
          .append(" Then click on links to logs of each attempt.\n");
    }
    return b.toString();
  }

  /**
   * Whether a failed attempt counts towards the maximum (yarn-compat 7.2): preemption, lost
   * nodes, bad disks and RM-initiated kills do not, nor failures older than the validity
   * window.
   */
  public static boolean countsTowardsMaxAttempts(AttemptFacts f, long validityIntervalMs,
      long now) {
    if (f.state() != AttemptState.FAILED) {
      return false;
    }
    if (validityIntervalMs > 0 && f.finishTime() > 0
        && f.finishTime() < now - validityIntervalMs) {
      return false;
    }
    int exit = f.amExitStatus();
    return !(exit == ContainerExitStatus.PREEMPTED || exit == ContainerExitStatus.ABORTED
        || exit == ContainerExitStatus.DISKS_FAILED
        || exit == ContainerExitStatus.KILLED_BY_RESOURCEMANAGER);
  }
}
