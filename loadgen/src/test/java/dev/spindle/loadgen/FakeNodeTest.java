package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.utils.YarnServerBuilderUtils;
import org.junit.jupiter.api.Test;

/** The simulated NM's container bookkeeping, as a stock NodeStatusUpdaterImpl keeps it. */
class FakeNodeTest {

  private final Tally tally = new Tally();
  private final FakeNode node = new FakeNode(NodeId.newInstance("127.1.0.1", 1),
      Resource.newInstance(8192, 2), tally);
  private final ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(
      ApplicationId.newInstance(1, 1), 1);
  private final Resource slot = Resource.newInstance(4096, 1);

  private ContainerId container(long n) {
    return ContainerId.newContainerId(attempt, n);
  }

  private static NodeHeartbeatResponse response(int id, List<ContainerId> acked,
      List<ContainerId> kill) {
    NodeHeartbeatResponse response = YarnServerBuilderUtils.newNodeHeartbeatResponse(id,
        NodeAction.NORMAL, null, null, null, null, 1000);
    response.addContainersToBeRemovedFromNM(acked);
    response.addAllContainersToCleanup(kill);
    return response;
  }

  @Test
  void runningThenCompleteOnceThenKeptUntilAcked() {
    node.start(container(1), slot, 0, 500);
    List<ContainerStatus> first = node.statuses(100);
    assertEquals(1, first.size());
    assertEquals(ContainerState.RUNNING, first.get(0).getState());
    node.accept(response(1, List.of(), List.of()), 100);

    List<ContainerStatus> done = node.statuses(600);
    assertEquals(ContainerState.COMPLETE, done.get(0).getState());
    assertEquals(ContainerExitStatus.SUCCESS, done.get(0).getExitStatus());
    // A failed heartbeat (no accept): reported again.
    assertEquals(1, node.statuses(700).size());
    node.accept(response(2, List.of(), List.of()), 700);
    // Reported and not yet acked: a stock NM does not report it again, but keeps it.
    assertEquals(0, node.statuses(800).size());
    assertEquals(1, node.registrationStatuses().size());
    node.accept(response(3, List.of(container(1)), List.of()), 800);
    assertEquals(0, node.registrationStatuses().size());
    assertEquals(3, node.responseId());
  }

  @Test
  void aContainerBeyondCapacityIsAnOverAllocation() {
    node.start(container(1), slot, 0, 500);
    node.start(container(2), slot, 0, 500);
    assertEquals(0, tally.nodeOverAllocations.get());
    node.start(container(3), slot, 0, 500);
    assertEquals(1, tally.nodeOverAllocations.get());
  }

  @Test
  void roomFreedByACompletedContainerCanBeReused() {
    node.start(container(1), slot, 0, 500);
    node.start(container(2), slot, 0, 500);
    node.statuses(600); // both complete, their room is free before the RM hears of it
    node.start(container(3), slot, 600, 500);
    node.start(container(4), slot, 600, 500);
    assertEquals(0, tally.nodeOverAllocations.get());
  }

  @Test
  void theSameContainerTwiceIsAnOverAllocation() {
    node.start(container(1), slot, 0, 500);
    node.start(container(1), slot, 0, 500);
    assertEquals(1, tally.appOverAllocations.get());
  }

  @Test
  void containersToCleanupAreKilledAndReportedComplete() {
    node.start(container(1), slot, 0, 10_000);
    node.accept(response(1, List.of(), List.of(container(1))), 10);
    List<ContainerStatus> statuses = node.statuses(20);
    assertEquals(ContainerState.COMPLETE, statuses.get(0).getState());
    assertEquals(ContainerExitStatus.KILLED_BY_RESOURCEMANAGER, statuses.get(0).getExitStatus());
  }
}
