package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web proxy: an in-test HTTP server plays the AM's web UI; the AM registers it as its
 * tracking URL over real RPC (stock AMRMClient); requests through /proxy reach it intact.
 */
class ProxyTest {

  private SpindleResourceManager rm;
  private YarnClient client;
  private TestNode node;
  private HttpServer amWeb;
  private ApplicationId app;
  private UserGroupInformation am;
  private YarnConfiguration conf;
  private Http http;
  private final AtomicReference<String> seen = new AtomicReference<>();
  private final AtomicReference<String> seenCookie = new AtomicReference<>();
  private final AtomicReference<String> seenBody = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    rm = new SpindleResourceManager();
    rm.init(TestConf.ephemeral());
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, 8192);
    ApplicationSubmissionContext ctx = client.createApplication()
        .getApplicationSubmissionContext();
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    app = ctx.getApplicationId();
    client.submitApplication(ctx);
    am = UserGroupInformation.createRemoteUser("am");
    am.addCredentials(node.awaitAmCredentials());
    http = new Http(conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));

    amWeb = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    amWeb.createContext("/am", exchange -> {
      seen.set(exchange.getRequestURI().toString());
      seenCookie.set(exchange.getRequestHeaders().getFirst("Cookie"));
      seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("hello from the AM: " + exchange.getRequestURI())
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Am", "yes");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    amWeb.start();
  }

  @AfterEach
  void stop() {
    amWeb.stop(0);
    node.close();
    client.stop();
    rm.stop();
  }

  private <T> T asAm(PrivilegedExceptionAction<T> action) throws Exception {
    return am.doAs(action);
  }

  @Test
  void forwardsToTheRegisteredAmAndRedirectsOtherwise() throws Exception {
    // Not running yet: the app page.
    HttpResponse<String> early = http.get("/proxy/" + app + "/");
    assertEquals(302, early.statusCode());
    assertTrue(early.headers().firstValue("Location").orElseThrow()
        .endsWith("/cluster/app/" + app));

    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    asAm(() -> {
      amrm.start();
      return null;
    });
    try {
      String amUrl = "http://localhost:" + amWeb.getAddress().getPort() + "/am";
      asAm(() -> amrm.registerApplicationMaster("localhost", 0, amUrl));

      HttpResponse<String> r = http.get("/proxy/" + app + "/ws/v1/mapreduce/info?q=1&x=a%20b");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("/am/ws/v1/mapreduce/info?q=1&x=a%20b", seen.get());
      assertEquals("hello from the AM: /am/ws/v1/mapreduce/info?q=1&x=a%20b", r.body());
      assertEquals("yes", r.headers().firstValue("X-Am").orElse(null));
      assertEquals("proxy-user=dr.who", seenCookie.get());
      // An encoded path reaches the AM encoded as it was sent.
      assertEquals(200, http.get("/proxy/" + app + "/logs/a%20b.txt").statusCode());
      assertEquals("/am/logs/a%20b.txt", seen.get());
      // A POST body reaches the AM as sent (streamed through, not dropped).
      HttpResponse<String> posted = http.post("/proxy/" + app + "/form", "x=1&y=2",
          "application/x-www-form-urlencoded");
      assertEquals(200, posted.statusCode(), posted.body());
      assertEquals("x=1&y=2", seenBody.get());

      asAm(() -> {
        amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "done",
            "http://history.example:19888/jobhistory/job/1");
        return null;
      });
    } finally {
      amrm.stop();
    }
    HttpResponse<String> after = http.get("/proxy/" + app + "/");
    assertEquals(302, after.statusCode());
    assertEquals("http://history.example:19888/jobhistory/job/1/",
        after.headers().firstValue("Location").orElseThrow());
    // The final URL keeps the path and query asked for, as stock's proxy does.
    HttpResponse<String> deep = http.get("/proxy/" + app + "/conf?full=1");
    assertEquals("http://history.example:19888/jobhistory/job/1/conf?full=1",
        deep.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void anAmRedirectBackFromThisHostGoesToTheAppPage() throws Exception {
    HttpResponse<String> r = http.get("/proxy/redirect/" + app + "/x");
    assertEquals(302, r.statusCode());
    assertTrue(r.headers().firstValue("Location").orElseThrow()
        .endsWith("/cluster/app/" + app));
  }

  @Test
  void unknownOrMalformedAppsAre404() throws Exception {
    ApplicationId unknown = ApplicationId.newInstance(app.getClusterTimestamp(), 77);
    assertEquals(404, http.get("/proxy/" + unknown + "/").statusCode());
    assertEquals(404, http.get("/proxy/garbage/x").statusCode());
  }
}
