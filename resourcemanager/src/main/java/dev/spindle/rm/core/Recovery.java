package dev.spindle.rm.core;

import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the core after a restart or failover: replays the stored records, then puts every
 * unfinished application back in the scheduler and moves it on as the stock non-work-preserving
 * restart does (yarn-compat 6.5): a live attempt fails without counting towards the maximum and
 * a new attempt starts; an application whose AM had unregistered finishes. Loop-owned.
 *
 * <p>Rationale: the store records only what records carry; anything between two records of
 * one operation (an attempt ended but its successor not yet created) is finished here from the
 * durable facts, so every stored state has exactly one way forward.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final Coordinator co;
  private final RmState state;

  Recovery(Coordinator co) {
    this.co = co;
    this.state = co.state;
  }

  void recover(List<StateRecord> records, long epoch) {
    for (StateRecord r : records) {
      state.replay(r);
    }
    state.epoch = epoch;
    int unfinished = 0;
    for (RmApp app : new ArrayList<>(state.apps.values())) {
      if (!app.facts.state().isFinal()) {
        unfinished++;
        resume(app);
      }
    }
    while (state.completed.size() > co.settings.maxCompletedApps()) {
      co.apply(new StateRecord.AppEvicted(state.completed.peekFirst()));
    }
    LOG.info("Recovered {} applications ({} unfinished) at epoch {}", state.apps.size(),
        unfinished, epoch);
  }

  private void resume(RmApp app) {
    AppSubmission s = app.submission;
    int priority = s.context().getPriority() == null ? 0 : s.context().getPriority().getPriority();
    Optional<Rejection> rejection =
        co.scheduler.addApplication(new AppSpec(app.appKey, s.queue(), s.user(), priority,
            app.isUnmanaged()));
    RmAttempt attempt = app.currentAttempt();
    boolean attemptLive = attempt != null && !attempt.facts.state().isFinal();
    if (rejection.isPresent()) {
      // The queue is gone or full under the new configuration: the application fails.
      if (attemptLive) {
        co.apply(new StateRecord.AttemptChanged(attempt.id, attempt.facts.ended(
            AttemptState.KILLED, rejection.get().message(), co.now(),
            attempt.facts.amExitStatus())));
      }
      co.appEvent(app, new AppLifecycle.Event.Rejected(rejection.get().message()));
    } else if (app.facts.state() == AppState.SUBMITTED) {
      co.appEvent(app, new AppLifecycle.Event.Accepted());
    } else if (attempt == null) {
      co.startAttempt(app);
    } else if (!attemptLive) {
      co.appEvent(app, co.attemptEnded(app, attempt.facts));
    } else if (attempt.facts.state() == AttemptState.SCHEDULED && !app.isUnmanaged()) {
      // No AM container was given out: nothing ran and nothing is lost. The attempt asks
      // again, with no store write (the stock RM, which stores an attempt only once its AM
      // container is allocated, likewise comes back with the same attempt number).
      co.askForAm(app);
    } else if (attempt.facts.state() == AttemptState.FINISHING) {
      // The AM unregistered with its outcome: that outcome stands.
      co.attemptEvent(attempt, new AttemptLifecycle.Event.Expired());
    } else if (co.workPreserving() && amRunning(attempt)) {
      keepRunning(attempt);
    } else {
      co.attemptEvent(attempt, new AttemptLifecycle.Event.LostToRestart());
    }
  }

  /** The AM container was started, so the AM may still be running somewhere. */
  private static boolean amRunning(RmAttempt attempt) {
    AttemptState s = attempt.facts.state();
    return s == AttemptState.LAUNCHED || s == AttemptState.RUNNING;
  }

  /**
   * Work-preserving: the attempt stays alive, known but not registered (no last response), so
   * its AM's next allocate gets ApplicationMasterNotRegisteredException and it registers
   * again; its token (under the stored key) is accepted again, and its liveness clock starts
   * now. Its containers come back as their NMs re-register. Like the stock RMAppAttemptImpl
   * it waits in LAUNCHED until the AM registers again.
   */
  private void keepRunning(RmAttempt attempt) {
    if (attempt.facts.state() == AttemptState.RUNNING) {
      co.apply(new StateRecord.AttemptChanged(attempt.id,
          attempt.facts.withState(AttemptState.LAUNCHED)));
    }
    attempt.lastPing = co.now();
    attempt.lastResult = null;
    co.amrmTokens.recover(attempt.id);
    LOG.info("{} kept across the restart; waiting for its AM to register again", attempt.id);
  }
}
