package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.core.StateRecord;
import dev.spindle.rm.store.StoreSettings;
import dev.spindle.rm.store.ZkStateStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With ZooKeeper down, a submission is not acknowledged (its write cannot be durable) while
 * the RM keeps answering NodeManager heartbeats; once ZooKeeper is back the submission is
 * stored and answered. Before replies were parked, the core thread waited on the write and
 * every heartbeat waited behind it.
 */
@Timeout(240)
class StoreOutageTest {

  private final TestingServer zk;
  private SpindleResourceManager rm;
  private ApplicationId id;

  StoreOutageTest() throws Exception {
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
  void aSubmissionWaitsForZooKeeperWhileHeartbeatsAreServed() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    conf.setInt(CommonConfigurationKeys.ZK_RETRY_INTERVAL_MS, 200);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    try (TestNode node = new TestNode(rm.getConfig(), 8192);
        YarnClient client = YarnClient.createYarnClient()) {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      ApplicationSubmissionContext ctx = client.createApplication().getApplicationSubmissionContext();
      id = ctx.getApplicationId();
      ctx.setResource(Resource.newInstance(1024, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
          List.of("sleep", "60"), null, null, null));

      zk.stop();
      CompletableFuture<ApplicationId> submitted = CompletableFuture.supplyAsync(() -> {
        try {
          return client.submitApplication(ctx);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      awaitParked();
      for (int i = 0; i < 3; i++) {
        assertEquals(NodeAction.NORMAL, node.heartbeat().getNodeAction(),
            "the NodeManager is served while the write waits");
      }
      assertFalse(submitted.isDone(), "acknowledged before it was stored");

      zk.restart();
      assertEquals(id, submitted.get(180, TimeUnit.SECONDS));
    }
    try (ZkStateStore reader = new ZkStateStore(StoreSettings.from(conf))) {
      reader.open();
      assertTrue(reader.load().stream().anyMatch(r -> r instanceof StateRecord.AppAdded a
          && a.submission().appId().equals(id)), "the app is in the store");
    }
  }

  private void awaitParked() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (rm.internals().parkedReplies() == 0) {
      assertTrue(System.nanoTime() < deadline, "the submission never reached the core");
      Thread.sleep(10);
    }
  }
}
