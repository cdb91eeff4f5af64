package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;

/**
 * A second core started from the first one's records (an RM restart without keeping work):
 * finished applications stay queryable, unfinished ones carry on with a new attempt whose
 * container ids carry the new epoch, and the lost attempt does not count as a failure.
 */
class RestartRecoveryTest {

  private final CoreHarness before = new CoreHarness();
  private final CoreHarness after = new CoreHarness();

  @Test
  void unfinishedAppsGetANewAttemptAndFinishedOnesStayQueryable() throws Exception {
    NodeId node = before.addNode("127.0.0.1", 8192);
    ApplicationId done = before.submit(1024, 2);
    ApplicationAttemptId doneAttempt = before.launched();
    before.core.registerAm(doneAttempt, "h", 1, "");
    before.core.finishAm(doneAttempt, FinalApplicationStatus.SUCCEEDED, "ok", "");
    before.heartbeat(node, exited(before.lastAmContainer(), 0));
    ApplicationId unregistered = before.submit(1024, 2);
    ApplicationAttemptId unregisteredAttempt = before.launched();
    before.core.registerAm(unregisteredAttempt, "h", 1, "");
    before.core.finishAm(unregisteredAttempt, FinalApplicationStatus.FAILED, "gave up", "");
    ApplicationId running = before.submit(1024, 2);
    before.core.registerAm(before.launched(), "h", 1, "");

    after.core.recover(before.records, 5);
    after.addNode("127.0.0.1", 8192);

    assertEquals(YarnApplicationState.FINISHED,
        after.report(done).getYarnApplicationState());
    ApplicationReport gaveUp = after.report(unregistered);
    assertEquals(YarnApplicationState.FINISHED, gaveUp.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.FAILED, gaveUp.getFinalApplicationStatus(),
        "the outcome the AM unregistered with stands");

    List<ApplicationAttemptReport> attempts = after.attemptReports(running);
    assertEquals(2, attempts.size());
    assertEquals(YarnApplicationAttemptState.FAILED,
        attempts.get(0).getYarnApplicationAttemptState());
    assertEquals(YarnApplicationState.ACCEPTED,
        after.report(running).getYarnApplicationState());
    ContainerId am = after.lastAmContainer();
    assertEquals(attempts.get(1).getApplicationAttemptId(), am.getApplicationAttemptId());
    assertEquals(5, am.getContainerId() >> 40, "the new AM container carries the epoch");
    assertEquals("container_e05_" + CoreHarness.START + "_0003_02_000001", am.toString());

    // The lost attempt did not count: the second attempt may still fail once more.
    after.heartbeat(after.core.state().nodes.keySet().iterator().next(), exited(am, 1));
    assertEquals(3, after.attemptReports(running).size());
    assertFalse(after.report(running).getYarnApplicationState()
        == YarnApplicationState.FAILED);
  }

  @Test
  void anAppWithOneAttemptAllowedFailsAsTheStockRmDoes() throws Exception {
    before.addNode("127.0.0.1", 8192);
    ApplicationId single = before.submit(1024, 1);
    before.core.registerAm(before.launched(), "h", 1, "");
    after.core.recover(before.records, 2);
    ApplicationReport r = after.report(single);
    assertEquals(YarnApplicationState.FAILED, r.getYarnApplicationState());
    assertEquals(ContainerExitStatus.KILLED_BY_RESOURCEMANAGER,
        after.core.state().apps.get(single).attempts.get(0).facts.amExitStatus());
  }

  /**
   * An application waiting for its AM container (no node could take it) comes back with the
   * same attempt, which asks again: nothing ran, so nothing is lost, and recovery writes
   * nothing for it (the stock RM stores an attempt only once its AM container is allocated).
   */
  @Test
  void anAttemptThatNeverGotItsAmContainerIsKeptAndAsksAgain() throws Exception {
    ApplicationId waiting = before.submit(1024, 2);
    assertEquals(YarnApplicationAttemptState.SCHEDULED,
        before.attemptReports(waiting).get(0).getYarnApplicationAttemptState());

    after.core.recover(before.records, 3);
    assertEquals(List.of(), after.records, "recovery wrote nothing");
    List<ApplicationAttemptReport> attempts = after.attemptReports(waiting);
    assertEquals(1, attempts.size());
    assertEquals(YarnApplicationAttemptState.SCHEDULED,
        attempts.get(0).getYarnApplicationAttemptState());

    after.addNode("127.0.0.1", 8192);
    ContainerId am = after.lastAmContainer();
    assertEquals(attempts.get(0).getApplicationAttemptId(), am.getApplicationAttemptId(),
        "the kept attempt got its AM container once a node came");
    assertEquals(3, am.getContainerId() >> 40, "under the new epoch");
    assertEquals(YarnApplicationState.ACCEPTED,
        after.report(waiting).getYarnApplicationState());
  }

  @Test
  void newApplicationIdsDoNotRepeatRecoveredOnes() throws Exception {
    ApplicationId first = before.submit(1024, 2);
    after.core.recover(before.records, 1);
    ApplicationId next = after.core.newApplicationId();
    assertEquals(first.getId() + 1, next.getId());
  }
}
