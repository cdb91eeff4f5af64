package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.junit.jupiter.api.Test;

/**
 * The container owner's delivery rules, stepped through the core: a completion reaches the
 * AM once, an NM-reported one is acknowledged to its NM only after that, an RM-decided one is
 * killed on its NM and never acknowledged as if the NM had reported it, and a kept attempt's
 * successor inherits what its predecessor had not delivered.
 */
class ContainersTest {

  private final CoreHarness h = new CoreHarness();
  private int responseId;

  private AllocateResult allocate(ApplicationAttemptId attempt, int containers,
      ContainerId... releases) throws Exception {
    AllocateResult r = h.core.allocate(attempt, new AllocateCommand(responseId, 0f, null,
        containers == 0 ? List.of()
            : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), containers, true)),
        List.of(releases), List.of(), List.of()));
    responseId = r.responseId();
    return r;
  }

  private ApplicationAttemptId register() throws Exception {
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "h", 1, "");
    responseId = 0;
    return attempt;
  }

  private static List<ContainerId> ids(List<CompletedContainer> completed) {
    return completed.stream().map(CompletedContainer::id).toList();
  }

  @Test
  void anNmReportedCompletionIsDeliveredOnceAndAckedOnlyAfterDelivery() throws Exception {
    h.submit(1024, 1);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = register();
    ContainerGrant task = allocate(attempt, 1).allocated().get(0);
    assertEquals(node, task.nodeId());
    assertEquals("alice", task.user());
    h.heartbeat(node, running(task.id()));

    NodeOrders reported = h.heartbeat(node, exited(task.id(), 3));
    assertTrue(reported.containersToRemove().isEmpty(),
        "not acked before the AM pulled it");
    assertTrue(reported.containersToCleanup().isEmpty(), "the NM ended it itself");
    assertNull(h.core.containers().get(task.id()), "no longer live");
    assertTrue(h.heartbeat(node).containersToRemove().isEmpty());

    AllocateResult delivered = allocate(attempt, 0);
    assertEquals(List.of(new CompletedContainer(task.id(), 3, "exit 3")),
        delivered.completed());
    assertEquals(List.of(task.id()), h.heartbeat(node).containersToRemove());

    assertEquals(List.of(), allocate(attempt, 0).completed(), "delivered once");
    assertTrue(h.heartbeat(node).containersToRemove().isEmpty(), "acked once");
  }

  @Test
  void aReleasedContainerIsKilledOnItsNodeAndNotAckedAsAnNmCompletion() throws Exception {
    h.submit(1024, 1);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = register();
    ContainerGrant task = allocate(attempt, 1).allocated().get(0);
    h.heartbeat(node, running(task.id()));

    AllocateResult r = allocate(attempt, 0, task.id());
    assertEquals(List.of(new CompletedContainer(task.id(), ContainerExitStatus.ABORTED,
        Containers.RELEASED)), r.completed());
    NodeOrders kill = h.heartbeat(node);
    assertEquals(List.of(task.id()), kill.containersToCleanup());
    assertTrue(kill.containersToRemove().isEmpty(),
        "the AM's own release is no NM completion to acknowledge");

    // The NM reports the kill done: it may forget it at once, and the AM hears nothing more.
    assertEquals(List.of(task.id()),
        h.heartbeat(node, exited(task.id(), -105)).containersToRemove());
    assertEquals(List.of(), allocate(attempt, 0).completed());
  }

  @Test
  void theNextAttemptInheritsUndeliveredCompletionsAndTheirAcks() throws Exception {
    h.submit(1024, 2, true);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = register();
    List<ContainerGrant> tasks = allocate(first, 2).allocated();
    ContainerGrant kept = tasks.get(0);
    ContainerGrant done = tasks.get(1);
    h.heartbeat(node, running(kept.id()), running(done.id()));
    h.heartbeat(node, exited(done.id(), 0));

    NodeOrders amDied = h.heartbeat(node, exited(h.lastAmContainer(), 1));
    assertFalse(amDied.containersToRemove().contains(done.id()),
        "the undelivered completion waits for the next attempt's AM");
    assertFalse(amDied.containersToCleanup().contains(kept.id()), "the kept task runs on");

    ApplicationAttemptId second = h.launched();
    assertEquals(2, second.getAttemptId());
    AmRegistration reg = h.core.registerAm(second, "h", 1, "");
    responseId = 0;
    assertEquals(List.of(kept), reg.fromPreviousAttempts());
    assertEquals(List.of(node), reg.nmTokenNodes());
    assertEquals(second, h.core.containers().get(kept.id()).attempt.id);

    AllocateResult r = allocate(second, 0);
    assertEquals(List.of(done.id()), ids(r.completed()));
    assertEquals(List.of(), r.nmTokenNodes(), "its node's token came with the registration");
    assertEquals(List.of(done.id()), h.heartbeat(node).containersToRemove());
  }

  @Test
  void anAttemptThatDoesNotKeepContainersLetsItsNodesForgetWhatItNeverPulled()
      throws Exception {
    h.submit(1024, 2);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = register();
    ContainerGrant task = allocate(first, 1).allocated().get(0);
    h.heartbeat(node, running(task.id()));
    h.heartbeat(node, exited(task.id(), 0));

    NodeOrders amDied = h.heartbeat(node, exited(h.lastAmContainer(), 1));
    assertTrue(amDied.containersToRemove().contains(task.id()),
        "nobody will pull it any more");
    ApplicationAttemptId second = register();
    assertEquals(List.of(), allocate(second, 0).completed());
  }
}
