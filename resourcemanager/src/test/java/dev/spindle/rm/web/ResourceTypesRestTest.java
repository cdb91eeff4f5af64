package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import java.net.http.HttpResponse;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.Test;

/** REST shapes and REST submissions with a custom resource type (yarn.io/gpu). */
class ResourceTypesRestTest {

  private static final String GPU = "yarn.io/gpu";
  private static final String APPS = "/ws/v1/cluster/apps";
  private static final String JSON = "application/json";

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

  @Test
  void aRestSubmissionKeepsItsGpusAndAnUnknownTypeIsABadRequest() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.RESOURCE_TYPES, GPU);
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    Resource capability = Resource.newInstance(4096, 4);
    capability.setResourceValue(GPU, 2);
    YarnConfiguration clientConf = new YarnConfiguration(rm.getConfig());
    try (TestNode node = new TestNode(clientConf, capability);
        YarnClient client = YarnClient.createYarnClient()) {
      client.init(clientConf);
      client.start();
      Http http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));

      String fpga = newId(http);
      HttpResponse<String> bad = http.post(APPS, body(fpga, "yarn.io/fpga"), JSON);
      assertEquals(400, bad.statusCode(), bad.body());
      assertTrue(bad.body().contains("yarn.io/fpga"), bad.body());

      String id = newId(http);
      HttpResponse<String> ok = http.post(APPS, body(id, GPU), JSON);
      assertEquals(202, ok.statusCode(), ok.body());
      node.awaitAmCredentials();
      ApplicationReport report = client.getApplicationReport(ApplicationId.fromString(id));
      assertEquals(1, report.getApplicationResourceUsageReport().getUsedResources()
          .getResourceValue(GPU), "the AM container holds the GPU asked for");
    } finally {
      rm.stop();
      ResourceUtils.resetResourceTypes(new YarnConfiguration());
    }
  }

  private static String newId(Http http) throws Exception {
    HttpResponse<String> r = http.post(APPS + "/new-application", "", JSON);
    assertEquals(200, r.statusCode(), r.body());
    return Http.parse(r.body()).get("application-id").asText();
  }

  /** A submission whose AM asks for one unit of {@code type} besides memory and vcores. */
  private static String body(String id, String type) {
    return "{\"application-id\":\"" + id + "\",\"application-name\":\"gpu-app\","
        + "\"resource\":{\"memory\":1024,\"vCores\":1,\"resourceInformations\":"
        + "{\"resourceInformation\":[{\"name\":\"" + type + "\",\"value\":1}]}},"
        + "\"am-container-spec\":{\"commands\":{\"command\":\"sleep 30\"}}}";
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
