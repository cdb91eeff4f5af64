package dev.spindle.scheduler;

import static dev.spindle.scheduler.FairSchedulerTest.GB;
import static dev.spindle.scheduler.FairSchedulerTest.fair;
import static dev.spindle.scheduler.FairSchedulerTest.nodes;
import static dev.spindle.scheduler.FairSchedulerTest.submit;
import static dev.spindle.scheduler.FairSchedulerTest.usedGb;
import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fair's min-share and fair-share preemption in simulated time (1 s rounds). */
class FairPreemptionTest {

  private static final long ROUND_MS = 1000;

  private static ConfigFiles files(String... queues) {
    return new ConfigFiles().yarnSite("yarn.scheduler.fair.preemption", "true").fair(queues);
  }

  /** a has taken the whole idle 100 GB cluster; then b asks for {@code wanted} GB. */
  private static FairScheduler starvedB(ConfigFiles files, int wanted) {
    FairScheduler s = fair(files, UserGroups.NONE, nodes(10));
    submit(s, 1, "a", "alice", mb(GB, 1), 100);
    assertEquals(100, s.allocateAll().size());
    submit(s, 2, "b", "bob", mb(GB, 1), wanted);
    assertEquals(List.of(), s.allocateAll());
    return s;
  }

  /** Runs rounds until b holds {@code target} GB or time runs out; returns the time. */
  private static long runUntil(FairScheduler s, long target, long limitMs, List<Long> killed) {
    long now = 0;
    while (usedGb(s, "root.b") < target && now <= limitMs) {
      for (long id : s.preemptionRound(now).kill()) {
        assertTrue(s.release(id));
        killed.add(id);
      }
      s.allocateAll();
      now += ROUND_MS;
    }
    return now;
  }

  @Test
  @DisplayName("min-share preemption restores b's min share by timeout + waitTimeBeforeKill")
  void minShareRestored() {
    FairScheduler s = starvedB(files("<queue name=\"a\"/>",
        "<queue name=\"b\"><minResources>40960 mb, 40 vcores</minResources>"
            + "<minSharePreemptionTimeout>10</minSharePreemptionTimeout></queue>"), 40);
    long amOfA = s.state.app(1).amAllocationId();
    List<Long> killed = new ArrayList<>();
    long took = runUntil(s, 40, 60_000, killed);
    assertEquals(40, usedGb(s, "root.b"));
    // Starved from t=0, chosen at 10 s, killed 15 s later.
    assertTrue(took <= 10_000 + 15_000 + ROUND_MS, "took until " + took);
    assertEquals(40, killed.size());
    assertFalse(killed.contains(amOfA), "the AM container is chosen last");
  }

  @Test
  @DisplayName("fair-share preemption brings b up to its fair share, never a below its own")
  void fairShareRestored() {
    FairScheduler s = starvedB(files(
        "<defaultFairSharePreemptionTimeout>5</defaultFairSharePreemptionTimeout>",
        "<queue name=\"a\"/>", "<queue name=\"b\"/>"), 80);
    List<Long> killed = new ArrayList<>();
    long took = runUntil(s, 50, 60_000, killed);
    assertEquals(50, usedGb(s, "root.b"));
    assertEquals(50, usedGb(s, "root.a"));
    assertTrue(took <= 5_000 + 15_000 + ROUND_MS, "took until " + took);
    // At its fair share, a gives nothing more although b still wants 30 GB.
    for (long t = took; t < took + 30_000; t += ROUND_MS) {
      assertEquals(List.of(), s.preemptionRound(t).kill());
    }
  }

  @Test
  @DisplayName("nothing is taken before the timeout, from queues that forbid it, or when off")
  void guards() {
    ConfigFiles minShare = files("<queue name=\"a\"/>",
        "<queue name=\"b\"><minResources>40960 mb, 40 vcores</minResources>"
            + "<minSharePreemptionTimeout>10</minSharePreemptionTimeout></queue>");
    FairScheduler s = starvedB(minShare, 40);
    assertTrue(s.preemptionRound(0).isEmpty());
    assertTrue(s.preemptionRound(9_999).isEmpty());
    assertEquals(40, s.preemptionRound(10_000).warn().size());

    FairScheduler protectedA = starvedB(files(
        "<queue name=\"a\"><allowPreemptionFrom>false</allowPreemptionFrom></queue>",
        "<queue name=\"b\"><minResources>40960 mb, 40 vcores</minResources>"
            + "<minSharePreemptionTimeout>1</minSharePreemptionTimeout></queue>"), 40);
    protectedA.preemptionRound(0);
    assertTrue(protectedA.preemptionRound(5_000).isEmpty());

    FairScheduler off = starvedB(new ConfigFiles().fair("<queue name=\"a\"/>",
        "<queue name=\"b\"><minResources>40960 mb, 40 vcores</minResources>"
            + "<minSharePreemptionTimeout>1</minSharePreemptionTimeout></queue>"), 40);
    off.preemptionRound(0);
    assertTrue(off.preemptionRound(5_000).isEmpty());
  }
}
