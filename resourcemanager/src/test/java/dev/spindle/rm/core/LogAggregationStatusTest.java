package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The app report's LogAggregationStatus from NM heartbeats, by the rules of the stock
 * RMAppLogAggregation.getLogAggregationStatusForAppReport.
 */
class LogAggregationStatusTest {

  private static CoreHarness enabled() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    conf.setLong(YarnConfiguration.LOG_AGGREGATION_STATUS_TIME_OUT_MS, 60_000);
    return new CoreHarness(conf);
  }

  private static LogAggregationStatus status(CoreHarness h, ApplicationId app) throws Exception {
    return h.report(app).getLogAggregationStatus();
  }

  private static List<NodeHeartbeat.LogReport> says(ApplicationId app,
      LogAggregationStatus s) {
    return List.of(new NodeHeartbeat.LogReport(app, s));
  }

  /** Runs the app's AM on {@code node} and finishes it. */
  private static void runAndFinish(CoreHarness h, ApplicationId app, NodeId node)
      throws Exception {
    ApplicationAttemptId attempt = h.launched();
    h.core.registerAm(attempt, "am-host", 1, "");
    h.heartbeat(node, running(h.lastAmContainer()));
    h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "done", "");
    h.heartbeat(node, exited(h.lastAmContainer(), 0));
  }

  @Test
  void withAggregationOffTheReportSaysDisabled() throws Exception {
    CoreHarness h = new CoreHarness();
    ApplicationId app = h.submit(1024, 1);
    NodeId node = h.addNode("127.0.0.1", 8192);
    runAndFinish(h, app, node);
    assertEquals(LogAggregationStatus.DISABLED, status(h, app));
  }

  @Test
  void notStartedThenRunningThenSucceededOnceTheNodeUploaded() throws Exception {
    CoreHarness h = enabled();
    ApplicationId app = h.submit(1024, 1);
    NodeId node = h.addNode("127.0.0.1", 8192);
    assertEquals(LogAggregationStatus.NOT_START, status(h, app));
    runAndFinish(h, app, node);
    assertEquals(LogAggregationStatus.NOT_START, status(h, app), "nothing reported yet");
    h.heartbeatWithLogReports(node, says(app, LogAggregationStatus.RUNNING));
    assertEquals(LogAggregationStatus.RUNNING, status(h, app));
    h.heartbeatWithLogReports(node, says(app, LogAggregationStatus.SUCCEEDED));
    assertEquals(LogAggregationStatus.SUCCEEDED, status(h, app));
    h.heartbeatWithLogReports(node, says(app, LogAggregationStatus.FAILED));
    assertEquals(LogAggregationStatus.SUCCEEDED, status(h, app), "settled: never changes");
  }

  @Test
  void oneNodeFailingFailsTheAppOnceEveryNodeHasReported() throws Exception {
    CoreHarness h = enabled();
    ApplicationId app = h.submit(1024, 1);
    NodeId n1 = h.addNode("127.0.0.1", 8192);
    NodeId n2 = h.addNode("127.0.0.2", 8192);
    runAndFinish(h, app, n1);
    h.heartbeatWithLogReports(n2, says(app, LogAggregationStatus.FAILED));
    assertEquals(LogAggregationStatus.RUNNING, status(h, app), "n1 has not reported yet");
    h.heartbeatWithLogReports(n1, says(app, LogAggregationStatus.SUCCEEDED));
    assertEquals(LogAggregationStatus.FAILED, status(h, app));
  }

  @Test
  void aNodeSilentPastTheTimeOutAfterTheAppFinishedTimesOut() throws Exception {
    CoreHarness h = enabled();
    ApplicationId app = h.submit(1024, 1);
    NodeId node = h.addNode("127.0.0.1", 8192);
    runAndFinish(h, app, node);
    h.clock.advance(30_000);
    h.core.checkLiveness();
    assertEquals(LogAggregationStatus.NOT_START, status(h, app), "within the time-out");
    h.clock.advance(31_000);
    h.core.checkLiveness();
    assertEquals(LogAggregationStatus.TIME_OUT, status(h, app));
  }
}
