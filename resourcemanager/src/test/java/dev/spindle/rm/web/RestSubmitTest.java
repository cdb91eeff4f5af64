package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * REST application submission over real HTTP against a real RM, the result read back over
 * real RPC, and the AM placed on a node registered over RPC.
 */
class RestSubmitTest {

  private static final String APPS = "/ws/v1/cluster/apps";
  private static final String JSON = "application/json";

  private SpindleResourceManager rm;
  private YarnClient client;
  private Http http;

  private void start(YarnConfiguration conf) {
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(rm.getConfig()));
    client.start();
    http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.stop();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  private String newId() throws Exception {
    HttpResponse<String> r = http.post(APPS + "/new-application", "", JSON);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = Http.parse(r.body());
    JsonNode max = body.get("maximum-resource-capability");
    assertEquals(8192, max.get("memory").asLong(), r.body());
    assertEquals(4, max.get("vCores").asInt(), r.body());
    assertEquals("memory-mb", max.get("resourceInformations").get("resourceInformation")
        .get(0).get("name").asText(), r.body());
    return body.get("application-id").asText();
  }

  /** A token as stock clients send it: Token#encodeToUrlString. */
  private static final Token<TokenIdentifier> TOKEN = new Token<>(
      "id".getBytes(StandardCharsets.UTF_8), "pw".getBytes(StandardCharsets.UTF_8),
      new Text("HDFS_DELEGATION_TOKEN"), new Text("nn:8020"));

  private static String body(String id, String extra, int memory) throws Exception {
    String secret = Base64.getUrlEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8));
    return "{\"application-id\":\"" + id + "\",\"application-name\":\"rest-app\","
        + "\"queue\":\"default\",\"priority\":0,\"application-type\":\"RESTTYPE\","
        + "\"application-tags\":{\"tag\":[\"t1\",\"t2\"]},\"max-app-attempts\":2,"
        + "\"resource\":{\"memory\":" + memory + ",\"vCores\":1},"
        + "\"am-container-spec\":{"
        + "\"local-resources\":{\"entry\":[{\"key\":\"app.jar\",\"value\":{"
        + "\"resource\":\"hdfs://nn:8020/apps/app.jar\",\"type\":\"FILE\","
        + "\"visibility\":\"APPLICATION\",\"size\":43004,\"timestamp\":1405452071209}}]},"
        + "\"environment\":{\"entry\":[{\"key\":\"DISTRIBUTEDSHELLSCRIPTLEN\",\"value\":\"6\"}]},"
        + "\"commands\":{\"command\":\"sleep 30\"},"
        + "\"credentials\":{\"tokens\":{\"entry\":[{\"key\":\"hdfs\",\"value\":\""
        + TOKEN.encodeToUrlString() + "\"}]},\"secrets\":{\"entry\":[{\"key\":\"my-secret\",\"value\":\""
        + secret + "\"}]}}}" + extra + "}";
  }

  @Test
  void submittedAppRunsWithItsFields() throws Exception {
    start(TestConf.ephemeral());
    try (TestNode node = new TestNode(new YarnConfiguration(rm.getConfig()), 8192)) {
      String id = newId();
      HttpResponse<String> r = http.post(APPS, body(id, "", 1024), JSON);
      assertEquals(202, r.statusCode(), r.body());
      assertEquals(http.base() + APPS + "/" + id,
          r.headers().firstValue("Location").orElse(""));

      ApplicationId app = ApplicationId.fromString(id);
      ApplicationReport report = client.getApplicationReport(app);
      assertEquals("rest-app", report.getName());
      assertEquals("RESTTYPE", report.getApplicationType());
      assertEquals(Set.of("t1", "t2"), report.getApplicationTags());
      assertEquals("default", report.getQueue().replace("root.", ""));
      Credentials amCredentials = node.awaitAmCredentials();
      assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8),
          amCredentials.getSecretKey(new Text("my-secret")));
      Token<?> token = amCredentials.getToken(new Text("hdfs"));
      assertEquals(TOKEN.getKind(), token.getKind());
      assertArrayEquals(TOKEN.getPassword(), token.getPassword());
      assertEquals(1024, client.getApplicationReport(app).getApplicationResourceUsageReport()
          .getUsedResources().getMemorySize());

      JsonNode a = http.json(APPS + "/" + id, 200).get("app");
      assertEquals("rest-app", a.get("name").asText());
      assertEquals(node.nodeId.toString(), a.get("masterNodeId").asText());
    }
  }

  @Test
  void badSubmissionsAreBadRequests() throws Exception {
    start(TestConf.ephemeral());
    String id = newId();
    assertBadRequest(http.post(APPS, "{\"application-id\":", JSON), "Could not parse");
    assertBadRequest(http.post(APPS, "{\"application-name\":\"x\"}", JSON),
        "Could not parse application id");
    assertBadRequest(http.post(APPS, body(id, "", 1 << 20), JSON),
        "Requested more memory than configured max");
    // A YarnException from the RM's own checks is a 400 carrying its message: here an id
    // from another cluster, and one this RM has not handed out yet.
    String foreign = ApplicationId.newInstance(12345L, 1).toString();
    assertBadRequest(http.post(APPS, body(foreign, "", 1024), JSON), "was not handed out");
    ApplicationId mine = ApplicationId.fromString(id);
    String ahead = ApplicationId.newInstance(mine.getClusterTimestamp(), mine.getId() + 5)
        .toString();
    assertBadRequest(http.post(APPS, body(ahead, "", 1024), JSON), "was not handed out");
    // Tags the RM refuses (non-ASCII) are the caller's fault too, not a server error.
    assertBadRequest(http.post(APPS,
        body(id, ",\"application-tags\":{\"tag\":[\"caf\u00e9\"]}", 1024), JSON), "ASCII");
    HttpResponse<String> xml = http.post(APPS, "<application-submission-context/>",
        "application/xml");
    assertEquals(415, xml.statusCode(), xml.body());
    // A body that is not JSON is refused by its type before it is read.
    HttpResponse<String> text = http.post(APPS, body(id, "", 1024), "text/plain");
    assertEquals(415, text.statusCode(), text.body());
    assertEquals(0, client.getApplications().size());
  }

  @Test
  void anUnmanagedAmSubmissionIsLaunchedWithoutAContainer() throws Exception {
    start(TestConf.ephemeral());
    String id = newId();
    HttpResponse<String> r = http.post(APPS, body(id, ",\"unmanaged-AM\":true", 1024),
        JSON + ";charset=utf-8");
    assertEquals(202, r.statusCode(), r.body());
    ApplicationReport report = client.getApplicationReport(ApplicationId.fromString(id));
    assertTrue(report.isUnmanagedApp());
    assertEquals(org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState.LAUNCHED,
        client.getApplicationAttemptReport(report.getCurrentApplicationAttemptId())
            .getYarnApplicationAttemptState());
    assertTrue(http.json(APPS + "/" + id, 200).get("app").get("unmanagedApplication")
        .asBoolean());
  }

  @Test
  void anAskAboveTheSchedulersMaximumIsTheRmsMessage() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
    conf.setInt("yarn.scheduler.capacity.root.maximum-allocation-mb", 2048);
    start(conf);
    String id = client.createApplication().getNewApplicationResponse().getApplicationId()
        .toString();
    // Under the configured 8192 MB, so stock's own check passes; the scheduler's limit does not.
    assertBadRequest(http.post(APPS, body(id, "", 4096), JSON),
        "Invalid resource request! Cannot allocate containers as requested resource is greater"
            + " than maximum allowed allocation");
    assertEquals(0, client.getApplications().size());
  }

  private static void assertBadRequest(HttpResponse<String> r, String message)
      throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = Http.parse(r.body()).get("RemoteException");
    assertEquals("BadRequestException", e.get("exception").asText(), r.body());
    assertTrue(e.get("message").asText().contains(message), r.body());
  }

  @Test
  void disabledByConfigIsForbidden() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.ENABLE_REST_APP_SUBMISSIONS, false);
    start(conf);
    for (String path : new String[] {APPS + "/new-application", APPS}) {
      HttpResponse<String> r = http.post(path, "{}", JSON);
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("App submission via REST is disabled.", r.body());
    }
  }

  @Test
  void noAuthenticatedUserIsForbidden() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set("hadoop.http.filter.initializers", "");
    start(conf);
    HttpResponse<String> fresh = http.post(APPS + "/new-application", "", JSON);
    assertEquals(403, fresh.statusCode(), fresh.body());
    String id = client.createApplication().getNewApplicationResponse().getApplicationId()
        .toString();
    HttpResponse<String> r = http.post(APPS, body(id, "", 1024), JSON);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(Http.parse(r.body()).get("RemoteException").get("message").asText()
        .contains("user not authenticated"), r.body());
    assertEquals(0, client.getApplications().size());
  }
}
