package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.exceptions.InvalidContainerReleaseException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.junit.jupiter.api.Test;

/**
 * Keeping containers across attempts, failing attempts on request, node updates and unused
 * container expiry, stepped through the core by hand.
 */
class AttemptRecoveryTest {

  private final CoreHarness h = new CoreHarness();

  private static AllocateCommand ask(int responseId, int containers) {
    return new AllocateCommand(responseId, 0f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), containers, true)),
        List.of(), List.of(), List.of());
  }

  private ApplicationAttemptId register() throws Refusal {
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "h", 1, "");
    return attempt;
  }

  @Test
  void aRetriedAppThatKeepsContainersHandsThemToTheNextAttempt() throws Exception {
    ApplicationId app = h.submit(1024, 2, true);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = register();
    ContainerGrant task = h.core.allocate(first, ask(0, 1)).allocated().get(0);
    h.heartbeat(node, running(task.id()));

    assertFalse(h.heartbeat(node, exited(h.lastAmContainer(), 1)).containersToCleanup()
        .contains(task.id()), "the task keeps running");
    ApplicationAttemptId second = h.launched();
    assertEquals(2, second.getAttemptId());
    AmRegistration reg = h.core.registerAm(second, "h", 1, "");
    assertEquals(List.of(task), reg.fromPreviousAttempts());
    assertEquals(node, reg.nmTokenNodes().get(0));

    h.heartbeat(node, exited(task.id(), 0));
    AllocateResult r = h.core.allocate(second, ask(0, 0));
    assertEquals(task.id(), r.completed().get(0).id());
    assertEquals(0, r.nmTokenNodes().size(), "the node's token came with the registration");
  }

  @Test
  void withoutKeepingContainersAnEndedAttemptTakesItsContainersAlong() throws Exception {
    h.submit(1024, 2);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = register();
    ContainerGrant task = h.core.allocate(first, ask(0, 1)).allocated().get(0);
    h.heartbeat(node, running(task.id()));
    assertTrue(h.heartbeat(node, exited(h.lastAmContainer(), 1)).containersToCleanup()
        .contains(task.id()));
    ApplicationAttemptId second = h.launched();
    assertTrue(h.core.registerAm(second, "h", 1, "").fromPreviousAttempts()
        .isEmpty());
    assertThrows(InvalidContainerReleaseException.class,
        () -> CoreHarness.client(() -> h.core.allocate(second,
        new AllocateCommand(0, 0f, null, List.of(), List.of(
            org.apache.hadoop.yarn.api.records.ContainerId.newContainerId(
                org.apache.hadoop.yarn.api.records.ApplicationAttemptId.newInstance(
                    ApplicationId.newInstance(5, 5), 1), 2)), List.of(), List.of()))),
        "another application's container cannot be released");
  }

  @Test
  void failingAnAttemptOnRequestCountsTowardsTheLimit() throws Exception {
    ApplicationId app = h.submit(1024, 2);
    h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = register();
    h.core.failAttempt(first, "failed by test");
    assertEquals(1, h.launcher.stops.size(), "the AM container is stopped");
    ApplicationAttemptId second = h.launched();
    h.core.failAttempt(second, "failed by test");
    assertEquals(YarnApplicationState.FAILED,
        h.report(app).getYarnApplicationState());
    assertEquals(Refusal.Kind.REFUSED,
        assertThrows(Refusal.class, () -> h.core.failAttempt(second, "again")).kind());
  }

  @Test
  void runningAmsHearWhenANodeTurnsUnhealthyAndBack() throws Exception {
    h.submit(1024, 0);
    h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = register();
    NodeId other = h.addNode("127.0.0.2", 8192);
    h.heartbeatHealth(other, false);
    AllocateResult r1 = h.core.allocate(attempt, ask(0, 0));
    assertEquals(1, r1.updatedNodes().size());
    assertEquals(NodeState.UNHEALTHY, r1.updatedNodes().get(0).state());
    assertTrue(h.core.allocate(attempt, ask(1, 0)).updatedNodes().isEmpty());
    h.heartbeatHealth(other, true);
    assertEquals(NodeState.RUNNING,
        h.core.allocate(attempt, ask(2, 0)).updatedNodes().get(0).state());
  }

  @Test
  void aContainerNeverStartedIsTakenBackAfterTheExpiryInterval() throws Exception {
    h.submit(1024, 0);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = register();
    ContainerGrant task = h.core.allocate(attempt, ask(0, 1)).allocated().get(0);
    h.clock.advance(h.settings.containerAllocationExpiryMs() + 1);
    h.heartbeat(node, running(h.lastAmContainer()));
    h.core.allocate(attempt, ask(1, 0));
    h.core.checkLiveness();

    AllocateResult r = h.core.allocate(attempt, ask(2, 0));
    CompletedContainer s = r.completed().get(0);
    assertEquals(task.id(), s.id());
    assertEquals(ContainerExitStatus.ABORTED, s.exitStatus());
    assertEquals("Container expired since it was unused", s.diagnostics());
    assertTrue(h.heartbeat(node).containersToCleanup().contains(task.id()));
  }
}
