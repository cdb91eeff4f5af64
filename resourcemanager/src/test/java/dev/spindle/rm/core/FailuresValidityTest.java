package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

/**
 * attemptFailuresValidityInterval end to end through the core (yarn-compat 7.2): failures
 * older than the window no longer count, so a long-running service keeps restarting its AM.
 */
class FailuresValidityTest {

  private final CoreHarness h = new CoreHarness();

  @Test
  void onlyFailuresInsideTheWindowCountTowardsTheLimit() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationId app = submit(2, 10_000);
    h.launched();
    h.heartbeat(node, exited(h.lastAmContainer(), 1));
    h.clock.advance(20_000); // the first failure leaves the window
    h.launched();
    h.heartbeat(node, exited(h.lastAmContainer(), 1));
    assertEquals(3, h.attemptReports(app).size(), "one counted failure of two allowed");
    assertEquals(YarnApplicationState.ACCEPTED,
        h.report(app).getYarnApplicationState());

    h.clock.advance(1_000); // two failures inside the window: the limit is reached
    h.launched();
    h.heartbeat(node, exited(h.lastAmContainer(), 1));
    assertEquals(YarnApplicationState.FAILED,
        h.report(app).getYarnApplicationState());
  }

  private ApplicationId submit(int maxAttempts, long validityMs) {
    ApplicationId id = h.core.newApplicationId();
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(id);
    ctx.setQueue("default");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setMaxAppAttempts(maxAttempts);
    ctx.setAttemptFailuresValidityInterval(validityMs);
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null));
    h.core.submit(new AppSubmission(id, ctx, "alice", "default", h.clock.getTime(),
        h.settings.effectiveMaxAttempts(maxAttempts), ResourceRequest.newInstance(
            Priority.newInstance(0), ResourceRequest.ANY, ctx.getResource(), 1)));
    return id;
  }
}
