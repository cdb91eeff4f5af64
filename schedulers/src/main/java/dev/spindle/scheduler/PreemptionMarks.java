package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The grace-period bookkeeping both preemption policies share: when each chosen container
 * was first chosen. A container chosen again in every round until the grace period is over
 * is killed; one that drops out of the choice is withdrawn (as in stock
 * {@code ProportionalCapacityPreemptionPolicy}, which only kills what it still wants).
 */
final class PreemptionMarks {

  /** Allocation id to the time it was first chosen, in choice order. */
  private final Map<Long, Long> markedAt = new LinkedHashMap<>();

  /** Turns this round's choice into warnings, kills and withdrawals. */
  PreemptionDecision decide(Set<Long> chosen, long nowMs, long graceMs, LongPredicate live) {
    List<Long> warn = new ArrayList<>();
    List<Long> kill = new ArrayList<>();
    List<Long> withdrawn = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Long>> it = markedAt.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Long> mark = it.next();
      long id = mark.getKey();
      if (!live.test(id)) {
        it.remove();
      } else if (!chosen.contains(id)) {
        withdrawn.add(id);
        it.remove();
      } else if (nowMs - mark.getValue() >= graceMs) {
        kill.add(id);
        it.remove();
      }
    }
    for (long id : chosen) {
      if (!markedAt.containsKey(id) && !kill.contains(id)) {
        markedAt.put(id, nowMs);
        warn.add(id);
      }
    }
    if (warn.isEmpty() && kill.isEmpty() && withdrawn.isEmpty()) {
      return PreemptionDecision.NONE;
    }
    return new PreemptionDecision(warn, kill, withdrawn);
  }

  /** Containers marked and not yet killed or withdrawn. */
  int size() {
    return markedAt.size();
  }

  /** When the oldest live mark was made, or -1 without marks. */
  long firstMarkedAt() {
    return markedAt.isEmpty() ? -1 : markedAt.values().iterator().next();
  }

  void clear() {
    markedAt.clear();
  }
}
