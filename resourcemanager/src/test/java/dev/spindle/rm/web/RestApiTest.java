package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API of a non-HA RM on port 0, over real HTTP, with an application submitted over
 * real RPC and its AM placed on a node registered over RPC.
 */
class RestApiTest {

  private SpindleResourceManager rm;
  private YarnClient client;
  private TestNode node;
  private ApplicationId app;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    rm = new SpindleResourceManager();
    rm.init(TestConf.ephemeral());
    rm.start();
    YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, 8192);
    ApplicationSubmissionContext ctx = client.createApplication()
        .getApplicationSubmissionContext();
    ctx.setApplicationName("web-test");
    ctx.setApplicationType("SPINDLE");
    ctx.setApplicationTags(Set.of("tag1"));
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    app = ctx.getApplicationId();
    client.submitApplication(ctx);
    node.awaitAmCredentials();
    http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  @AfterEach
  void stop() {
    node.close();
    client.stop();
    rm.stop();
  }

  @Test
  void portZeroIsPublishedAndTrackingUrlsCarryIt() throws Exception {
    String web = rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    assertFalse(web.endsWith(":0"), web);
    String tracking = client.getApplicationReport(app).getTrackingUrl();
    assertTrue(tracking.contains(web.substring(web.indexOf(':')) + "/proxy/" + app + "/"),
        tracking + " should carry " + web);
  }

  @Test
  void clusterInfoAndMetrics() throws Exception {
    for (String path : new String[] {"/ws/v1/cluster", "/ws/v1/cluster/info"}) {
      JsonNode info = http.json(path, 200).get("clusterInfo");
      assertEquals("ACTIVE", info.get("haState").asText());
      assertEquals(app.getClusterTimestamp(), info.get("id").asLong());
      assertTrue(info.get("startedOn").isNumber());
      assertEquals("STARTED", info.get("state").asText());
      assertTrue(info.get("hadoopVersion").asText().startsWith("3."));
    }
    HttpResponse<String> raw = http.get("/ws/v1/cluster/info");
    assertEquals("application/json;charset=utf-8",
        raw.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-cache", raw.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("SAMEORIGIN", raw.headers().firstValue("X-Frame-Options").orElse(""));
    assertTrue(raw.headers().firstValue("Content-Length").isPresent(), "not chunked");
    JsonNode m = http.json("/ws/v1/cluster/metrics", 200).get("clusterMetrics");
    assertEquals(1, m.get("appsSubmitted").asInt());
    assertTrue(m.get("appsSubmitted").isNumber());
    assertEquals(1, m.get("activeNodes").asInt());
    assertEquals(8192, m.get("totalMB").asLong());
    assertEquals(1024, m.get("allocatedMB").asLong());
    assertEquals(1, m.get("containersAllocated").asInt());
  }

  @Test
  void appsListWithFilters() throws Exception {
    JsonNode apps = http.json("/ws/v1/cluster/apps", 200).get("apps").get("app");
    assertTrue(apps.isArray(), "a one-element list is still an array");
    assertEquals(1, apps.size());
    JsonNode a = apps.get(0);
    assertEquals(app.toString(), a.get("id").asText());
    assertEquals("web-test", a.get("name").asText());
    assertEquals("ACCEPTED", a.get("state").asText());
    assertEquals("UNDEFINED", a.get("finalStatus").asText());
    assertEquals("SPINDLE", a.get("applicationType").asText());
    assertEquals("tag1", a.get("applicationTags").asText());
    assertTrue(a.get("progress").isNumber());
    assertTrue(a.get("clusterId").isNumber());
    assertEquals("default", a.get("queue").asText().replace("root.", ""));
    assertTrue(a.get("amContainerLogs").asText().contains("/node/containerlogs/container_"));
    assertEquals(node.nodeId.toString(), a.get("masterNodeId").asText());

    assertEquals(1, count("/ws/v1/cluster/apps?states=accepted,running"));
    assertEquals(1, count("/ws/v1/cluster/apps?state=ACCEPTED"));
    assertEquals(0, count("/ws/v1/cluster/apps?states=RUNNING"));
    assertEquals(0, count("/ws/v1/cluster/apps?user=nobody-here"));
    assertEquals(1, count("/ws/v1/cluster/apps?applicationTypes=SPINDLE&limit=5"));
    assertEquals(0, count("/ws/v1/cluster/apps?applicationTypes=MAPREDUCE"));
    assertEquals(1, count("/ws/v1/cluster/apps?applicationTags=tag1"));
    assertEquals(1, count("/ws/v1/cluster/apps?finalStatus=UNDEFINED"));
    assertEquals(0, count("/ws/v1/cluster/apps?finalStatus=SUCCEEDED"));
    assertEquals(0, count("/ws/v1/cluster/apps?finishedTimeBegin=1"));
    assertEquals(1, count("/ws/v1/cluster/apps?startedTimeBegin=1&startedTimeEnd="
        + Long.MAX_VALUE));
    assertEquals("{}", http.json("/ws/v1/cluster/apps?states=KILLED", 200).get("apps")
        .toString(), "an empty list renders as an empty object (3.5.0)");

    assertError(http.get("/ws/v1/cluster/apps?states=BOGUS"), 400, "BadRequestException",
        "Invalid application-state BOGUS");
    assertError(http.get("/ws/v1/cluster/apps?limit=0"), 400, "BadRequestException",
        "limit value must be greater then 0");
  }

  @Test
  void oneAppItsAttemptsAndErrors() throws Exception {
    JsonNode a = http.json("/ws/v1/cluster/apps/" + app, 200).get("app");
    assertEquals(app.toString(), a.get("id").asText());
    // Stock: no tracking URL (the key is left out) until the AM runs.
    assertEquals("UNASSIGNED", a.get("trackingUI").asText());
    assertFalse(a.has("trackingUrl"));
    assertEquals("LIFETIME", a.get("timeouts").get("timeout").get(0).get("type").asText());
    assertEquals("memory-mb", a.get("resourceSecondsMap").get("entry").get(0).get("key")
        .asText());

    JsonNode attempts = http.json("/ws/v1/cluster/apps/" + app + "/appattempts", 200)
        .get("appAttempts").get("appAttempt");
    assertEquals(1, attempts.size());
    JsonNode at = attempts.get(0);
    assertEquals(1, at.get("id").asInt());
    assertTrue(at.get("containerId").asText().startsWith("container_"));
    assertEquals(node.nodeId.toString(), at.get("nodeId").asText());
    assertTrue(at.has("nodeHttpAddress"));
    assertEquals(app.toString().replace("application_", "appattempt_") + "_000001",
        at.get("appAttemptId").asText());

    ApplicationId unknown = ApplicationId.newInstance(app.getClusterTimestamp(), 999);
    assertError(http.get("/ws/v1/cluster/apps/" + unknown), 404, "NotFoundException",
        "app with id: " + unknown + " not found");
    assertError(http.get("/ws/v1/cluster/apps/not-an-id"), 400, "BadRequestException",
        "Invalid ApplicationId");
    assertError(http.get("/ws/v1/cluster/apps/" + unknown + "/appattempts"), 404,
        "NotFoundException", "not found");
  }

  @Test
  void xmlWhenTheCallerAsksForXml() throws Exception {
    HttpResponse<String> info = http.getXml("/ws/v1/cluster/info");
    assertEquals(200, info.statusCode());
    assertEquals("application/xml;charset=utf-8",
        info.headers().firstValue("Content-Type").orElse(""));
    assertTrue(info.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><clusterInfo><id>"
        + app.getClusterTimestamp() + "</id>"), info.body());
    String apps = http.getXml("/ws/v1/cluster/apps").body();
    assertTrue(apps.contains("<apps><app><id>" + app + "</id>"), apps);
    assertTrue(http.getXml("/ws/v1/cluster/apps/" + app + "/state").body()
        .endsWith("<appstate><state>ACCEPTED</state></appstate>"));
    HttpResponse<String> missing = http.getXml("/ws/v1/cluster/apps/application_1_0001");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("<RemoteException><exception>NotFoundException"));
  }

  @Test
  void nodesAndScheduler() throws Exception {
    JsonNode nodes = http.json("/ws/v1/cluster/nodes", 200).get("nodes").get("node");
    assertEquals(1, nodes.size());
    JsonNode n = nodes.get(0);
    assertEquals(node.nodeId.toString(), n.get("id").asText());
    assertEquals("RUNNING", n.get("state").asText());
    assertEquals(1024, n.get("usedMemoryMB").asLong());
    assertEquals(7168, n.get("availMemoryMB").asLong());
    assertEquals(1, http.json("/ws/v1/cluster/nodes?states=RUNNING", 200).get("nodes")
        .get("node").size());
    assertEquals("{}", http.json("/ws/v1/cluster/nodes?states=LOST", 200).get("nodes")
        .toString());
    JsonNode one = http.json("/ws/v1/cluster/nodes/" + node.nodeId, 200).get("node");
    assertEquals(node.nodeId.getHost(), one.get("nodeHostName").asText());
    assertError(http.get("/ws/v1/cluster/nodes/nowhere:1"), 404, "NotFoundException",
        "nodeId, nowhere:1, is not found");
    HttpResponse<String> bogus = http.get("/ws/v1/cluster/nodes/bogus");
    assertEquals(400, bogus.statusCode());
    assertEquals("java.lang.IllegalArgumentException", Http.parse(bogus.body())
        .get("RemoteException").get("javaClassName").asText());
    HttpResponse<String> none = http.get("/ws/v1/cluster/bogus");
    assertEquals(404, none.statusCode());
    assertEquals("Not Found", Http.parse(none.body()).get("message").asText());
    assertEquals(7168, one.get("availableResource").get("memory").asLong());
    assertEquals("memory-mb", one.get("totalResource").get("resourceInformations")
        .get("resourceInformation").get(0).get("name").asText());

    JsonNode s = http.json("/ws/v1/cluster/scheduler", 200).get("scheduler")
        .get("schedulerInfo");
    assertEquals("capacityScheduler", s.get("type").asText());
    assertEquals("root", s.get("queueName").asText());
    assertEquals(100f, s.get("capacity").floatValue(), 0.01);
    JsonNode queues = s.get("queues").get("queue");
    assertTrue(queues.isArray() && queues.size() >= 1);
    assertEquals("default", queues.get(0).get("queueName").asText());
    assertEquals(1024, queues.get(0).get("usedAMResource").get("memory").asLong(),
        "the placed AM counts against its queue");
    assertEquals(1024, queues.get(0).get("resourcesUsed").get("memory").asLong());
  }

  @Test
  void putStateKillsTheApp() throws Exception {
    String path = "/ws/v1/cluster/apps/" + app + "/state";
    assertEquals("ACCEPTED", http.json(path, 200).get("state").asText());
    assertError(http.put(path, "{\"state\":\"RUNNING\"}"), 400, "BadRequestException",
        "Only 'KILLED' is allowed as a target state.");
    assertError(http.put(path, "<appstate><state>RUNNING</state></appstate>",
        "application/xml"), 400, "BadRequestException", "Only 'KILLED'");
    HttpResponse<String> same = http.put(path, "{\"state\":\"ACCEPTED\"}");
    assertEquals(200, same.statusCode(), "the target is the current state: nothing to do");
    assertEquals("ACCEPTED", Http.parse(same.body()).get("state").asText());
    HttpResponse<String> r = http.put(path, "{\"state\":\"KILLED\"}");
    assertTrue(r.statusCode() == 202 || r.statusCode() == 200, r.statusCode() + r.body());
    if (r.statusCode() == 202) {
      assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith(path));
      assertEquals("KILLING", Http.parse(r.body()).get("state").asText());
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (r.statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "the kill did not complete");
      Thread.sleep(50);
      r = http.put(path, "{\"state\":\"KILLED\"}");
    }
    assertEquals("KILLED", Http.parse(r.body()).get("state").asText());
    assertEquals(YarnApplicationState.KILLED,
        client.getApplicationReport(app).getYarnApplicationState());
    JsonNode killed = http.json("/ws/v1/cluster/apps/" + app, 200).get("app");
    assertEquals("History", killed.get("trackingUI").asText());
    assertEquals(http.base() + "/cluster/app/" + app, killed.get("trackingUrl").asText());
    assertEquals(100.0, killed.get("progress").asDouble(), 0.001);
    assertEquals(-1, killed.get("allocatedMB").asInt());
    assertEquals("KILLED", killed.get("finalStatus").asText());
  }

  @Test
  void isActiveAndUiPages() throws Exception {
    HttpResponse<String> active = http.get("/isActive");
    assertEquals(200, active.statusCode());
    assertTrue(active.body().contains("I am Active!"));
    HttpResponse<String> root = http.get("/");
    assertEquals(302, root.statusCode());
    assertTrue(root.headers().firstValue("Location").orElseThrow().endsWith("/cluster"));
    for (String page : new String[] {"/cluster", "/cluster/cluster", "/cluster/apps",
        "/cluster/nodes", "/cluster/scheduler", "/cluster/app/" + app}) {
      HttpResponse<String> r = http.get(page);
      assertEquals(200, r.statusCode(), page + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    }
    assertTrue(http.get("/cluster/apps").body().contains(app.toString()));
    assertEquals(404, http.get("/cluster/app/application_1_0001").statusCode());
    assertEquals(200, http.get("/jmx").statusCode(), "HttpServer2's daemon pages come along");
  }

  private int count(String path) throws Exception {
    JsonNode apps = http.json(path, 200).get("apps");
    return apps.has("app") ? apps.get("app").size() : 0;
  }

  private static void assertError(HttpResponse<String> r, int status, String exception,
      String messagePart) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = Http.parse(r.body()).get("RemoteException");
    assertEquals(exception, e.get("exception").asText());
    assertEquals("org.apache.hadoop.yarn.webapp." + exception, e.get("javaClassName").asText());
    assertTrue(e.get("message").asText().contains(messagePart), e.get("message").asText());
  }
}
