package dev.spindle.rm.core;

import dev.spindle.scheduler.Rejection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ApplicationTimeoutType;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.util.Times;

/**
 * Changes to an accepted application, as the stock ClientRMService and RMAppManager make
 * them: a move to another queue, a new priority, a new lifetime; and the lifetime's expiry.
 * Each change is a new submission recorded durably ({@link StateRecord.AppUpdated}) before
 * the caller is answered. Loop-owned.
 */
final class AppUpdates {

  /** Stock RMAppLifetimeMonitor's kill diagnostics. */
  static final String LIFETIME_EXCEEDED =
      "Application is killed by ResourceManager as it has exceeded the lifetime period.";

  /** Stock ACTIVE_APP_STATES: what the scheduler tracks and a change may still apply to. */
  private static final EnumSet<AppState> ACTIVE =
      EnumSet.of(AppState.SUBMITTED, AppState.ACCEPTED, AppState.RUNNING);

  private final Coordinator co;

  AppUpdates(Coordinator co) {
    this.co = co;
  }

  /** Moves the application's queue; a refusal says why (stock moveApplicationAcrossQueues). */
  void move(RmApp app, String targetQueue) throws Refusal {
    if (!ACTIVE.contains(app.facts.state())) {
      throw new Refusal(Refusal.Kind.REFUSED, "App in " + app.facts.state().toYarn()
          + " state cannot be moved.");
    }
    Optional<Rejection> refused = co.scheduler.moveApplication(app.appKey, targetQueue);
    if (refused.isPresent()) {
      throw new Refusal(Refusal.Kind.REFUSED, refused.get().message());
    }
    String path = co.scheduler.application(app.appKey).orElseThrow().queuePath();
    ApplicationSubmissionContext ctx = copy(app);
    ctx.setQueue(path);
    record(app, ctx, path);
  }

  /**
   * Sets the priority, capped at yarn.cluster.max-application-priority as stock caps it, and
   * returns the one in force (null: a finished application that had none). A finished
   * application keeps its own without error.
   */
  Integer updatePriority(RmApp app, int requested) throws Refusal {
    Priority current = app.submission.context().getPriority();
    if (app.facts.state().isFinal()) {
      return current == null ? null : current.getPriority();
    }
    if (!ACTIVE.contains(app.facts.state())) {
      throw new Refusal(Refusal.Kind.REFUSED, "Application in " + app.facts.state().toYarn()
          + " state cannot update priority.");
    }
    int priority = Math.min(requested, co.settings.maxApplicationPriority());
    if (current == null || current.getPriority() != priority) {
      co.scheduler.updatePriority(app.appKey, priority);
      ApplicationSubmissionContext ctx = copy(app);
      ctx.setPriority(Priority.newInstance(priority));
      record(app, ctx, app.submission.queue());
    }
    return priority;
  }

  /**
   * Sets the lifetime expiry from ISO 8601 times (stock updateApplicationTimeouts); returns
   * what was set. A finished application is left alone without error.
   */
  Map<ApplicationTimeoutType, String> updateTimeouts(RmApp app,
      Map<ApplicationTimeoutType, String> timeouts) throws Refusal {
    if (timeouts == null || timeouts.isEmpty()) {
      throw new Refusal(Refusal.Kind.REFUSED,
          "At least one ApplicationTimeoutType should be configured for updating timeouts.");
    }
    if (app.facts.state().isFinal()) {
      return timeouts;
    }
    if (!ACTIVE.contains(app.facts.state())) {
      throw new Refusal(Refusal.Kind.REFUSED, "Application is in " + app.facts.state().toYarn()
          + " state can not update timeout.");
    }
    long now = co.now();
    Map<ApplicationTimeoutType, Long> lifetimes =
        new HashMap<>(lifetimesOf(app.submission.context()));
    for (Map.Entry<ApplicationTimeoutType, String> e : timeouts.entrySet()) {
      long expiry;
      try {
        expiry = Times.parseISO8601ToLocalTimeInMillis(e.getValue());
      } catch (java.text.ParseException | RuntimeException ex) {
        throw new Refusal(Refusal.Kind.REFUSED, "Expire time is not in ISO8601 format. ISO8601"
            + " supported format is yyyy-MM-dd'T'HH:mm:ss.SSSZ. Configured timeout value is "
            + e.getValue(), ex);
      }
      if (expiry < now) {
        throw new Refusal(Refusal.Kind.REFUSED, "Expire time is less than current time,"
            + " current-time=" + Times.formatISO8601(now) + " expire-time="
            + Times.formatISO8601(expiry));
      }
      // Kept as the submission keeps it: seconds from submission, rounded up.
      long fromSubmit = expiry - app.submission.submitTime();
      lifetimes.put(e.getKey(), Math.max(1, (fromSubmit + 999) / 1000));
    }
    ApplicationSubmissionContext ctx = copy(app);
    ctx.setApplicationTimeouts(lifetimes);
    record(app, ctx, app.submission.queue());
    return timeouts;
  }

  /** When the application's lifetime ends (ms since the epoch), or -1 for none. */
  static long lifetimeExpiry(AppSubmission s) {
    Long seconds = lifetimesOf(s.context()).get(ApplicationTimeoutType.LIFETIME);
    if (seconds == null || seconds <= 0) {
      return -1;
    }
    // A lifetime past the end of time is no lifetime (a client may send Long.MAX_VALUE).
    return seconds > (Long.MAX_VALUE - s.submitTime()) / 1000 ? -1
        : s.submitTime() + seconds * 1000;
  }

  /** Kills every live application whose lifetime has ended (a timer calls this). */
  void expireLifetimes() {
    long now = co.now();
    for (RmApp app : new java.util.ArrayList<>(co.state.apps.values())) {
      long expiry = lifetimeExpiry(app.submission);
      if (expiry > 0 && expiry <= now && !app.facts.state().isFinal()
          && app.facts.state() != AppState.FINISHING && !app.facts.killRequested()) {
        RmAttempt attempt = app.currentAttempt();
        boolean attemptLive = attempt != null && !attempt.facts.state().isFinal();
        co.appEvent(app, new AppLifecycle.Event.Kill(LIFETIME_EXCEEDED, attemptLive));
      }
    }
  }

  private static Map<ApplicationTimeoutType, Long> lifetimesOf(ApplicationSubmissionContext c) {
    Map<ApplicationTimeoutType, Long> m = c.getApplicationTimeouts();
    return m == null ? Map.of() : m;
  }

  private static ApplicationSubmissionContext copy(RmApp app) {
    return new ApplicationSubmissionContextPBImpl(
        ((ApplicationSubmissionContextPBImpl) app.submission.context()).getProto());
  }

  private void record(RmApp app, ApplicationSubmissionContext ctx, String queue) {
    AppSubmission s = app.submission;
    co.apply(new StateRecord.AppUpdated(new AppSubmission(s.appId(), ctx, s.user(), queue,
        s.submitTime(), s.maxAttempts(), s.amRequest()), app.facts));
  }
}
