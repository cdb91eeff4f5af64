package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** The scheduler endpoint in each policy's stock shape, and the HTTPS-only refusal. */
class SchedulerShapesTest {

  private static JsonNode schedulerInfo(String scheduler) throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.RM_SCHEDULER, scheduler);
    SpindleResourceManager rm = new SpindleResourceManager();
    try {
      rm.init(conf);
      rm.start();
      try (TestNode node = new TestNode(new YarnConfiguration(rm.getConfig()), 4096)) {
        Http http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
        return http.json("/ws/v1/cluster/scheduler", 200).get("scheduler").get("schedulerInfo");
      }
    } finally {
      rm.stop();
    }
  }

  @Test
  void fifo() throws Exception {
    JsonNode s = schedulerInfo(
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    assertEquals("fifoScheduler", s.get("type").asText());
    assertEquals(1.0, s.get("capacity").asDouble(), 0.001, "FIFO capacity is a fraction");
    assertEquals("RUNNING", s.get("qstate").asText());
    assertEquals(1, s.get("numNodes").asInt());
    assertEquals(4096, s.get("totalNodeCapacity").asLong());
    assertEquals(4096, s.get("availNodeCapacity").asLong());
  }

  @Test
  void fair() throws Exception {
    JsonNode s = schedulerInfo(
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler");
    assertEquals("fairScheduler", s.get("type").asText());
    JsonNode root = s.get("rootQueue");
    assertEquals("root", root.get("queueName").asText(), s.toString());
    assertEquals(4096, root.get("fairResources").get("memory").asLong());
    assertEquals(4096, root.get("maxResources").get("memory").asLong());
    assertEquals("fair", root.get("schedulingPolicy").asText());
  }

  @Test
  void capacityLeavesCarryTheirLimits() throws Exception {
    JsonNode s = schedulerInfo(
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
    assertEquals("capacityScheduler", s.get("type").asText());
    JsonNode leaf = s.get("queues").get("queue").get(0);
    assertEquals("capacitySchedulerLeafQueueInfo", leaf.get("type").asText());
    assertEquals("root.default", leaf.get("queuePath").asText());
    assertEquals(10000, leaf.get("maxApplications").asInt());
    assertEquals(10000, leaf.get("maxApplicationsPerUser").asInt());
    assertEquals(100.0, leaf.get("userLimit").asDouble(), 0.001);
    assertEquals(1.0, leaf.get("userLimitFactor").asDouble(), 0.001);
    assertEquals(409, leaf.get("AMResourceLimit").get("memory").asLong());
    assertEquals(0, leaf.get("usedAMResource").get("memory").asLong());
  }

  @Test
  void httpsOnlyFailsStartUpWithOneClearLine() {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.YARN_HTTP_POLICY_KEY, "HTTPS_ONLY");
    SpindleResourceManager rm = new SpindleResourceManager();
    try {
      Exception e = assertThrows(RuntimeException.class, () -> rm.init(conf));
      assertTrue(String.valueOf(e.getMessage()).contains("HTTPS_ONLY is not supported"),
          e.getMessage());
    } finally {
      rm.stop();
    }
  }
}
