package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.apps.TestAm;
import dev.spindle.it.apps.TestApps;
import java.time.Duration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RM restarts an ApplicationMaster that dies without unregistering, within the limit. */
@ExtendWith(SharedCluster.class)
class AmRestartTest {

  @Test
  void anAmThatFailsOnAttemptOneSucceedsOnAttemptTwo() throws Exception {
    try (YarnClient yarn = client()) {
      ApplicationId id = TestApps.submit(yarn, SharedCluster.cluster().getConfDir().toFile(),
          "fail-first-attempt", 2);

      ApplicationReport report = TestApps.awaitFinal(yarn, id, Duration.ofSeconds(120));

      assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState(),
          report.getDiagnostics());
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
      assertEquals(2, report.getCurrentApplicationAttemptId().getAttemptId());
      assertEquals(2, yarn.getApplicationAttempts(id).size());
    }
  }

  @Test
  void withOneAttemptTheApplicationFailsWithDiagnosticsSayingWhy() throws Exception {
    try (YarnClient yarn = client()) {
      ApplicationId id = TestApps.submit(yarn, SharedCluster.cluster().getConfDir().toFile(),
          "always-fail", 1);

      ApplicationReport report = TestApps.awaitFinal(yarn, id, Duration.ofSeconds(120));

      assertEquals(YarnApplicationState.FAILED, report.getYarnApplicationState());
      assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
      assertEquals(1, yarn.getApplicationAttempts(id).size());
      String diagnostics = report.getDiagnostics();
      assertTrue(diagnostics.contains("exitCode: " + TestAm.FAILURE_EXIT_CODE), diagnostics);
      assertTrue(diagnostics.contains(report.getCurrentApplicationAttemptId().toString()),
          diagnostics);
    }
  }

  private static YarnClient client() {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(SharedCluster.conf());
    yarn.start();
    return yarn;
  }
}
