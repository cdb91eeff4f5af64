package dev.spindle.rm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** State-store families with a real ZooKeeper: a submission's write is timed, none failed. */
class StoreMetricsTest {

  private final TestingServer zk;
  private SpindleResourceManager rm;

  StoreMetricsTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    if (rm != null) {
      rm.stop();
    }
    zk.close();
  }

  @Test
  void aSubmissionsWriteIsTimed() throws Exception {
    PromTools.assumePythonParser();
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    double before = count(rm.metrics().prometheus());
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      ApplicationSubmissionContext ctx =
          client.createApplication().getApplicationSubmissionContext();
      ctx.setResource(Resource.newInstance(1024, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
          List.of("sleep", "60"), null, null, null));
      client.submitApplication(ctx);
    }
    List<PromTools.Sample> samples = PromTools.parse(rm.metrics().prometheus());
    assertTrue(RmMetricsTest.sample(samples, "spindle_rm_state_store_write_seconds_count",
        Map.of()).value() > before, "the submission's write was not timed");
    assertEquals(0.0, RmMetricsTest.sample(samples,
        "spindle_rm_state_store_write_failures_total", Map.of()).value());
  }

  private static double count(String page) throws Exception {
    return RmMetricsTest.sample(PromTools.parse(page),
        "spindle_rm_state_store_write_seconds_count", Map.of()).value();
  }
}
