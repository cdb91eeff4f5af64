package dev.spindle.scheduler;

import static dev.spindle.scheduler.CapacitySchedulerTest.GB;
import static dev.spindle.scheduler.CapacitySchedulerTest.app;
import static dev.spindle.scheduler.CapacitySchedulerTest.capacity;
import static dev.spindle.scheduler.CapacitySchedulerTest.submit;
import static dev.spindle.scheduler.CapacitySchedulerTest.usedGb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Capacity's cross-queue preemption in simulated time (3 s rounds, 15 s grace). */
class CapacityPreemptionTest {

  private static final long ROUND_MS = 3000;

  private static ConfigFiles files(String... preemption) {
    ConfigFiles files = new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "60", "root.a.user-limit-factor", "-1",
        "root.b.capacity", "40", "root.b.user-limit-factor", "-1")
        .yarnSite("yarn.resourcemanager.scheduler.monitor.enable", "true");
    for (int i = 0; i < preemption.length; i += 2) {
      files.yarnSite("yarn.resourcemanager.monitor.capacity.preemption." + preemption[i],
          preemption[i + 1]);
    }
    return files;
  }

  /** a has taken the whole idle cluster (100 GB); then b asks for its 40 GB guarantee. */
  private static CapacityScheduler starvedB(ConfigFiles files) {
    CapacityScheduler s = capacity(files, 10);
    submit(s, app(1, "a", "alice"), 100);
    assertEquals(100, s.allocateAll().size());
    submit(s, app(2, "b", "bob"), 40);
    assertEquals(List.of(), s.allocateAll());
    return s;
  }

  @Test
  @DisplayName("preemption gives a starved queue its guarantee back within the expected time")
  void restoresGuarantee() {
    CapacityScheduler s = starvedB(files("natural_termination_factor", "1.0"));
    long amOfA = s.state.app(1).amAllocationId();
    List<Long> killed = new ArrayList<>();
    long now = 0;
    // 40 GB to reclaim, at most 10% of 100 GB a round, each batch killed after 15 s: four
    // batches, each warned one round after the previous kill, so by 4 x (15 + 3) s.
    long bound = 4 * (15_000 + ROUND_MS);
    while (usedGb(s, "root.b") < 40 && now <= bound) {
      PreemptionDecision d = s.preemptionRound(now);
      for (long id : d.kill()) {
        assertTrue(s.release(id));
        killed.add(id);
      }
      s.allocateAll();
      now += ROUND_MS;
    }
    assertEquals(40, usedGb(s, "root.b"));
    assertEquals(60, usedGb(s, "root.a"));
    assertTrue(now <= bound + ROUND_MS, "took until " + now);
    assertEquals(40, killed.size());
    assertFalse(killed.contains(amOfA), "the AM container is chosen last");
    // Balanced now: nothing more is taken.
    assertTrue(s.preemptionRound(now).isEmpty());
  }

  @Test
  @DisplayName("a round warns at most natural_termination_factor of the excess; kills wait")
  void naturalTerminationAndGrace() {
    CapacityScheduler s = starvedB(files());
    // Excess 40 GB x 0.2 = 8 GB: eight 1 GB containers, warned, not killed.
    PreemptionDecision first = s.preemptionRound(0);
    assertEquals(8, first.warn().size());
    assertEquals(List.of(), first.kill());
    assertEquals(List.of(), s.preemptionRound(14_999).kill());
    PreemptionDecision due = s.preemptionRound(15_000);
    assertEquals(first.warn(), due.kill());
  }

  @Test
  @DisplayName("warnings are withdrawn when the starved queue stops asking")
  void withdrawn() {
    CapacityScheduler s = starvedB(files());
    PreemptionDecision first = s.preemptionRound(0);
    s.removeApplication(2);
    PreemptionDecision next = s.preemptionRound(3000);
    assertEquals(first.warn(), next.withdrawn());
    assertEquals(List.of(), next.kill());
  }

  @Test
  @DisplayName("without the monitor enabled, nothing is ever preempted")
  void offByDefault() {
    CapacityScheduler s = starvedB(new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "60", "root.a.user-limit-factor", "-1",
        "root.b.capacity", "40"));
    assertTrue(s.preemptionRound(0).isEmpty());
    assertTrue(s.preemptionRound(60_000).isEmpty());
  }

  @Test
  @DisplayName("a queue with disable_preemption is never a victim")
  void disabledQueue() {
    CapacityScheduler s = starvedB(files().capacity("root.a.disable_preemption", "true"));
    assertTrue(s.preemptionRound(0).isEmpty());
  }
}
