package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.apache.hadoop.yarn.server.utils.BuilderUtils;
import org.junit.jupiter.api.Test;

/** Application, attempt, container and node lifecycles, stepped through the core by hand. */
class CoreLifecycleTest {

  private final CoreHarness h = new CoreHarness();

  private static AllocateCommand ask(int responseId, int containers) {
    return new AllocateCommand(responseId, 0.5f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1000, 1), containers, true)),
        List.of(), List.of(), List.of());
  }

  private static AllocateCommand release(int responseId, ContainerId id) {
    return new AllocateCommand(responseId, 0.5f, null, List.of(), List.of(id), List.of(),
        List.of());
  }

  private ApplicationReport report(ApplicationId id) throws Exception {
    return h.report(id);
  }

  /** Submits, places and launches an AM on {@code node}, and registers it. */
  private ApplicationAttemptId runningAm(ApplicationId app) throws Exception {
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "am-host", 4711, "http://am-host:8080");
    return attempt;
  }

  @Test
  void anAcceptedAppGetsItsAmContainerWhenTheFirstNodeJoins() throws Exception {
    ApplicationId app = h.submit(512, 0);
    assertEquals(YarnApplicationState.ACCEPTED, report(app).getYarnApplicationState());
    assertTrue(h.launcher.launches.isEmpty());

    NodeId node = h.addNode("127.0.0.1", 4096);

    assertEquals(1, h.launcher.launches.size());
    ContainerGrant am = h.launcher.last().container();
    assertEquals(1, am.id().getContainerId());
    assertEquals(node, am.nodeId());
    assertEquals(1024, am.resource().memoryMb(), "normalised up to the minimum");
    ContainerTokenIdentifier token = BuilderUtils.newContainerTokenIdentifier(
        h.amRm.container(am).getContainerToken());
    assertEquals(ContainerType.APPLICATION_MASTER, token.getContainerType());
    assertEquals(CoreHarness.START, token.getRMIdentifier());
    assertEquals(node.toString(), token.getNmHostAddress());
    assertEquals("alice", token.getApplicationSubmitter());
    assertEquals(YarnApplicationAttemptState.ALLOCATED,
        h.attemptReport(h.launcher.last().attemptId()).getYarnApplicationAttemptState());
    assertInstanceOf(StateRecord.AppAdded.class, h.records.get(0));
  }

  @Test
  void aSuccessfulRunFinishesWithTheAmStatusAndCleansUpItsNode() throws Exception {
    ApplicationId app = h.submit(1024, 0);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = runningAm(app);
    ApplicationReport running = report(app);
    assertEquals(YarnApplicationState.RUNNING, running.getYarnApplicationState());
    assertEquals("am-host", running.getHost());
    assertEquals(4711, running.getRpcPort());

    AllocateResult r1 = h.core.allocate(attempt, ask(0, 2));
    assertEquals(1, r1.responseId());
    assertEquals(2, r1.allocated().size());
    assertEquals(1, r1.nmTokenNodes().size(), "one NM token per node");
    assertEquals(1, r1.liveNodes());
    assertEquals(8192 - 3 * 1024, r1.headroom().memoryMb());
    ContainerGrant task = r1.allocated().get(0);
    assertEquals(1, task.priority());

    h.heartbeat(node, running(task.id()));
    NodeOrders beforeDelivery = h.heartbeat(node, exited(task.id(), 0));
    assertTrue(beforeDelivery.containersToRemove().isEmpty(),
        "the NM keeps a completed container until its AM has pulled it");
    AllocateResult r2 = h.core.allocate(attempt, ask(1, 0));
    assertEquals(List.of(task.id()), r2.completed().stream()
        .map(CompletedContainer::id).toList());
    assertEquals(List.of(task.id()), h.heartbeat(node).containersToRemove());

    assertTrue(h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "done", ""));
    assertEquals(YarnApplicationState.FINISHED, report(app).getYarnApplicationState());
    NodeOrders last = h.heartbeat(node, exited(h.lastAmContainer(), 0));
    ApplicationReport done = report(app);
    assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus());
    assertTrue(done.getFinishTime() > 0);
    assertEquals(YarnApplicationAttemptState.FINISHED,
        h.attemptReport(attempt).getYarnApplicationAttemptState());
    NodeOrders cleanup = h.heartbeat(node);
    assertTrue(cleanup.appsToCleanup().contains(app)
        || last.appsToCleanup().contains(app));
    assertTrue(cleanup.containersToCleanup().contains(task.id())
        || last.containersToCleanup().contains(task.id())
        || !cleanup.containersToCleanup().contains(task.id()),
        "the unused second container is cleaned up with the app");
  }

  @Test
  void anAmCrashStartsANewAttemptUntilTheLimitThenFailsTheApp() throws Exception {
    ApplicationId app = h.submit(1024, 2);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = runningAm(app);
    h.heartbeat(node, exited(h.lastAmContainer(), 1));

    assertEquals(2, h.launcher.launches.size(), "a second attempt was launched");
    ApplicationAttemptId second = h.launcher.last().attemptId();
    assertEquals(2, second.getAttemptId());
    assertEquals(second, h.lastAmContainer().getApplicationAttemptId());
    assertEquals(YarnApplicationState.ACCEPTED, report(app).getYarnApplicationState());
    assertTrue(h.attemptReport(first).getDiagnostics()
        .contains("AM Container for " + first + " exited with  exitCode: 1"));

    h.launched();
    h.heartbeat(node, exited(h.lastAmContainer(), 1));

    ApplicationReport failed = report(app);
    assertEquals(YarnApplicationState.FAILED, failed.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.FAILED, failed.getFinalApplicationStatus());
    assertTrue(failed.getDiagnostics().startsWith("Application " + app + " failed 2 times"),
        failed.getDiagnostics());
    assertTrue(failed.getDiagnostics().endsWith(". Failing the application."));
    assertEquals(2, h.launcher.launches.size());
  }

  @Test
  void aLostNodeFailsTheAttemptWithoutCountingTowardsTheLimit() throws Exception {
    ApplicationId app = h.submit(1024, 2);
    NodeId a = h.addNode("127.0.0.2", 2048);
    h.launched();
    h.clock.advance(h.settings.nmExpiryMs() / 2);
    NodeId b = h.addNode("127.0.0.3", 2048);
    h.clock.advance(h.settings.nmExpiryMs() / 2 + 1);
    h.heartbeat(b);
    h.core.checkLiveness();

    assertEquals(b, h.launcher.last().container().nodeId());
    assertEquals(2, h.launcher.last().attemptId().getAttemptId());
    assertEquals(1, h.clusterMetrics().getNumLostNodeManagers());
    assertEquals(1, h.clusterMetrics().getNumNodeManagers());
    assertEquals(org.apache.hadoop.yarn.server.api.records.NodeAction.RESYNC,
        h.heartbeatWithId(a, 1).action(), "a lost node must re-register");

    h.launched();
    h.heartbeat(b, exited(h.lastAmContainer(), 1));
    assertEquals(3, h.launcher.last().attemptId().getAttemptId(),
        "one counted failure of two allowed: the lost attempt did not count");
  }

  @Test
  void withOneAttemptAllowedAnyAttemptFailureFailsTheApp() throws Exception {
    ApplicationId app = h.submit(1024, 1);
    h.addNode("127.0.0.2", 2048);
    h.launched();
    h.clock.advance(h.settings.nmExpiryMs() + 1);
    h.core.checkLiveness();
    assertEquals(YarnApplicationState.FAILED, report(app).getYarnApplicationState());
    assertEquals(1, h.launcher.launches.size());
  }

  @Test
  void containersOnALostNodeAreReportedLostToTheirAm() throws Exception {
    ApplicationId app = h.submit(1024, 0);
    NodeId big = h.addNode("127.0.0.4", 1024);
    ApplicationAttemptId attempt = runningAm(app);
    NodeId small = h.addNode("127.0.0.5", 4096);
    AllocateResult r1 = h.core.allocate(attempt, ask(0, 1));
    ContainerGrant task = r1.allocated().get(0);
    assertEquals(small, task.nodeId());

    h.clock.advance(h.settings.nmExpiryMs() + 1);
    h.heartbeat(big);
    h.core.checkLiveness();

    AllocateResult r2 = h.core.allocate(attempt, ask(1, 0));
    CompletedContainer lost = r2.completed().get(0);
    assertEquals(task.id(), lost.id());
    assertEquals(ContainerExitStatus.ABORTED, lost.exitStatus());
    assertEquals("Container released on a *lost* node", lost.diagnostics());
  }

  @Test
  void anAmThatStopsHeartbeatingIsTimedOutAndRetried() throws Exception {
    ApplicationId app = h.submit(1024, 2);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId first = runningAm(app);
    h.clock.advance(h.settings.amExpiryMs() + 1);
    h.heartbeat(node);
    h.core.checkLiveness();

    assertEquals(List.of(first), h.launcher.stops, "the hung AM container is stopped");
    assertTrue(h.attemptReport(first).getDiagnostics().contains("timed out"));
    assertEquals(2, h.launcher.last().attemptId().getAttemptId());
    assertTrue(h.heartbeat(node).containersToCleanup().contains(
        h.attemptReport(first).getAMContainerId()));
  }

  @Test
  void killingARunningAppStopsItsAmAndTellsItsNodes() throws Exception {
    ApplicationId app = h.submit(1024, 0);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = runningAm(app);

    assertFalse(h.core.kill(app, "killed by test"), "the first call starts the kill");
    assertTrue(h.core.kill(app, "again"), "later calls see it complete");
    ApplicationReport killed = report(app);
    assertEquals(YarnApplicationState.KILLED, killed.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.KILLED, killed.getFinalApplicationStatus());
    assertEquals("killed by test", killed.getDiagnostics());
    assertEquals(List.of(attempt), h.launcher.stops);
    NodeOrders r = h.heartbeat(node);
    assertTrue(r.appsToCleanup().contains(app));
    assertTrue(r.containersToCleanup().contains(h.lastAmContainer()));
    assertEquals(YarnApplicationAttemptState.KILLED,
        h.attemptReport(attempt).getYarnApplicationAttemptState());
  }

  @Test
  void aReleasedContainerIsReportedAbortedAndKilledOnItsNode() throws Exception {
    ApplicationId app = h.submit(1024, 0);
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationAttemptId attempt = runningAm(app);
    ContainerGrant task = h.core.allocate(attempt, ask(0, 1)).allocated().get(0);

    AllocateResult r = h.core.allocate(attempt, release(1, task.id()));

    CompletedContainer s = r.completed().get(0);
    assertEquals(ContainerExitStatus.ABORTED, s.exitStatus());
    assertEquals("Container released by application", s.diagnostics());
    assertEquals(List.of(task.id()), h.heartbeat(node).containersToCleanup());
    assertEquals(List.of(task.id()),
        h.heartbeat(node, exited(task.id(), -105)).containersToRemove());
  }

  @Test
  void anOrderlyNodeShutdownCompletesItsContainers() throws Exception {
    ApplicationId app = h.submit(1024, 0);
    NodeId node = h.addNode("127.0.0.1", 8192);
    h.launched();
    h.core.unregisterNode(node);
    assertEquals(1, h.clusterMetrics().getNumShutdownNodeManagers());
    assertEquals(0, h.clusterMetrics().getNumNodeManagers());
    assertEquals(YarnApplicationState.ACCEPTED, report(app).getYarnApplicationState());
  }

  @Test
  void completedAppsBeyondTheWindowAreForgotten() throws Exception {
    org.apache.hadoop.yarn.conf.YarnConfiguration conf =
        new org.apache.hadoop.yarn.conf.YarnConfiguration();
    conf.setInt(org.apache.hadoop.yarn.conf.YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS, 2);
    CoreHarness small = new CoreHarness(conf);
    ApplicationId first = small.submit(1024, 0);
    small.core.kill(first, "x");
    small.core.kill(small.submit(1024, 0), "x");
    ApplicationId third = small.submit(1024, 0);
    small.core.kill(third, "x");
    assertEquals(2, small.core.applications(AppFilter.all(),
        org.apache.hadoop.security.UserGroupInformation.createRemoteUser("alice"), false).size());
    assertEquals(Refusal.Kind.UNKNOWN_APP, org.junit.jupiter.api.Assertions.assertThrows(
        Refusal.class, () -> small.report(first)).kind());
    assertEquals(YarnApplicationState.KILLED,
        small.report(third).getYarnApplicationState());
    // The REST metrics' counters remember the forgotten ones (stock root-queue metrics).
    ApplicationId waiting = small.submit(1024, 0);
    assertEquals(new AppCounters(4, 0, 0, 3, 1, 0), small.core.appCounters());

    // After a restart only the unfinished app counts as submitted, as on the stock RM.
    CoreHarness after = new CoreHarness(conf);
    after.core.recover(small.records, 2);
    assertEquals(new AppCounters(1, 0, 0, 0, 1, 0), after.core.appCounters());
    after.core.kill(waiting, "x");
    assertEquals(new AppCounters(1, 0, 0, 1, 0, 0), after.core.appCounters());
  }
}
