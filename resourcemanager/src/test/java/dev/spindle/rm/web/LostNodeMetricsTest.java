package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** REST cluster metrics count a lost node in totalNodes, as stock ClusterMetricsInfo does. */
class LostNodeMetricsTest {

  @Test
  void aLostNodeStillCountsInTotalNodes() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 300);
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    try (TestNode node = new TestNode(new YarnConfiguration(rm.getConfig()), 4096)) {
      Http http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
      // The node never heartbeats again, so it expires.
      long deadline = System.nanoTime() + 30_000_000_000L;
      JsonNode m = metrics(http);
      while (m.get("lostNodes").asInt() == 0) {
        assertTrue(System.nanoTime() < deadline, "the node never became LOST: " + m);
        Thread.sleep(50);
        m = metrics(http);
      }
      assertEquals(1, m.get("lostNodes").asInt());
      assertEquals(0, m.get("activeNodes").asInt());
      assertEquals(1, m.get("totalNodes").asInt());
    } finally {
      rm.stop();
    }
  }

  private static JsonNode metrics(Http http) throws Exception {
    return http.json("/ws/v1/cluster/metrics", 200).get("clusterMetrics");
  }
}
