package dev.spindle.rm.core;

import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * The getApplications filters (yarn-compat 1.5), all optional and AND-ed. Empty sets and
 * null values match everything; time ranges are inclusive.
 *
 * @param types application types, matched ignoring case
 * @param tags  matches an application carrying any of them
 */
public record AppFilter(
    Set<String> types,
    EnumSet<YarnApplicationState> states,
    Set<String> queues,
    Set<String> users,
    Set<String> tags,
    String name,
    long startFrom,
    long startTo,
    long finishFrom,
    long finishTo,
    long limit) {

  /** Matches every application. */
  public static AppFilter all() {
    return new AppFilter(null, null, null, null, null, null, 0, Long.MAX_VALUE, 0,
        Long.MAX_VALUE, Long.MAX_VALUE);
  }

  boolean matches(RmApp app, String queuePath) {
    var ctx = app.submission.context();
    if (!isEmpty(types) && types.stream().noneMatch(t -> t.equalsIgnoreCase(
        ctx.getApplicationType()))) {
      return false;
    }
    if (states != null && !states.isEmpty() && !states.contains(app.facts.state().toYarn())) {
      return false;
    }
    if (!isEmpty(queues) && !queues.contains(app.submission.queue())
        && !queues.contains(queuePath)) {
      return false;
    }
    if (!isEmpty(users) && !users.contains(app.submission.user())) {
      return false;
    }
    if (!isEmpty(tags) && (ctx.getApplicationTags() == null
        || tags.stream().noneMatch(ctx.getApplicationTags()::contains))) {
      return false;
    }
    if (name != null && !name.equals(ctx.getApplicationName())) {
      return false;
    }
    long start = app.submission.submitTime();
    long finish = app.facts.finishTime();
    return start >= startFrom && start <= startTo && finish >= finishFrom && finish <= finishTo;
  }

  private static boolean isEmpty(Set<String> s) {
    return s == null || s.isEmpty();
  }
}
