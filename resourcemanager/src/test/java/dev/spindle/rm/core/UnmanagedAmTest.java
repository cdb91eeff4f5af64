package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Unmanaged ApplicationMasters with stock semantics (RMAppImpl / RMAppAttemptImpl): no AM
 * container, the attempt LAUNCHED at once, the AMRM token in the owner's report, no retry.
 */
class UnmanagedAmTest {

  private final CoreHarness h = new CoreHarness();

  private static AllocateCommand ask(int responseId, int containers) {
    return new AllocateCommand(responseId, 0.5f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), containers, true)),
        List.of(), List.of(), List.of());
  }

  private static org.apache.hadoop.security.UserGroupInformation user(String name) {
    return org.apache.hadoop.security.UserGroupInformation.createRemoteUser(name);
  }

  private ApplicationAttemptId attemptOf(ApplicationId app) throws Exception {
    return h.report(app).getCurrentApplicationAttemptId();
  }

  @Test
  void theAttemptIsLaunchedAtOnceWithoutAnAmContainer() throws Exception {
    h.addNode("127.0.0.1", 8192);
    ApplicationId app = h.submitUnmanaged(1, false);

    ApplicationAttemptId attempt = attemptOf(app);
    assertEquals(1, attempt.getAttemptId());
    assertEquals(YarnApplicationAttemptState.LAUNCHED,
        h.attemptReport(attempt).getYarnApplicationAttemptState());
    assertNull(h.attemptReport(attempt).getAMContainerId());
    assertEquals(YarnApplicationState.ACCEPTED,
        h.report(app).getYarnApplicationState());
    assertTrue(h.launcher.launches.isEmpty(), "nothing is launched for an unmanaged AM");
  }

  @Test
  void onlyTheOwnerGetsTheAmrmTokenAndOnlyWhileLaunched() throws Exception {
    ApplicationId app = h.submitUnmanaged(1, false);
    ApplicationAttemptId attempt = attemptOf(app);

    ApplicationReport owner = h.report(app, user("alice"));
    assertNotNull(owner.getAMRMToken());
    Token<AMRMTokenIdentifier> token = new Token<>(owner.getAMRMToken().getIdentifier().array(),
        owner.getAMRMToken().getPassword().array(), new Text(owner.getAMRMToken().getKind()),
        new Text(owner.getAMRMToken().getService()));
    assertEquals(attempt, token.decodeIdentifier().getApplicationAttemptId());
    assertNull(h.report(app, user("mallory")).getAMRMToken());

    h.core.registerAm(attempt, "outside", 4321, "http://outside:1/");
    assertNull(h.report(app, user("alice")).getAMRMToken(),
        "stock hands the token out only before registration");
  }

  @Test
  void itRegistersAllocatesAndFinishesWithoutAContainerExit() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationId app = h.submitUnmanaged(1, false);
    ApplicationAttemptId attempt = attemptOf(app);
    h.core.registerAm(attempt, "outside", 4321, "http://outside:1/");
    assertEquals(YarnApplicationState.RUNNING,
        h.report(app).getYarnApplicationState());
    assertEquals("http://outside:1/", h.report(app).getTrackingUrl(),
        "an unmanaged AM's own URL, not the proxy's");

    List<ContainerGrant> got = h.core.allocate(attempt, ask(0, 2)).allocated();
    assertEquals(2, got.size());
    assertEquals(1, got.get(0).id().getContainerId() & 0xffffffffL,
        "container 0 is left to the unmanaged AM itself, as UnmanagedAMLauncher names it");
    h.heartbeat(node, running(got.get(0).id()), running(got.get(1).id()));

    assertTrue(h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "done", null));
    ApplicationReport done = h.report(app);
    assertEquals(YarnApplicationState.FINISHED, done.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus());
    assertEquals(YarnApplicationAttemptState.FINISHED,
        h.attemptReport(attempt).getYarnApplicationAttemptState());
    assertTrue(h.heartbeat(node).containersToCleanup().containsAll(
        List.of(got.get(0).id(), got.get(1).id())), "its tasks are cleaned up");
  }

  @Test
  void anExpiredUnmanagedAmFailsTheApplicationWithoutAnotherAttempt() throws Exception {
    h.addNode("127.0.0.1", 8192);
    ApplicationId app = h.submitUnmanaged(3, false);
    ApplicationAttemptId attempt = attemptOf(app);
    h.clock.advance(h.settings.amExpiryMs() + 1);
    h.core.checkLiveness();

    ApplicationReport r = h.report(app);
    assertEquals(YarnApplicationState.FAILED, r.getYarnApplicationState());
    assertEquals(attempt, r.getCurrentApplicationAttemptId(), "no second attempt");
    assertTrue(r.getDiagnostics().startsWith("Unmanaged application " + app + " failed due to "
        + "ApplicationMaster for attempt " + attempt + " timed out"), r.getDiagnostics());
    assertTrue(h.launcher.stops.isEmpty(), "there is no AM container to stop");
  }

  @Test
  void anUnmanagedAmThatKeepsContainersMayRegisterAgain() throws Exception {
    ApplicationId keeps = h.submitUnmanaged(1, true);
    ApplicationAttemptId a = attemptOf(keeps);
    h.core.registerAm(a, "outside", 1, "");
    h.core.registerAm(a, "outside", 1, "");
    assertEquals(1, h.core.allocate(a, ask(0, 0)).responseId(),
        "the heartbeat sequence starts again at 0");

    ApplicationId plain = h.submitUnmanaged(1, false);
    ApplicationAttemptId b = attemptOf(plain);
    h.core.registerAm(b, "outside", 1, "");
    assertThrows(InvalidApplicationMasterRequestException.class,
        () -> CoreHarness.client(() -> h.core.registerAm(b, "outside", 1, "")));
  }

  @Test
  void aKilledUnmanagedApplicationEndsKilled() throws Exception {
    ApplicationId app = h.submitUnmanaged(1, false);
    h.core.registerAm(attemptOf(app), "outside", 1, "");
    h.core.kill(app, "killed by test");
    assertEquals(YarnApplicationState.KILLED,
        h.report(app).getYarnApplicationState());
  }

  @Test
  void aWorkPreservingRestartKeepsTheAttemptForItsAmToRegisterAgain() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationId app = h.submitUnmanaged(1, false);
    ApplicationAttemptId attempt = attemptOf(app);
    h.core.registerAm(attempt, "outside", 1, "");
    ContainerGrant task = h.core.allocate(attempt, ask(0, 1)).allocated().get(0);
    h.heartbeat(node, running(task.id()));

    CoreHarness after = new CoreHarness();
    after.core.recover(h.records, 2, RmCore.RecoveryMode.workPreserving(0));
    assertEquals(YarnApplicationAttemptState.LAUNCHED,
        after.attemptReport(attempt).getYarnApplicationAttemptState());
    after.core.registerAm(attempt, "outside", 1, "");
    assertEquals(1, after.core.allocate(attempt, ask(0, 0)).responseId());
    assertTrue(after.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "", null));
    assertEquals(YarnApplicationState.FINISHED,
        after.report(app).getYarnApplicationState());
  }

  @Test
  void aRestartThatDoesNotKeepWorkFailsTheApplication() throws Exception {
    ApplicationId app = h.submitUnmanaged(2, false);
    h.core.registerAm(attemptOf(app), "outside", 1, "");
    CoreHarness after = new CoreHarness();
    after.core.recover(h.records, 2);
    ApplicationReport r = after.report(app);
    assertEquals(YarnApplicationState.FAILED, r.getYarnApplicationState());
    assertEquals(1, r.getCurrentApplicationAttemptId().getAttemptId());
  }
}
