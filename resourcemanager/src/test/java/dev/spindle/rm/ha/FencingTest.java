package dev.spindle.rm.ha;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.store.StoreSettings;
import dev.spindle.rm.store.ZkStateStore;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deposed active RM: once another RM has activated the store, the old active's next write
 * fails (the client is not told "done"), it steps down, and it can only come back through
 * the election with a new epoch of its own.
 */
class FencingTest {

  private final TestingServer zk;
  private HaResourceManager rm1;

  FencingTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    if (rm1 != null) {
      rm1.stop();
    }
    zk.close();
  }

  private YarnConfiguration conf() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(YarnConfiguration.RM_HA_ID, "rm1");
    for (String id : new String[] {"rm1", "rm2"}) {
      for (String key : new String[] {YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS}) {
        conf.set(key + "." + id, "localhost:0");
      }
    }
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    conf.setInt(CommonConfigurationKeys.ZK_NUM_RETRIES, 3);
    return conf;
  }

  @Test
  void theOldActivesNextWriteFailsAndItStepsDown() throws Exception {
    YarnConfiguration conf = conf();
    rm1 = new HaResourceManager();
    rm1.init(conf);
    rm1.start();
    SpindleResourceManager first = awaitActive(rm1, null);

    // Another RM activates the store: the epoch moves on under rm1's feet.
    try (ZkStateStore usurper = new ZkStateStore(StoreSettings.from(conf))) {
      usurper.activate();
    }
    try (YarnClient client = client(first)) {
      assertThrows(Exception.class, () -> client.submitApplication(context(client)),
          "a submission that could not be stored is not acknowledged");
    }
    // rm1 stepped down and, alone in the election, came back as a new incarnation.
    SpindleResourceManager second = awaitActive(rm1, first);
    assertNotSame(first, second);
    try (YarnClient client = client(second)) {
      assertNotNull(client.submitApplication(context(client)));
    }
  }

  private static ApplicationSubmissionContext context(YarnClient client) throws Exception {
    ApplicationSubmissionContext ctx =
        client.createApplication().getApplicationSubmissionContext();
    ctx.setResource(Resource.newInstance(256, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null));
    return ctx;
  }

  private static SpindleResourceManager awaitActive(HaResourceManager rm,
      SpindleResourceManager not) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      SpindleResourceManager active = rm.activeResourceManager();
      if (rm.state() == HAServiceState.ACTIVE && active != null && active != not) {
        return active;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("rm1 did not become active");
      }
      Thread.sleep(10);
    }
  }

  /** A plain client on the active incarnation's bound client port. */
  private static YarnClient client(SpindleResourceManager rm) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_ADDRESS, rm.getConfig().get(YarnConfiguration.RM_ADDRESS));
    conf.setInt("ipc.client.connect.max.retries", 0);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 2000);
    YarnClient client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    return client;
  }
}
