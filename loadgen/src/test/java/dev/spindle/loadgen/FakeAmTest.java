package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated AM's side of the absolute-ask protocol, against a scripted RM: what it asks,
 * what it keeps, releases and blacklists, and what it counts as over-allocation.
 */
class FakeAmTest {

  private static final ApplicationId APP = ApplicationId.newInstance(7, 1);
  private static final ApplicationAttemptId ATTEMPT = ApplicationAttemptId.newInstance(APP, 1);
  private static final Resource SLOT = Resource.newInstance(1024, 1);

  /** An RM that answers each allocate with the next scripted response and records requests. */
  private static final class ScriptedRm implements ApplicationMasterProtocol {
    final Deque<AllocateResponse> script = new ArrayDeque<>();
    final List<AllocateRequest> requests = new ArrayList<>();
    int finishes;

    @Override
    public RegisterApplicationMasterResponse registerApplicationMaster(
        RegisterApplicationMasterRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FinishApplicationMasterResponse finishApplicationMaster(
        FinishApplicationMasterRequest request) {
      finishes++;
      return FinishApplicationMasterResponse.newInstance(true);
    }

    @Override
    public AllocateResponse allocate(AllocateRequest request) {
      requests.add(request);
      return script.isEmpty() ? response(List.of(), List.of()) : script.poll();
    }
  }

  private final Tally tally = new Tally();
  private final ScriptedRm rm = new ScriptedRm();
  private final NodeFleet fleet;
  private final FakeAm am;

  FakeAmTest() throws Exception {
    LoadScenario scenario = new LoadScenario(2, 2048, 2, 1000, 1, 3, 1024, 1, 0, 1000,
        "default", 0, 60_000);
    Configuration conf = new YarnConfiguration();
    // Nodes 127.1.0.1 and 127.1.0.2, never registered: only their bookkeeping is used.
    fleet = new NodeFleet(conf, scenario, tally);
    am = new FakeAm(0, scenario, fleet, tally);
    am.attach(APP, rm);
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  private static int responseIds;

  private static AllocateResponse response(List<Container> allocated,
      List<ContainerStatus> completed) {
    return AllocateResponse.newInstance(++responseIds, completed, allocated, List.of(), null,
        null, 1, null, List.of());
  }

  private static Container container(long n, String host) {
    return Container.newInstance(ContainerId.newContainerId(ATTEMPT, n),
        NodeId.newInstance(host, NodeFleet.FAKE_PORT), host + ":2", SLOT, Priority.newInstance(1),
        null);
  }

  private static ContainerStatus done(long n) {
    return ContainerStatus.newInstance(ContainerId.newContainerId(ATTEMPT, n),
        ContainerState.COMPLETE, "", ContainerExitStatus.SUCCESS);
  }

  private static final String NODE_0 = NodeFleet.fakeHost(0);
  private static final String NODE_1 = NodeFleet.fakeHost(1);

  @Test
  void asksAbsolutelyKeepsWhatItNeedsAndReleasesTheRest() {
    rm.script.add(response(List.of(container(1, NODE_0), container(2, NODE_1)), List.of()));
    am.beat();
    assertEquals(3, rm.requests.get(0).getAskList().get(0).getNumContainers());

    // 2 more arrive though 1 is wanted: the RM allocated them before hearing the new ask.
    rm.script.add(response(List.of(container(3, NODE_0), container(4, NODE_1)), List.of()));
    am.beat();
    assertEquals(1, rm.requests.get(1).getAskList().get(0).getNumContainers());
    assertEquals(1, tally.surplusReleased.get());

    rm.script.add(response(List.of(), List.of(done(1), done(2), done(3))));
    am.beat();
    AllocateRequest third = rm.requests.get(2);
    assertEquals(0, third.getAskList().get(0).getNumContainers());
    assertEquals(List.of(ContainerId.newContainerId(ATTEMPT, 4)), third.getReleaseList());
    assertTrue(am.isDone());
    assertEquals(1, rm.finishes);
    assertEquals(3, tally.allocated.get());
    assertEquals(3, tally.completed.get());
    assertEquals(0, tally.appOverAllocations.get());
    assertEquals(0, tally.nodeOverAllocations.get());
  }

  @Test
  void anUnchangedAskIsNotSentAgain() {
    am.beat();
    am.beat();
    assertEquals(1, rm.requests.get(0).getAskList().size());
    assertTrue(rm.requests.get(1).getAskList().isEmpty());
  }

  @Test
  void aContainerOnARealNodeIsReleasedAndTheNodeBlacklisted() {
    rm.script.add(response(List.of(container(1, "real-nm.example")), List.of()));
    am.beat();
    am.beat();
    AllocateRequest second = rm.requests.get(1);
    assertEquals(List.of(ContainerId.newContainerId(ATTEMPT, 1)), second.getReleaseList());
    assertEquals(List.of("real-nm.example"),
        second.getResourceBlacklistRequest().getBlacklistAdditions());
    assertEquals(1, tally.foreignReleased.get());
    assertEquals(0, tally.allocated.get());
    am.beat();
    assertTrue(rm.requests.get(2).getReleaseList().isEmpty());
    assertEquals(null, rm.requests.get(2).getResourceBlacklistRequest());
  }

  @Test
  void moreThanTheAsksAllowIsOverAllocation() {
    // Asked 3 with nothing asked before: up to 3 is fine, 7 is not.
    List<Container> seven = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      seven.add(container(i, i % 2 == 0 ? NODE_0 : NODE_1));
    }
    rm.script.add(response(seven, List.of()));
    am.beat();
    assertEquals(1, tally.appOverAllocations.get());
    assertEquals(4, tally.surplusReleased.get());
  }

  @Test
  void theSameContainerTwiceIsOverAllocationEvenAfterItCompleted() {
    rm.script.add(response(List.of(container(1, NODE_0), container(2, NODE_1)), List.of()));
    am.beat();
    rm.script.add(response(List.of(), List.of(done(1))));
    am.beat();
    // Within what the asks allow (3 then 1), but container 1 was already given.
    rm.script.add(response(List.of(container(1, NODE_1)), List.of()));
    am.beat();
    assertEquals(1, tally.appOverAllocations.get());
    assertEquals(2, tally.allocated.get());
    assertFalse(am.isDone());
  }
}
