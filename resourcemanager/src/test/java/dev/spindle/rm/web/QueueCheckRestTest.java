package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.rm.rpc.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /ws/v1/cluster/scheduler/check on a running Capacity RM with an application in
 * root.b: candidates are judged as refreshQueues would judge them, compared in effective
 * terms, and nothing is applied.
 */
class QueueCheckRestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path confDir;
  private SpindleResourceManager rm;
  private YarnClient client;
  private TestNode node;
  private ApplicationId app;
  private Http http;

  private static String capacity(String... keyValues) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      xml.append("<property><name>yarn.scheduler.capacity.").append(keyValues[i])
          .append("</name><value>").append(keyValues[i + 1]).append("</value></property>\n");
    }
    return xml.append("</configuration>\n").toString();
  }

  private static final String RUNNING = capacity("root.queues", "a,b",
      "root.a.capacity", "40", "root.b.capacity", "60");

  @BeforeEach
  void start() throws Exception {
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), RUNNING);
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, "capacity");
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    YarnConfiguration client = new YarnConfiguration(rm.getConfig());
    this.client = YarnClient.createYarnClient();
    this.client.init(client);
    this.client.start();
    node = new TestNode(client, Resource.newInstance(10 * 1024, 10));
    ApplicationSubmissionContext ctx = this.client.createApplication()
        .getApplicationSubmissionContext();
    ctx.setQueue("b");
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    app = ctx.getApplicationId();
    this.client.submitApplication(ctx);
    http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  @AfterEach
  void stop() {
    node.close();
    client.stop();
    rm.stop();
  }

  private JsonNode check(String capacityXml) throws Exception {
    var r = http.post("/ws/v1/cluster/scheduler/check", JSON.writeValueAsString(
        Map.of("files", Map.of("capacity-scheduler.xml", capacityXml))), "application/json");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("queueCheck");
  }

  private static List<String> lines(JsonNode report) {
    List<String> out = new ArrayList<>();
    report.get("changes").forEach(c -> out.add(c.get("line").asText()));
    return out;
  }

  @Test
  void aResizeIsShownInEffectiveTermsAndNotApplied() throws Exception {
    JsonNode r = check(capacity("root.queues", "a,b", "root.a.capacity", "20",
        "root.b.capacity", "80"));
    assertTrue(r.get("valid").asBoolean(), r.toString());
    List<String> lines = lines(r);
    assertTrue(lines.contains("~ root.a  guaranteed: 4096 MB, 4 vcores -> 2048 MB, 2 vcores"),
        lines.toString());
    assertTrue(lines.contains("~ root.b  capacity: 60.0% -> 80.0%"), lines.toString());
    assertEquals(0, r.get("affectedApplications").size());
    assertEquals(0.4f, client.getQueueInfo("a").getCapacity(), 1e-6, "nothing was applied");
  }

  @Test
  void theRunningConfigurationAgainstItselfChangesNothing() throws Exception {
    JsonNode r = check(RUNNING);
    assertTrue(r.get("valid").asBoolean());
    assertEquals(List.of(), lines(r));
  }

  @Test
  void stoppingAQueueNamesItsLiveApplications() throws Exception {
    JsonNode r = check(capacity("root.queues", "a,b", "root.a.capacity", "40",
        "root.b.capacity", "60", "root.b.state", "STOPPED"));
    assertTrue(r.get("valid").asBoolean(), r.toString());
    assertTrue(lines(r).contains("~ root.b  state: RUNNING -> STOPPED"), lines(r).toString());
    JsonNode affected = r.get("affectedApplications");
    assertEquals(1, affected.size(), r.toString());
    assertEquals(app.toString(), affected.get(0).get("application").asText());
    assertEquals("root.b", affected.get(0).get("queue").asText());
  }

  @Test
  void removingAQueueWithApplicationsIsRefusedAsRefreshWouldRefuseIt() throws Exception {
    JsonNode r = check(capacity("root.queues", "a", "root.a.capacity", "100"));
    assertFalse(r.get("valid").asBoolean());
    assertTrue(r.get("refusal").asText().contains("root.b is removed"), r.toString());
    JsonNode broken = check(capacity("root.queues", "a,b", "root.a.capacity", "40",
        "root.b.capacity", "70"));
    assertFalse(broken.get("valid").asBoolean());
    assertTrue(broken.get("refusal").asText().contains("capacity-scheduler.xml"),
        broken.toString());
    assertEquals(2, client.getChildQueueInfos("root").size(), "the RM keeps serving as it was");
  }

  @Test
  void aBodyWithoutFilesIsABadRequest() throws Exception {
    var r = http.post("/ws/v1/cluster/scheduler/check", "{\"nope\": 1}", "application/json");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("files"), r.body());
  }
}
