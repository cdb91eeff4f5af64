package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.ApplicationsRequestScope;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationsRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Application ACLs (yarn.acl.enable) through the stock YarnClient, each call made as a
 * different user: alice owns the application and lets carol view it; bob is nobody; dave
 * administers its queue; admin is in yarn.admin.acl.
 */
class AppAclTest {

  private SpindleResourceManager rm;
  private YarnConfiguration clientConf;
  private ApplicationId app;

  @BeforeEach
  void start() throws Exception {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.YARN_ACL_ENABLE, true);
    conf.set(YarnConfiguration.YARN_ADMIN_ACL, "admin");
    conf.set("yarn.scheduler.capacity.root.acl_administer_queue", " ");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "dave");
    // REST calls run as this HTTP user (the stock static-user filter).
    conf.set("hadoop.http.staticuser.user", "bob");
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    clientConf = new YarnConfiguration(rm.getConfig());
    app = as("alice", yarn -> {
      var created = yarn.createApplication();
      ApplicationSubmissionContext ctx = created.getApplicationSubmissionContext();
      ctx.setApplicationName("private");
      ctx.setResource(Resource.newInstance(1024, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
          List.of("sleep 1"), null, null,
          Map.of(ApplicationAccessType.VIEW_APP, "carol", ApplicationAccessType.MODIFY_APP,
              " ")));
      return yarn.submitApplication(ctx);
    });
  }

  @AfterEach
  void stop() {
    rm.stop();
  }

  private interface Call<T> {
    T run(YarnClient yarn) throws Exception;
  }

  /** Runs {@code call} with a YarnClient whose RPCs carry {@code user}. */
  private <T> T as(String user, Call<T> call) throws Exception {
    try {
      return asUser(user, call);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      // doAs wraps checked exceptions that are not IOExceptions (YarnException).
      throw (Exception) e.getCause();
    }
  }

  private <T> T asUser(String user, Call<T> call) throws Exception {
    return UserGroupInformation.createRemoteUser(user).doAs(
        (PrivilegedExceptionAction<T>) () -> {
          try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(clientConf);
            yarn.start();
            return call.run(yarn);
          }
        });
  }

  @Test
  void aUserWithoutViewGetsTheStockRedactedReport() throws Exception {
    ApplicationReport r = as("bob", yarn -> yarn.getApplicationReport(app));
    assertEquals("alice", r.getUser());
    assertEquals("private", r.getName());
    assertEquals(YarnApplicationState.ACCEPTED, r.getYarnApplicationState());
    assertEquals("N/A", r.getHost());
    assertEquals(-1, r.getRpcPort());
    assertEquals("N/A", r.getTrackingUrl());
    assertEquals("N/A", r.getOriginalTrackingUrl());
    assertEquals("N/A", r.getDiagnostics());
    assertEquals(ApplicationAttemptId.newInstance(app, 0), r.getCurrentApplicationAttemptId());
    assertEquals(-1, r.getApplicationResourceUsageReport().getNumUsedContainers());

    ApplicationReport full = as("alice", yarn -> yarn.getApplicationReport(app));
    assertEquals(1, full.getCurrentApplicationAttemptId().getAttemptId());
    assertTrue(full.getTrackingUrl().contains("/proxy/" + app));
  }

  @Test
  void attemptsAndContainersAreRefusedWithoutView() throws Exception {
    YarnException e = assertThrows(YarnException.class,
        () -> as("bob", yarn -> yarn.getApplicationAttempts(app)));
    assertTrue(e.getMessage().contains("User bob does not have privilege to see this "
        + "application " + app), e.getMessage());
    ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(app, 1);
    assertThrows(YarnException.class,
        () -> as("bob", yarn -> yarn.getApplicationAttemptReport(attempt)));
    assertThrows(YarnException.class, () -> as("bob", yarn -> yarn.getContainers(attempt)));
    int carolSees = as("carol", yarn -> yarn.getApplicationAttempts(app)).size();
    assertEquals(1, carolSees,
        "the submission's VIEW_APP ACL lets carol see it");
  }

  @Test
  void theViewableScopeLeavesOutWhatTheCallerMayNotSee() throws Exception {
    GetApplicationsRequest viewable = GetApplicationsRequest.newInstance();
    viewable.setScope(ApplicationsRequestScope.VIEWABLE);
    int bobSees = asProtocol("bob", p -> p.getApplications(viewable)
        .getApplicationList().size());
    int carolSees = asProtocol("carol", p -> p.getApplications(viewable)
        .getApplicationList().size());
    assertEquals(0, bobSees);
    assertEquals(1, carolSees);
    List<ApplicationReport> all = as("bob", yarn -> yarn.getApplications());
    assertEquals("N/A", all.get(0).getDiagnostics(), "listed for all, redacted for bob");
  }

  private <T> T asProtocol(String user, Call2<T> call) throws Exception {
    return UserGroupInformation.createRemoteUser(user).doAs(
        (PrivilegedExceptionAction<T>) () -> {
          ApplicationClientProtocol p =
              ClientRMProxy.createRMProxy(clientConf, ApplicationClientProtocol.class);
          try {
            return call.run(p);
          } finally {
            org.apache.hadoop.ipc.RPC.stopProxy(p);
          }
        });
  }

  private interface Call2<T> {
    T run(ApplicationClientProtocol p) throws Exception;
  }

  @Test
  void onlyTheOwnerAnAdminOrAQueueAdministratorMayKill() throws Exception {
    for (String user : List.of("bob", "carol")) {
      // Stock wraps the AccessControlException in a YarnException (RPCUtil), as here.
      YarnException e = assertThrows(YarnException.class,
          () -> as(user, yarn -> {
            yarn.killApplication(app);
            return null;
          }), user);
      assertTrue(e.getMessage().contains(AccessControlException.class.getName() + ": User "
          + user + " cannot perform operation MODIFY_APP on " + app), e.getMessage());
    }
    assertEquals(YarnApplicationState.ACCEPTED,
        as("alice", yarn -> yarn.getApplicationReport(app)).getYarnApplicationState());

    as("dave", yarn -> {
      yarn.killApplication(app);
      return null;
    });
    assertEquals(YarnApplicationState.KILLED,
        as("admin", yarn -> yarn.getApplicationReport(app)).getYarnApplicationState());
  }

  @Test
  void theOwnerAndAnAdminMayKillTheirs() throws Exception {
    for (String killer : List.of("alice", "admin")) {
      ApplicationId id = killer.equals("alice") ? app : as("alice", yarn -> {
        var created = yarn.createApplication();
        ApplicationSubmissionContext ctx = created.getApplicationSubmissionContext();
        ctx.setResource(Resource.newInstance(1024, 1));
        ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
            List.of("sleep 1"), null, null, null));
        return yarn.submitApplication(ctx);
      });
      as(killer, yarn -> {
        yarn.killApplication(id);
        return null;
      });
      assertEquals(YarnApplicationState.KILLED,
          as("alice", yarn -> yarn.getApplicationReport(id)).getYarnApplicationState(), killer);
    }
  }

  @Test
  void restCallsAreCheckedAsTheHttpUser() throws Exception {
    var http = new dev.spindle.rm.web.Http(rm.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
    var r = http.get("/ws/v1/cluster/apps/" + app);
    assertEquals(200, r.statusCode(), r.body());
    var json = dev.spindle.rm.web.Http.parse(r.body()).get("app");
    assertEquals("alice", json.get("user").asText());
    assertEquals("N/A", json.get("diagnostics").asText(), r.body());
    var kill = http.put("/ws/v1/cluster/apps/" + app + "/state", "{\"state\":\"KILLED\"}");
    assertEquals(403, kill.statusCode(), kill.body());
    assertTrue(kill.body().contains("User bob cannot perform operation MODIFY_APP"), kill.body());
    assertEquals(YarnApplicationState.ACCEPTED,
        as("alice", yarn -> yarn.getApplicationReport(app)).getYarnApplicationState());
  }
}
