package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two descriptions of effective queues: queues added, removed, and
 * each setting that changes. Pure: it compares what {@link EffectiveQueues} reported for the
 * running and the candidate configuration.
 */
public final class QueueDiff {

  private QueueDiff() {}

  /** What changes for one queue. */
  public enum Kind { ADDED, REMOVED, CHANGED }

  /**
   * One change. For ADDED and REMOVED, {@code setting} is null; for CHANGED it names the
   * setting, with its running and candidate values (null where it has none).
   */
  public record Change(String queue, Kind kind, String setting, String running,
      String candidate) {

    /** One line an admin reads: "~ root.a  guaranteed: 40960 MB, ... -> 20480 MB, ...". */
    public String line() {
      return switch (kind) {
        case ADDED -> "+ " + queue;
        case REMOVED -> "- " + queue;
        case CHANGED -> "~ " + queue + "  " + setting + ": " + (running == null ? "(none)"
            : running) + " -> " + (candidate == null ? "(none)" : candidate);
      };
    }
  }

  /** The changes from {@code running} to {@code candidate}, in tree order. */
  public static List<Change> between(List<EffectiveQueues.QueueSettings> running,
      List<EffectiveQueues.QueueSettings> candidate) {
    Map<String, Map<String, String>> before = byPath(running);
    Map<String, Map<String, String>> after = byPath(candidate);
    List<Change> out = new ArrayList<>();
    for (var q : running) {
      if (!after.containsKey(q.path())) {
        out.add(new Change(q.path(), Kind.REMOVED, null, null, null));
      }
    }
    for (var q : candidate) {
      Map<String, String> old = before.get(q.path());
      if (old == null) {
        out.add(new Change(q.path(), Kind.ADDED, null, null, null));
        continue;
      }
      for (var e : q.settings().entrySet()) {
        if (!Objects.equals(old.get(e.getKey()), e.getValue())) {
          out.add(new Change(q.path(), Kind.CHANGED, e.getKey(), old.get(e.getKey()),
              e.getValue()));
        }
      }
      for (var e : old.entrySet()) {
        if (!q.settings().containsKey(e.getKey())) {
          out.add(new Change(q.path(), Kind.CHANGED, e.getKey(), e.getValue(), null));
        }
      }
    }
    return out;
  }

  /** Placement rules that differ, as "placement" changes (the whole list when it does). */
  public static List<Change> placement(List<String> running, List<String> candidate) {
    if (running.equals(candidate)) {
      return List.of();
    }
    return List.of(new Change("(placement)", Kind.CHANGED, "rules",
        String.join("; ", running), String.join("; ", candidate)));
  }

  private static Map<String, Map<String, String>> byPath(
      List<EffectiveQueues.QueueSettings> queues) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (var q : queues) {
      out.put(q.path(), q.settings());
    }
    return out;
  }
}
