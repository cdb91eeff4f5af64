package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.PreemptionDecision;
import dev.spindle.scheduler.Preempting;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerConfigSource;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.UserGroups;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Capacity preemption carried out by the core: warned containers reach the AM as a strict
 * contract, are killed after the grace period with exit -102, and the starved queue's AM
 * then gets the space. The AM container is never chosen.
 */
class PreemptionTest {

  private static final String CAPACITY = "<configuration>"
      + prop("yarn.scheduler.capacity.root.queues", "a,b")
      + prop("yarn.scheduler.capacity.root.a.capacity", "50")
      + prop("yarn.scheduler.capacity.root.a.maximum-capacity", "100")
      + prop("yarn.scheduler.capacity.root.a.user-limit-factor", "2")
      + prop("yarn.scheduler.capacity.root.b.capacity", "50")
      + prop("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5")
      + "</configuration>";
  private static final String SITE = "<configuration>"
      + prop("yarn.resourcemanager.scheduler.monitor.enable", "true")
      + prop("yarn.resourcemanager.monitor.capacity.preemption.max_wait_before_kill", "5000")
      + prop("yarn.resourcemanager.monitor.capacity.preemption.total_preemption_per_round", "1")
      + prop("yarn.resourcemanager.monitor.capacity.preemption.natural_termination_factor",
          "1")
      + "</configuration>";

  private static String prop(String name, String value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }

  private final Scheduler scheduler = SchedulerRegistry.withBuiltins().create("capacity",
      CoreHarness.SCHEDULER_SETTINGS, SchedulerConfigSource.of(Map.of(
          "capacity-scheduler.xml", CAPACITY, "yarn-site.xml", SITE)), UserGroups.NONE);
  private final CoreHarness h = new CoreHarness(new YarnConfiguration(), scheduler);

  @Test
  void starvedQueueGetsItsShareBackThroughWarnThenKill() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationId hog = h.submit("a", 1024, 2, false);
    h.heartbeat(node);
    ContainerId hogAm = h.lastAmContainer();
    ApplicationAttemptId attempt = h.launched();
    h.heartbeat(node, CoreHarness.running(hogAm));
    h.core.registerAm(attempt, "host", 1, "");
    AllocateResult first = h.core.allocate(attempt, new AllocateCommand(0, 0f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), 7, true)), List.of(),
        List.of(), List.of()));
    h.heartbeat(node);
    AllocateResult second = h.core.allocate(attempt, empty(1));
    Set<ContainerId> tasks = new java.util.HashSet<>();
    for (AllocateResult r : List.of(first, second)) {
      r.allocated().forEach(c -> tasks.add(c.id()));
      assertNull(r.preemption());
    }
    assertEquals(7, tasks.size());

    ApplicationId starved = h.submit("b", 1024, 2, false);
    h.heartbeat(node);
    assertEquals(YarnApplicationState.ACCEPTED,
        h.report(starved).getYarnApplicationState());

    PreemptionDecision warned = round();
    assertFalse(warned.warn().isEmpty());
    assertTrue(warned.kill().isEmpty());
    AllocateResult warning = h.core.allocate(attempt, empty(2));
    assertNotNull(warning.preemption());
    Set<ContainerId> contract = Set.copyOf(warning.preemption().strict());
    assertTrue(tasks.containsAll(contract), "only task containers are preempted: " + contract);
    assertFalse(contract.contains(hogAm));

    h.clock.advance(6000);
    PreemptionDecision killed = round();
    assertEquals(contract.size(), killed.kill().size());
    AllocateResult after = h.core.allocate(attempt, empty(3));
    List<CompletedContainer> completed = after.completed();
    assertEquals(contract, completed.stream().map(CompletedContainer::id)
        .collect(Collectors.toSet()));
    assertTrue(completed.stream()
        .allMatch(s -> s.exitStatus() == ContainerExitStatus.PREEMPTED));
    assertNull(after.preemption());

    h.heartbeat(node);
    assertEquals(starved, h.launcher.last().attemptId().getApplicationId());
    assertEquals(YarnApplicationState.RUNNING,
        h.report(hog).getYarnApplicationState());
  }

  @Test
  void aPreemptedAmDoesNotCountAsAnAttemptFailure() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    // Two attempts allowed (with one, stock fails the app on any first failure).
    ApplicationId app = h.submit("a", 1024, 2, false);
    for (int attempt = 1; attempt <= 2; attempt++) {
      h.heartbeat(node);
      assertEquals(attempt, h.launcher.last().attemptId().getAttemptId());
      ContainerId am = h.lastAmContainer();
      h.launched();
      long allocation = h.core.containers().get(am).allocationId;
      h.core.preempt(new PreemptionDecision(List.of(), List.of(allocation), List.of()));
    }
    // Both AMs were preempted, yet a third attempt starts: preemption is not the AM's fault.
    h.heartbeat(node);
    assertEquals(YarnApplicationState.ACCEPTED,
        h.report(app).getYarnApplicationState());
    assertEquals(3, h.launcher.last().attemptId().getAttemptId());
  }

  @Test
  void anApplicationBeyondTheAmShareWaitsInAcceptedSayingWhy() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 4096);
    // Queue a holds 2048 MB guaranteed; half of it may go to AMs.
    h.submit("a", 1024, 2, false);
    h.heartbeat(node);
    h.launched();
    ApplicationId second = h.submit("a", 1024, 2, false);
    h.heartbeat(node);
    ApplicationId third = h.submit("a", 1024, 2, false);
    h.heartbeat(node);
    var report = h.report(third);
    assertEquals(YarnApplicationState.ACCEPTED, report.getYarnApplicationState());
    assertFalse(report.getDiagnostics().isEmpty(), "a waiting app says why");
    assertTrue(h.report(second).getYarnApplicationState()
        != YarnApplicationState.FAILED);
  }

  private PreemptionDecision round() {
    PreemptionDecision d = ((Preempting) scheduler).preemptionRound(h.clock.getTime());
    h.core.preempt(d);
    return d;
  }

  private static AllocateCommand empty(int responseId) {
    return new AllocateCommand(responseId, 0f, null, List.of(), List.of(), List.of(),
        List.of());
  }
}
