package dev.spindle.rm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** The ensemble comes from yarn.resourcemanager.zk-address first, as on the stock RM. */
class ZkAddressTest {

  @Test
  void theRmKeyWinsOverTheCommonOne() {
    Configuration conf = new Configuration(false);
    assertNull(ZkAddress.of(conf));
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, "common:2181");
    assertEquals("common:2181", ZkAddress.of(conf));
    conf.set(YarnConfiguration.RM_ZK_ADDRESS, " rm:2181 ");
    assertEquals("rm:2181", ZkAddress.of(conf));
  }

  /** A stock yarn-site.xml naming the ensemble only with the RM key still gets recovery. */
  @Test
  void anRmConfiguredWithOnlyTheRmKeyKeepsItsStateThere() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      YarnConfiguration conf = TestConf.ephemeral();
      conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
      conf.set(YarnConfiguration.RM_ZK_ADDRESS, zk.getConnectString());
      SpindleResourceManager rm = new SpindleResourceManager();
      try {
        rm.init(conf);
        rm.start();
      } finally {
        rm.stop();
      }
      try (CuratorFramework client = CuratorFrameworkFactory.newClient(
          zk.getConnectString(), new RetryOneTime(100))) {
        client.start();
        String root = StoreSettings.from(conf).parentPath();
        assertNotNull(client.checkExists().forPath(root), "no state under " + root);
        assertNotNull(client.checkExists().forPath(
            client.getChildren().forPath(root).stream().map(c -> root + "/" + c).findFirst()
                .orElseThrow()), "the store wrote nothing under " + root);
      }
    }
  }
}
