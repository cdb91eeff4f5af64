package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The application state machine: a pure function from (facts, event) to the next facts and
 * the one follow-up action the core must take. No I/O, no clock.
 */
public final class AppLifecycle {

  private AppLifecycle() {}

  /** Things that happen to an application. */
  public sealed interface Event {
    /** The scheduler took the application into its queue. */
    record Accepted() implements Event {}

    /** The scheduler refused it (unknown queue, queue stopped or full...). */
    record Rejected(String diagnostics) implements Event {}

    record AttemptRegistered() implements Event {}

    record AttemptUnregistered(FinalApplicationStatus status, String diagnostics)
        implements Event {}

    /**
     * The current attempt reached a final state.
     *
     * @param countedFailures failed attempts so far that count towards the maximum
     * @param globalMaxAttempts the cluster-wide limit, for the stock failure wording
     * @param unmanaged the AM runs outside the cluster: the RM cannot start another one, so a
     *                  failed attempt fails the application (stock RMAppImpl)
     */
    record AttemptEnded(AttemptFacts attempt, int countedFailures, int maxAttempts,
        int globalMaxAttempts, boolean unmanaged) implements Event {}

    /** A kill request; {@code attemptLive} says whether an attempt must be killed first. */
    record Kill(String diagnostics, boolean attemptLive) implements Event {}
  }

  /** What the core does after the transition. */
  public enum Action {
    NONE,
    START_ATTEMPT,
    KILL_ATTEMPT,
    /** The app reached a final state: free everything it holds. */
    CLEANUP
  }

  public record Step(AppFacts next, Action action) {}

  /** The next step, or null when the event does not apply in the current state. */
  public static Step on(String appId, AppFacts f, Event event, long now) {
    AppState s = f.state();
    if (s.isFinal()) {
      return null;
    }
    // Java 17 has no pattern switch: an instanceof ladder over the sealed family instead.
    if (event instanceof Event.Accepted) {
      return s == AppState.SUBMITTED
          ? new Step(f.withState(AppState.ACCEPTED), Action.START_ATTEMPT) : null;
    } else if (event instanceof Event.Rejected e) {
      return new Step(
          f.ended(AppState.FAILED, FinalApplicationStatus.FAILED, e.diagnostics(), now),
          Action.CLEANUP);
    } else if (event instanceof Event.AttemptRegistered) {
      return s == AppState.ACCEPTED ? new Step(f.withState(AppState.RUNNING), Action.NONE)
          : null;
    } else if (event instanceof Event.AttemptUnregistered e) {
      return new Step(f.ended(AppState.FINISHING, e.status(),
          e.diagnostics() == null ? "" : e.diagnostics(), 0), Action.NONE);
    } else if (event instanceof Event.AttemptEnded e) {
      return attemptEnded(appId, f, e, now);
    } else if (event instanceof Event.Kill e) {
      return kill(f, e, now);
    }
    throw new AssertionError("unhandled app event " + event);
  }

  private static Step attemptEnded(String appId, AppFacts f, Event.AttemptEnded e, long now) {
    AttemptFacts a = e.attempt();
    if (f.killRequested()) {
      return new Step(f.ended(AppState.KILLED, FinalApplicationStatus.KILLED,
          f.diagnostics(), now), Action.CLEANUP);
    }
    if (a.state() == AttemptState.FINISHED) {
      return new Step(f.ended(AppState.FINISHED, a.finalStatus(), a.diagnostics(), now),
          Action.CLEANUP);
    }
    if (e.unmanaged()) {
      return new Step(f.ended(AppState.FAILED, FinalApplicationStatus.FAILED,
          "Unmanaged application " + appId + " failed due to " + a.diagnostics()
              + ". Failing the application.", now), Action.CLEANUP);
    }
    boolean beyond = e.maxAttempts() <= 1 && a.state() == AttemptState.FAILED
        || e.countedFailures() >= e.maxAttempts();
    if (!beyond) {
      return new Step(f.withState(AppState.ACCEPTED), Action.START_ATTEMPT);
    }
    return new Step(f.ended(AppState.FAILED, FinalApplicationStatus.FAILED,
        failedDiagnostics(appId, e), now), Action.CLEANUP);
  }

  private static Step kill(AppFacts f, Event.Kill e, long now) {
    if (f.state() == AppState.FINISHING || f.killRequested()) {
      return null;
    }
    if (e.attemptLive()) {
      return new Step(f.killing(e.diagnostics()), Action.KILL_ATTEMPT);
    }
    return new Step(f.killing(e.diagnostics()).ended(AppState.KILLED,
        FinalApplicationStatus.KILLED, e.diagnostics(), now), Action.CLEANUP);
  }

  /** The stock wording (RMAppImpl#getAppAttemptFailedDiagnostics). */
  static String failedDiagnostics(String appId, Event.AttemptEnded e) {
    String limits = e.globalMaxAttempts() == e.maxAttempts() ? ""
        : " (global limit =" + e.globalMaxAttempts() + "; local limit is ="
            + e.maxAttempts() + ")";
    return String.format("Application %s failed %d times%s due to %s. Failing the application.",
        appId, e.maxAttempts(), limits, e.attempt().diagnostics());
  }
}
