package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/**
 * With no web filter naming a user (no static-user filter, no authentication), REST reads
 * still answer but a kill is refused, as stock RMWebServices#initForWritableEndpoints refuses
 * it: nobody may act as the anonymous web user.
 */
class WriteAuthTest {

  @Test
  void aKillFromNoAuthenticatedUserIsRefused() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set("hadoop.http.filter.initializers", "");
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      ApplicationSubmissionContext ctx = client.createApplication()
          .getApplicationSubmissionContext();
      ctx.setResource(Resource.newInstance(1024, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
          List.of("sleep 1"), null, null, null));
      ApplicationId app = ctx.getApplicationId();
      client.submitApplication(ctx);
      Http http = new Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));

      assertEquals(200, http.get("/ws/v1/cluster/apps/" + app).statusCode());
      HttpResponse<String> r = http.put("/ws/v1/cluster/apps/" + app + "/state",
          "{\"state\":\"KILLED\"}");
      assertEquals(403, r.statusCode(), r.body());
      JsonNode e = Http.parse(r.body()).get("RemoteException");
      assertTrue(e.get("message").asText().contains("user not authenticated"), r.body());
      assertEquals(YarnApplicationState.ACCEPTED,
          client.getApplicationReport(app).getYarnApplicationState());
    } finally {
      rm.stop();
    }
  }
}
