package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import dev.spindle.scheduler.WaitReason;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Why asks wait, through the stock activities endpoints, JSON and XML, and the application
 * report's diagnostics, for each policy: a running AM asks for a host that does not exist,
 * strictly (locality) and relaxed (Capacity's delay scheduling waits for it; FIFO and Fair,
 * without a delay configured, place it at once), and for more than the node has free (no
 * room); a second application's AM waits for the policy's own reason (FIFO: no room;
 * Capacity and Fair: the AM resource limit); then the AM blacklists the node.
 */
class ExplainRestTest {

  private static final String STOCK = "org.apache.hadoop.yarn.server.resourcemanager"
      + ".scheduler.";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "fifo.FifoScheduler, 4096, NO_ROOM, false",
    "capacity.CapacityScheduler, 1024, AM_LIMIT, true",
    "fair.FairScheduler, 1536, AM_LIMIT, false"})
  void everyPolicyExplainsItsWaitsWhereUsersLook(String scheduler, int secondAmMb,
      WaitReason secondWaits, boolean delaysLocality) throws Exception {
    YarnConfiguration base = TestConf.ephemeral();
    base.set(YarnConfiguration.RM_SCHEDULER, STOCK + scheduler);
    SpindleResourceManager rm = new SpindleResourceManager();
    List<AutoCloseable> closing = new ArrayList<>();
    try {
      rm.init(base);
      rm.start();
      YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
      YarnClient client = YarnClient.createYarnClient();
      client.init(conf);
      client.start();
      closing.add(client::stop);
      TestNode node = new TestNode(conf, 4096);
      closing.add(node);
      Http http = new Http(conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));

      ApplicationId first = submit(client, 1024);
      UserGroupInformation am = UserGroupInformation.createRemoteUser("am");
      am.addCredentials(node.awaitAmCredentials());
      ApplicationId second = submit(client, secondAmMb);
      AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
      amrm.init(conf);
      am.doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        amrm.start();
        amrm.registerApplicationMaster("localhost", 0, "");
        // One pass over the one node follows: one missed opportunity for the relaxed ask.
        amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1),
            new String[] {"other.example"}, null, Priority.newInstance(0), true));
        amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1),
            new String[] {"elsewhere.example"}, null, Priority.newInstance(1), false));
        amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(4096, 1), null,
            null, Priority.newInstance(2)));
        amrm.allocate(0.1f);
        return null;
      });
      closing.add(0, amrm::stop);

      // The running AM's asks, through the stock app-activities shape.
      JsonNode info = http.json("/ws/v1/cluster/scheduler/app-activities/" + first, 200)
          .get("appActivities");
      assertEquals(first.toString(), info.get("applicationId").asText());
      JsonNode allocation = info.get("allocations").get(0);
      assertTrue(allocation.get("queueName").asText().startsWith("root."), info.toString());
      assertEquals("SKIPPED", allocation.get("allocationState").asText());
      JsonNode requests = allocation.get("children");
      assertEquals(delaysLocality ? 3 : 2, requests.size(), info.toString());
      if (delaysLocality) {
        // node-locality-delay (40) capped by the one node: rack-local after more than 1.
        JsonNode delayed = request(requests, 0);
        assertEquals(WaitReason.LOCALITY_DELAY.name(), delayed.get("reason").asText());
        assertTrue(delayed.get("diagnostic").asText().contains("rack-local placement is"
            + " allowed after 1 more missed scheduling opportunities (1 so far, delay 2)"),
            delayed.toString());
      }
      JsonNode local = request(requests, 1);
      assertEquals(WaitReason.LOCALITY.name(), local.get("reason").asText());
      assertTrue(local.get("diagnostic").asText().startsWith(WaitReason.LOCALITY.words()));
      assertTrue(names(local).contains("elsewhere.example"), local.toString());
      assertTrue(names(local).contains("*"), local.toString());
      JsonNode big = request(requests, 2);
      assertEquals(WaitReason.NO_ROOM.name(), big.get("reason").asText(), big.toString());
      assertTrue(big.get("diagnostic").asText().contains("it asks <memory:4096"),
          big.toString());
      assertEquals(0, big.get("allocationRequestId").asLong());
      assertEquals(1, big.get("children").get(0).get("count").asInt());

      // The waiting AM, and the same through XML.
      JsonNode waiting = http.json("/ws/v1/cluster/scheduler/app-activities/" + second, 200)
          .get("appActivities").get("allocations").get(0).get("children").get(0);
      assertEquals(secondWaits.name(), waiting.get("reason").asText(), waiting.toString());
      assertTrue(waiting.get("diagnostic").asText().startsWith(secondWaits.words()));
      HttpResponse<String> xml = http.getXml("/ws/v1/cluster/scheduler/app-activities/"
          + second);
      assertEquals(200, xml.statusCode());
      assertTrue(xml.body().contains("<appActivities><applicationId>" + second
          + "</applicationId>"), xml.body());
      assertTrue(xml.body().contains("<allocationState>SKIPPED</allocationState>"));
      assertTrue(xml.body().contains("<reason>" + secondWaits.name() + "</reason>"));

      // The cluster-wide activities: root, queues, applications, requests.
      JsonNode activities = http.json("/ws/v1/cluster/scheduler/activities", 200)
          .get("activities");
      JsonNode root = activities.get("allocations").get(0).get("root");
      assertEquals("root", root.get("name").asText());
      List<String> apps = new ArrayList<>();
      for (JsonNode queue : root.get("children")) {
        for (JsonNode app : queue.get("children")) {
          apps.add(app.get("name").asText());
        }
      }
      assertTrue(apps.contains(first.toString()) && apps.contains(second.toString()),
          activities.toString());
      JsonNode unknownNode = http.json("/ws/v1/cluster/scheduler/activities?nodeId=nosuch",
          200).get("activities");
      assertEquals("Cannot find node manager with given node id",
          unknownNode.get("diagnostic").asText());

      // Diagnostics of the application reports, for the running and the accepted one.
      String running = client.getApplicationReport(first).getDiagnostics();
      assertTrue(running.contains(WaitReason.LOCALITY.words()), running);
      assertTrue(running.contains("priority 2"), running);
      String accepted = client.getApplicationReport(second).getDiagnostics();
      assertTrue(accepted.contains(secondWaits.words()), accepted);

      // The AM blacklists the node: every request of it now says so.
      am.doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        amrm.updateBlacklist(new ArrayList<>(List.of("localhost")), new ArrayList<>());
        // A new ask makes the RM run a pass at once (a blacklist alone waits for a heartbeat).
        amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1), null,
            null, Priority.newInstance(3)));
        amrm.allocate(0.2f);
        return null;
      });
      JsonNode blacklisted = http.json("/ws/v1/cluster/scheduler/app-activities/" + first, 200)
          .get("appActivities").get("allocations").get(0).get("children");
      for (JsonNode r : blacklisted) {
        assertEquals(WaitReason.BLACKLISTED.name(), r.get("reason").asText(), r.toString());
        assertTrue(r.get("diagnostic").asText().endsWith("blacklisted: localhost"),
            r.toString());
      }

      // Unknown and malformed applications, as stock answers them.
      ApplicationId unknown = ApplicationId.newInstance(first.getClusterTimestamp(), 99);
      assertEquals("fail to get application activities after finished",
          http.json("/ws/v1/cluster/scheduler/app-activities/" + unknown, 200)
              .get("appActivities").get("diagnostic").asText());
      assertEquals("Cannot find application with given appId",
          http.json("/ws/v1/cluster/scheduler/app-activities/bogus", 200)
              .get("appActivities").get("diagnostic").asText());
    } finally {
      for (AutoCloseable c : closing) {
        c.close();
      }
      rm.stop();
    }
  }

  private static JsonNode request(JsonNode requests, int priority) {
    for (JsonNode r : requests) {
      if (r.get("requestPriority").asInt() == priority) {
        return r;
      }
    }
    throw new AssertionError("no request at priority " + priority + ": " + requests);
  }

  private static List<String> names(JsonNode request) {
    List<String> out = new ArrayList<>();
    request.get("children").forEach(c -> out.add(c.get("name").asText()));
    return out;
  }

  private static ApplicationId submit(YarnClient client, int amMb) throws Exception {
    ApplicationSubmissionContext ctx = client.createApplication()
        .getApplicationSubmissionContext();
    ctx.setResource(Resource.newInstance(amMb, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    client.submitApplication(ctx);
    return ctx.getApplicationId();
  }
}
