package dev.spindle.it.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestAm;
import dev.spindle.it.apps.TestApps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.LogsCLI;
import org.apache.hadoop.yarn.webapp.util.WebServiceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Log aggregation off (the default, the shared cluster): DISABLED, and yarn logs says so. */
@ExtendWith(SharedCluster.class)
class LogsDisabledTest {

  @Test
  void finishedAppReportsDisabledAndLogsCliSaysWhatStockSays() throws Exception {
    try (YarnClient yarn = TestApps.client(SharedCluster.conf())) {
      ApplicationId id = TestApps.submitJava(yarn,
          SharedCluster.cluster().getConfDir().toFile(), "say", null, 1,
          TestAm.class.getName() + " say not aggregated");
      ApplicationReport done = TestApps.awaitFinal(yarn, id, Duration.ofMinutes(2));
      assertEquals(YarnApplicationState.FINISHED, done.getYarnApplicationState());
      assertEquals(LogAggregationStatus.DISABLED, done.getLogAggregationStatus());

      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream oldErr = System.err;
      Configuration conf = SharedCluster.conf();
      WebServiceClient.initialize(conf);
      int rc;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        LogsCLI cli = new LogsCLI();
        cli.setConf(conf);
        rc = cli.run(new String[] {"-applicationId", id.toString()});
      } finally {
        System.setErr(oldErr);
        WebServiceClient.destroy();
      }
      String said = err.toString(StandardCharsets.UTF_8);
      assertNotEquals(0, rc);
      // Stock LogsCLI's words when nothing was aggregated (LogCLIHelpers, LogsCLI).
      assertTrue(said.contains("Can not find the logs for the application: " + id), said);
    }
  }
}
