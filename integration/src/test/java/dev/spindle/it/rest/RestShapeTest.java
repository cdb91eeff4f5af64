package dev.spindle.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spindle's RM REST responses have the shapes of the stock 3.5.0 RM's (the goldens captured by
 * {@link StockRestCapture} in src/test/resources/stock-rest): same root names, key paths and
 * value kinds; values are not compared.
 */
@ExtendWith(SharedCluster.class)
class RestShapeTest {

  private static final String WS = "/ws/v1/cluster";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Documented omissions: stock fields Spindle does not emit, with why. Stock RM internals
   * (event queues, scheduler busy %, partitions) and opportunistic containers (P2) that no
   * client of yarn-compat §9 reads.
   */
  private static final List<String> ALLOWED_MISSING = List.of(
      "$.clusterMetrics.rmSchedulerBusyPercent",
      "$.clusterMetrics.rmEventQueueSize",
      "$.clusterMetrics.schedulerEventQueueSize",
      "$.clusterMetrics.containerAssignedPerSecond",
      "$.clusterMetrics.totalAllocatedContainersAcrossPartition",
      "$.clusterMetrics.crossPartitionMetricsAvailable",
      "$.node.numRunningOpportContainers", "$.node.usedMemoryOpportGB",
      "$.node.usedVirtualCoresOpport", "$.node.numQueuedContainers",
      "$.nodes.node[].numRunningOpportContainers", "$.nodes.node[].usedMemoryOpportGB",
      "$.nodes.node[].usedVirtualCoresOpport", "$.nodes.node[].numQueuedContainers");

  /** What clients read of the scheduler view (yarn-compat §9), per scheduler type. */
  private static final Map<String, List<String>> SCHEDULER_READ = Map.of(
      "capacityScheduler", List.of("$.scheduler.schedulerInfo.type",
          "$.scheduler.schedulerInfo.capacity", "$.scheduler.schedulerInfo.usedCapacity",
          "$.scheduler.schedulerInfo.maxCapacity", "$.scheduler.schedulerInfo.queueName",
          "$.scheduler.schedulerInfo.queues.queue[].queuePath",
          "$.scheduler.schedulerInfo.queues.queue[].queueName",
          "$.scheduler.schedulerInfo.queues.queue[].capacity",
          "$.scheduler.schedulerInfo.queues.queue[].usedCapacity",
          "$.scheduler.schedulerInfo.queues.queue[].maxCapacity",
          "$.scheduler.schedulerInfo.queues.queue[].absoluteCapacity",
          "$.scheduler.schedulerInfo.queues.queue[].absoluteMaxCapacity",
          "$.scheduler.schedulerInfo.queues.queue[].absoluteUsedCapacity",
          "$.scheduler.schedulerInfo.queues.queue[].numApplications",
          "$.scheduler.schedulerInfo.queues.queue[].state",
          "$.scheduler.schedulerInfo.queues.queue[].resourcesUsed.memory",
          "$.scheduler.schedulerInfo.queues.queue[].resourcesUsed.vCores",
          "$.scheduler.schedulerInfo.queues.queue[].type",
          "$.scheduler.schedulerInfo.queues.queue[].numActiveApplications",
          "$.scheduler.schedulerInfo.queues.queue[].numPendingApplications",
          "$.scheduler.schedulerInfo.queues.queue[].numContainers",
          "$.scheduler.schedulerInfo.queues.queue[].maxApplications",
          "$.scheduler.schedulerInfo.queues.queue[].maxApplicationsPerUser",
          "$.scheduler.schedulerInfo.queues.queue[].userLimit",
          "$.scheduler.schedulerInfo.queues.queue[].userLimitFactor",
          "$.scheduler.schedulerInfo.queues.queue[].AMResourceLimit",
          "$.scheduler.schedulerInfo.queues.queue[].usedAMResource"),
      "fairScheduler", List.of("$.scheduler.schedulerInfo.type",
          "$.scheduler.schedulerInfo.rootQueue.queueName",
          "$.scheduler.schedulerInfo.rootQueue.minResources",
          "$.scheduler.schedulerInfo.rootQueue.maxResources",
          "$.scheduler.schedulerInfo.rootQueue.usedResources",
          "$.scheduler.schedulerInfo.rootQueue.fairResources",
          "$.scheduler.schedulerInfo.rootQueue.steadyFairResources",
          "$.scheduler.schedulerInfo.rootQueue.maxApps",
          "$.scheduler.schedulerInfo.rootQueue.schedulingPolicy"),
      "fifoScheduler", List.of("$.scheduler"));

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

  private static YarnClient yarn;
  private static ApplicationId running;
  private static String web;

  @BeforeAll
  static void startAnAppWithATrackingUrl() throws Exception {
    web = WebAppUtils.getRMWebAppURLWithScheme(SharedCluster.cluster().getConfig());
    yarn = TestApps.client(SharedCluster.conf());
    running = TestApps.submitJava(yarn, SharedCluster.cluster().getConfDir().toFile(),
        "rest-shape-url-am", "GOLDEN", 1, UrlAm.class.getName());
    TestApps.awaitState(yarn, running, Duration.ofSeconds(60),
        EnumSet.of(YarnApplicationState.RUNNING));
  }

  @AfterAll
  static void stopTheApp() throws Exception {
    if (yarn != null) {
      if (running != null) {
        yarn.killApplication(running);
      }
      yarn.close();
    }
  }

  @Test
  void clusterInfoAndMetrics() throws Exception {
    assertShape("info-no-apps", get(WS + "/info", 200));
    assertShape("info-no-apps", get(WS, 200));
    assertShape("metrics-1-app", get(WS + "/metrics", 200));
  }

  @Test
  void schedulerHasWhatClientsReadOfItsType() throws Exception {
    JsonNode body = get(WS + "/scheduler", 200);
    String type = body.path("scheduler").path("schedulerInfo").path("type").asText();
    List<String> read = SCHEDULER_READ.get(type);
    assertNotNull(read, "unknown scheduler type " + type);
    String golden = "scheduler-" + type.replace("Scheduler", "") + "-1-app";
    JsonShape.Comparison c = golden(golden).restrictTo(read)
        .compare(JsonShape.of(body), ALLOWED_MISSING);
    assertTrue(c.matches(), golden + ": " + c.report());
  }

  @Test
  void appsListAppAttemptsAndState() throws Exception {
    assertShape("apps-1", get(WS + "/apps?states=RUNNING", 200));
    assertShape("app-running", get(WS + "/apps/" + running, 200));
    assertShape("appattempts-running", get(WS + "/apps/" + running + "/appattempts", 200));
    assertShape("app-state-running", get(WS + "/apps/" + running + "/state", 200));
    assertShape("apps-0", get(WS + "/apps?states=NEW_SAVING", 200));
  }

  @Test
  void nodes() throws Exception {
    JsonNode nodes = get(WS + "/nodes", 200);
    assertShape("nodes-1-app", nodes);
    String id = nodes.path("nodes").path("node").path(0).path("id").asText();
    assertShape("node", get(WS + "/nodes/" + id, 200));
  }

  @Test
  void errorsHaveTheStockStatusBodyAndMessage() throws Exception {
    ApplicationId unknown = ApplicationId.newInstance(running.getClusterTimestamp(), 9999);
    assertError(WS + "/apps/" + unknown, 404, "app-unknown",
        "app with id: " + unknown + " not found");
    assertError(WS + "/apps/application_bogus", 400, "app-malformed",
        "Invalid ApplicationId: application_bogus");
    assertError(WS + "/apps?states=BOGUS", 400, "apps-states-bogus", null);
    assertError(WS + "/nodes/nohost.invalid:1234", 404, "node-unknown",
        "nodeId, nohost.invalid:1234, is not found");
  }

  @Test
  void putStateRefusesAnythingButKilled() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(web + WS + "/apps/" + running + "/state"))
        .header("Accept", "application/json").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"FINISHED\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode(), response.body());
    assertShape("put-state-finished", JSON.readTree(response.body()));
    assertEquals("Only 'KILLED' is allowed as a target state.",
        JSON.readTree(response.body()).path("RemoteException").path("message").asText());
  }

  private static void assertError(String path, int status, String golden, String message)
      throws Exception {
    JsonNode body = get(path, status);
    assertShape(golden, body);
    JsonNode expected = JSON.readTree(resource(golden));
    assertEquals(expected.at("/RemoteException/javaClassName").asText(),
        body.at("/RemoteException/javaClassName").asText(), path);
    if (message != null) {
      assertEquals(message, body.at("/RemoteException/message").asText(), path);
    }
  }

  private static void assertShape(String golden, JsonNode candidate) throws IOException {
    JsonShape.Comparison c = golden(golden).compare(JsonShape.of(candidate), ALLOWED_MISSING);
    assertTrue(c.matches(), golden + ": " + c.report());
  }

  private static JsonShape golden(String name) throws IOException {
    return JsonShape.of(resource(name));
  }

  private static String resource(String name) throws IOException {
    String path = "/stock-rest/" + name + ".json";
    try (InputStream in = RestShapeTest.class.getResourceAsStream(path)) {
      assertNotNull(in, "golden " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(web + path))
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, response.statusCode(), path + ": " + response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/json"), path);
    return JSON.readTree(response.body());
  }
}
