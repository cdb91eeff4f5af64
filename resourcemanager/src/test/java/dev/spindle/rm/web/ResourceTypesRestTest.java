package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.Test;

/** REST node shapes list a custom resource type in their resourceInformations. */
class ResourceTypesRestTest {

  private static final String GPU = "yarn.io/gpu";

  @Test
  void aNodesGpusAppearInItsResourceInformations() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.RESOURCE_TYPES, GPU);
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    Resource capability = Resource.newInstance(4096, 4);
    capability.setResourceValue(GPU, 2);
    try (TestNode node = new TestNode(new YarnConfiguration(rm.getConfig()), capability)) {
      Http http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
      JsonNode n = http.json("/ws/v1/cluster/nodes", 200).get("nodes").get("node").get(0);
      assertEquals(2, gpu(n.get("totalResource")).get("value").asLong());
      assertEquals(0, gpu(n.get("usedResource")).get("value").asLong());
      assertEquals(2, gpu(n.get("availableResource")).get("value").asLong());
      assertEquals("COUNTABLE", gpu(n.get("totalResource")).get("resourceType").asText());
    } finally {
      rm.stop();
      ResourceUtils.resetResourceTypes(new YarnConfiguration());
    }
  }

  /** The yarn.io/gpu entry of a ResourceInfo body. */
  private static JsonNode gpu(JsonNode resource) {
    for (JsonNode ri : resource.get("resourceInformations").get("resourceInformation")) {
      if (ri.get("name").asText().equals(GPU)) {
        return ri;
      }
    }
    throw new AssertionError("no " + GPU + " in " + resource);
  }
}
