package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.Test;

/** The responseId rules of both heartbeats (yarn-compat 2.3, 3.2). */
class ResponseIdTest {

  private final CoreHarness h = new CoreHarness();

  private static AllocateCommand heartbeat(int responseId, int containers) {
    return new AllocateCommand(responseId, 0f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), containers, true)),
        List.of(), List.of(), List.of());
  }

  // --- NM heartbeats --------------------------------------------------------------------

  @Test
  void anNmHeartbeatInStepGetsTheNextId() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeOrders r = h.heartbeatWithId(node, 0);
    assertEquals(NodeAction.NORMAL, r.action());
    assertEquals(1, r.responseId());
    assertTrue(r.heartbeatIntervalMs() > 0);
  }

  @Test
  void aResentNmHeartbeatGetsTheCachedResponse() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeOrders first = h.heartbeatWithId(node, 0);
    assertSame(first, h.heartbeatWithId(node, 0));
    assertEquals(2, h.heartbeatWithId(node, 1).responseId());
  }

  @Test
  void anNmHeartbeatOutOfStepIsToldToResync() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    NodeOrders r = h.heartbeatWithId(node, 7);
    assertEquals(NodeAction.RESYNC, r.action());
    assertEquals(1, h.clusterMetrics().getNumRebootedNodeManagers());
    assertEquals(NodeAction.RESYNC, h.heartbeatWithId(node, 0).action());
  }

  @Test
  void anUnknownNodeIsToldToResync() {
    NodeOrders r = h.heartbeatWithId(NodeId.newInstance("127.0.0.9", 1), 0);
    assertEquals(NodeAction.RESYNC, r.action());
  }

  @Test
  void aReRegisteredNodeStartsAgainAtZero() {
    NodeId node = h.addNode("127.0.0.1", 4096);
    h.heartbeatWithId(node, 0);
    h.heartbeatWithId(node, 1);
    h.addNode("127.0.0.1", 4096);
    assertEquals(1, h.heartbeatWithId(node, 0).responseId());
    assertEquals(1, h.clusterMetrics().getNumNodeManagers());
  }

  // --- AM heartbeats --------------------------------------------------------------------

  private ApplicationAttemptId registeredAttempt() throws Exception {
    h.submit(1024, 0);
    h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "host", 1, "");
    return attempt;
  }

  @Test
  void theFirstAllocateAfterRegistrationCarriesZero() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    assertEquals(1, h.core.allocate(attempt, heartbeat(0, 0)).responseId());
    assertEquals(2, h.core.allocate(attempt, heartbeat(1, 0)).responseId());
  }

  @Test
  void aResentAllocateGetsTheCachedResponseAndAllocatesNothingTwice() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    AllocateResult first = h.core.allocate(attempt, heartbeat(0, 1));
    assertEquals(1, first.allocated().size());
    AllocateResult again = h.core.allocate(attempt, heartbeat(0, 1));
    assertSame(first, again);
    assertEquals(0, h.core.allocate(attempt, heartbeat(1, 0)).allocated().size(),
        "the resend allocated nothing more");
    assertEquals(1, h.core.allocate(attempt, heartbeat(2, 1)).allocated().size(),
        "asks are totals: asking for 1 again is one more container");
  }

  @Test
  void anAllocateOutOfStepIsRejectedWithTheStockWording() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    h.core.allocate(attempt, heartbeat(0, 0));
    InvalidApplicationMasterRequestException e = assertThrows(
        InvalidApplicationMasterRequestException.class,
        () -> CoreHarness.client(() -> h.core.allocate(attempt, heartbeat(5, 0))));
    assertTrue(e.getMessage().contains(" expect responseId to be 1 but get 5"), e.getMessage());
    assertEquals(2, h.core.allocate(attempt, heartbeat(1, 0)).responseId());
  }

  @Test
  void anAllocateBeforeRegistrationMustReRegister() throws Exception {
    h.submit(1024, 0);
    h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = h.launched();
    assertThrows(ApplicationMasterNotRegisteredException.class,
        () -> CoreHarness.client(() -> h.core.allocate(attempt, heartbeat(0, 0))));
    assertThrows(ApplicationMasterNotRegisteredException.class,
        () -> CoreHarness.client(
            () -> h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "", "")));
  }

  @Test
  void anAllocateFromAnEndedAttemptIsNotFound() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    h.core.kill(attempt.getApplicationId(), "bye");
    assertThrows(ApplicationAttemptNotFoundException.class,
        () -> CoreHarness.client(() -> h.core.allocate(attempt, heartbeat(0, 0))));
    ApplicationAttemptId unknown = ApplicationAttemptId.newInstance(
        ApplicationId.newInstance(1, 77), 1);
    assertThrows(ApplicationAttemptNotFoundException.class,
        () -> CoreHarness.client(() -> h.core.allocate(unknown, heartbeat(0, 0))));
  }

  @Test
  void containerUpdatesAreAnsweredWithAnUpdateErrorNamingThem() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    var update = org.apache.hadoop.yarn.api.records.UpdateContainerRequest.newInstance(0,
        org.apache.hadoop.yarn.api.records.ContainerId.newContainerId(attempt, 1),
        org.apache.hadoop.yarn.api.records.ContainerUpdateType.INCREASE_RESOURCE,
        org.apache.hadoop.yarn.api.records.Resource.newInstance(2048, 1), null);
    // Updates never reach the core: the AM-RM side answers each itself.
    AllocateResult result = h.core.allocate(attempt, heartbeat(0, 0));
    var r = h.amRm.allocateResponse(attempt, result, List.of(update));
    assertEquals(1, r.getUpdateErrors().size());
    assertEquals(update, r.getUpdateErrors().get(0).getUpdateContainerRequest());
    assertTrue(r.getUpdateErrors().get(0).getReason().contains("Spindle does not support"));
  }

  @Test
  void registeringTwiceIsRejected() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    InvalidApplicationMasterRequestException e = assertThrows(
        InvalidApplicationMasterRequestException.class,
        () -> CoreHarness.client(() -> h.core.registerAm(attempt, "host", 1, "")));
    assertTrue(e.getMessage().contains("already registered"), e.getMessage());
  }

  @Test
  void finishIsReportedDoneOnceRecordedAndOnEveryRetry() throws Exception {
    ApplicationAttemptId attempt = registeredAttempt();
    assertTrue(h.core.finishAm(attempt, FinalApplicationStatus.FAILED, "d", "u"));
    assertTrue(h.core.finishAm(attempt, FinalApplicationStatus.FAILED, "d", "u"));
    AllocateResult r = h.core.allocate(attempt, heartbeat(0, 3));
    assertEquals(0, r.allocated().size(), "an unregistering AM gets nothing");
  }
}
