package dev.spindle.rm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.metrics.PromTools;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a real ZooKeeper store: a submission's write is timed and none failed; after a restart
 * the queue counters count recovered unfinished apps as submitted, as stock does, and leave
 * finished ones out.
 */
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

  @Test
  void afterARestartRecoveredUnfinishedAppsCountAsSubmittedAndFinishedOnesDoNot()
      throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    rm = new SpindleResourceManager();
    rm.init(new YarnConfiguration(conf));
    rm.start();
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      submit(client); // no node: it waits, unfinished
      client.killApplication(submit(client));
    }
    rm.stop();
    rm = new SpindleResourceManager();
    rm.init(new YarnConfiguration(conf));
    rm.start();
    ObjectName queue = new ObjectName(
        "Hadoop:service=ResourceManager,name=QueueMetrics,q0=root,q1=default");
    // The first sample is taken before the RM serves.
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    assertEquals(1, jmx.getAttribute(queue, "AppsSubmitted"));
    assertEquals(1, jmx.getAttribute(queue, "AppsPending"));
    assertEquals(0, jmx.getAttribute(queue, "AppsKilled"));
  }

  private static ApplicationId submit(YarnClient client) throws Exception {
    ApplicationSubmissionContext ctx =
        client.createApplication().getApplicationSubmissionContext();
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep", "60"), null, null, null));
    client.submitApplication(ctx);
    return ctx.getApplicationId();
  }

  private static double count(String page) throws Exception {
    return RmMetricsTest.sample(PromTools.parse(page),
        "spindle_rm_state_store_write_seconds_count", Map.of()).value();
  }
}
