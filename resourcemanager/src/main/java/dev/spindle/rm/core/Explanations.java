package dev.spindle.rm.core;

import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes {@link AppExplanation}s from the scheduler's per-ask reasons and the RM's view of
 * the application. Loop-owned, like {@link Reports}.
 */
final class Explanations {

  private final RmState state;
  private final Scheduler scheduler;
  private final Reports reports;
  private final java.util.function.LongSupplier clock;

  Explanations(RmState state, Scheduler scheduler, Reports reports,
      java.util.function.LongSupplier clock) {
    this.state = state;
    this.scheduler = scheduler;
    this.reports = reports;
    this.clock = clock;
  }

  AppExplanation of(RmApp app) {
    var priority = app.submission.context().getPriority();
    boolean finished = app.facts.state().isFinal();
    return new AppExplanation(app.id(), reports.queuePath(app), app.submission.user(),
        app.facts.state().name(), finished, priority == null ? 0 : priority.getPriority(),
        finished ? List.of() : scheduler.explain(app.appKey), clock.getAsLong());
  }

  /** Every unfinished application that waits for something, in submission order. */
  List<AppExplanation> waiting() {
    List<AppExplanation> out = new ArrayList<>();
    for (RmApp app : state.apps.values()) {
      if (!app.facts.state().isFinal()) {
        AppExplanation e = of(app);
        if (!e.asks().isEmpty()) {
          out.add(e);
        }
      }
    }
    return out;
  }
}
