package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.rpc.NodeCommands;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.server.api.protocolrecords.NMContainerStatus;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work-preserving RM restart (yarn-compat 6.5), stepped through two cores by hand: the second
 * recovers the first one's records and its NM re-registers with what still runs.
 */
class WorkPreservingRestartTest {

  private static final long WAIT_MS = 5_000;

  private final CoreHarness before = new CoreHarness();
  private final CoreHarness after = new CoreHarness();
  private NodeId node;
  private ApplicationId app;
  private ApplicationAttemptId attempt;
  private ContainerId amContainer;
  private ContainerGrant task1;
  private ContainerGrant task2;
  private int nodeResponseId;

  private static AllocateCommand ask(int responseId, int containers, ContainerId... release) {
    return new AllocateCommand(responseId, 0.5f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), containers, true)),
        List.of(release), List.of(), List.of());
  }

  /** Before the restart: one registered AM with two running tasks. */
  @BeforeEach
  void runningApp() throws Exception {
    node = before.addNode("127.0.0.1", 8192);
    app = before.submit(1024, 2);
    attempt = before.launched();
    amContainer = before.lastAmContainer();
    before.core.registerAm(attempt, "h", 1, "");
    List<ContainerGrant> tasks = before.core.allocate(attempt, ask(0, 2)).allocated();
    task1 = tasks.get(0);
    task2 = tasks.get(1);
    before.heartbeat(node, running(amContainer), running(task1.id()),
        running(task2.id()));
    after.core.recover(before.records, 7, RmCore.RecoveryMode.workPreserving(WAIT_MS));
  }

  private static NMContainerStatus nm(ContainerGrant c, ContainerState state, int exit) {
    return NMContainerStatus.newInstance(c.id(), 0, state,
        ResourceConverter.toResource(c.resource()), "", exit, Priority.newInstance(c.priority()),
        CoreHarness.START, null, null, c.allocationRequestId());
  }

  private static NMContainerStatus nmRunning(ContainerId id, int memoryMb) {
    return NMContainerStatus.newInstance(id, 0, ContainerState.RUNNING,
        Resource.newInstance(memoryMb, 1), "", ContainerExitStatus.INVALID,
        Priority.newInstance(0), CoreHarness.START);
  }

  private void reRegister(NMContainerStatus... statuses) {
    after.core.registerNode(NodeCommands.registration(RegisterNodeManagerRequest.newInstance(
        node, 8042,
        Resource.newInstance(8192, 8), "3.5.0", List.of(statuses), List.of(app))));
    nodeResponseId = 0;
  }

  private NodeOrders nodeHeartbeat(NodeHeartbeat.ContainerUpdate... statuses) {
    NodeOrders r = after.heartbeatWithId(node, nodeResponseId, statuses);
    nodeResponseId = r.responseId();
    return r;
  }

  /** What the node report says is in use on the one node. */
  private long usedMb() {
    return after.core.nodes(java.util.EnumSet.allOf(
        org.apache.hadoop.yarn.api.records.NodeState.class)).get(0).used().memoryMb();
  }

  @Test
  void theAttemptStaysAliveButMustRegisterAgain() throws Exception {
    assertEquals(1, after.attemptReports(app).size(), "no new attempt");
    assertEquals(YarnApplicationAttemptState.LAUNCHED,
        after.attemptReport(attempt).getYarnApplicationAttemptState(),
        "waits for its AM as the stock RM does");
    assertThrows(ApplicationMasterNotRegisteredException.class,
        () -> CoreHarness.client(() -> after.core.allocate(attempt, ask(5, 0))));
    assertThrows(ApplicationMasterNotRegisteredException.class,
        () -> CoreHarness.client(
            () -> after.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "", "")));
    after.core.registerAm(attempt, "h", 1, "");
    assertEquals(YarnApplicationAttemptState.RUNNING,
        after.attemptReport(attempt).getYarnApplicationAttemptState());
    AllocateResult r = after.core.allocate(attempt, ask(0, 0));
    assertEquals(1, r.responseId(), "the heartbeat sequence starts again at 0");
  }

  @Test
  void nmsHandBackRunningContainersAndCompletedOnesReachTheAm() throws Exception {
    ContainerId stranger = ContainerId.fromString("container_e01_1_0099_01_000002");
    reRegister(nmRunning(amContainer, 1024), nm(task1, ContainerState.RUNNING, -1000),
        nm(task2, ContainerState.COMPLETE, 0), nmRunning(stranger, 1024));
    assertEquals(2048, usedMb(), "AM and task1 are charged again");
    assertTrue(after.core.containers().get(amContainer).isAm,
        "the AM container re-links to its attempt");
    NodeOrders hb = nodeHeartbeat();
    assertEquals(List.of(stranger), hb.containersToCleanup());
    assertEquals(List.of(stranger.getApplicationAttemptId().getApplicationId()),
        hb.appsToCleanup());

    after.core.registerAm(attempt, "h", 1, "");
    AllocateResult r = after.core.allocate(attempt, ask(0, 0));
    assertEquals(List.of(task2.id()), ids(r.completed()));
    assertTrue(nodeHeartbeat().containersToRemove().contains(task2.id()),
        "the NM may forget task2 once its AM has pulled the status");

    // task1 now ends normally and is the attempt's own.
    nodeHeartbeat(exited(task1.id(), 0));
    assertEquals(List.of(task1.id()), ids(after.core.allocate(attempt, ask(1, 0))
        .completed()));
    assertEquals(1024, usedMb());
    // The AM container's exit ends the attempt as usual.
    nodeHeartbeat(exited(amContainer, 1));
    assertEquals(YarnApplicationAttemptState.FAILED,
        after.attemptReport(attempt).getYarnApplicationAttemptState());
  }

  @Test
  void nothingNewIsScheduledDuringTheWait() throws Exception {
    reRegister(nmRunning(amContainer, 1024));
    after.core.registerAm(attempt, "h", 1, "");
    assertEquals(List.of(), after.core.allocate(attempt, ask(0, 1)).allocated());
    nodeHeartbeat();
    assertEquals(List.of(), after.core.allocate(attempt, ask(1, 0)).allocated());
    after.clock.advance(WAIT_MS);
    nodeHeartbeat();
    List<ContainerGrant> got = after.core.allocate(attempt, ask(2, 0)).allocated();
    assertEquals(1, got.size());
    assertEquals(7, got.get(0).id().getContainerId() >> 40, "new ids carry the new epoch");
  }

  @Test
  void releasesOfNotYetRecoveredContainersAreAppliedOnRecovery() throws Exception {
    after.core.registerAm(attempt, "h", 1, "");
    after.core.allocate(attempt, ask(0, 0, task1.id()));
    reRegister(nmRunning(amContainer, 1024), nm(task1, ContainerState.RUNNING, -1000));
    assertEquals(List.of(task1.id()), nodeHeartbeat().containersToCleanup());
    AllocateResult r = after.core.allocate(attempt, ask(1, 0));
    assertEquals(List.of(task1.id()), ids(r.completed()));
    assertEquals(Containers.RELEASED,
        r.completed().get(0).diagnostics());
    assertEquals(1024, usedMb());
  }

  @Test
  void containersOfAnAttemptThatDidNotSurviveAreKilled() throws Exception {
    CoreHarness nonWp = new CoreHarness();
    nonWp.core.recover(before.records, 7);
    nonWp.core.registerNode(NodeCommands.registration(RegisterNodeManagerRequest.newInstance(
        node, 8042,
        Resource.newInstance(8192, 8), "3.5.0", List.of(nm(task1, ContainerState.RUNNING,
            -1000)), List.of(app))));
    NodeOrders r = nonWp.heartbeatWithId(node, 0);
    assertEquals(List.of(task1.id()), r.containersToCleanup());
  }

  @Test
  void containersKeptFromAnEarlierAttemptAreListedAgainAtRegistration() throws Exception {
    CoreHarness first = new CoreHarness();
    CoreHarness second = new CoreHarness();
    NodeId n = first.addNode("127.0.0.1", 8192);
    first.submit(1024, 2, true);
    ApplicationAttemptId one = first.launched();
    first.core.registerAm(one, "h", 1, "");
    ContainerGrant kept = first.core.allocate(one, ask(0, 1)).allocated().get(0);
    first.heartbeat(n, running(kept.id()), exited(first.lastAmContainer(), 1));
    ApplicationAttemptId two = first.launched();
    first.core.registerAm(two, "h", 1, "");

    second.core.recover(first.records, 3, RmCore.RecoveryMode.workPreserving(0));
    second.core.registerNode(NodeCommands.registration(RegisterNodeManagerRequest.newInstance(
        n, 8042,
        Resource.newInstance(8192, 8), "3.5.0", List.of(nm(kept, ContainerState.RUNNING,
            -1000)), List.of())));
    assertEquals(List.of(kept.id()), second.core.registerAm(two, "h", 1, "")
        .fromPreviousAttempts().stream().map(ContainerGrant::id).toList());
  }

  private static List<ContainerId> ids(List<CompletedContainer> statuses) {
    List<ContainerId> out = new ArrayList<>();
    statuses.forEach(s -> out.add(s.id()));
    return out;
  }
}
