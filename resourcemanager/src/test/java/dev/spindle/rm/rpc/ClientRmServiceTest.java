package dev.spindle.rm.rpc;

import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.exceptions.YARNFeatureNotEnabledException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Client-RM protocol through the stock YarnClient against a started Spindle RM. */
class ClientRmServiceTest {

  private SpindleResourceManager rm;
  private YarnClient client;

  @BeforeEach
  void start() {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(rm.getConfig()));
    client.start();
  }

  @AfterEach
  void stop() {
    client.stop();
    rm.stop();
  }

  @Test
  void startPublishesTheBoundAddressesWithTheConfiguredHost() {
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS)) {
      String address = rm.getConfig().get(key);
      assertTrue(address.startsWith("localhost:"), key + " = " + address);
      assertNotEquals("localhost:0", address);
    }
  }

  @Test
  void newApplicationCarriesTheConfiguredMaximumWhileNoNodeHasJoined() throws Exception {
    YarnClientApplication app = client.createApplication();
    Resource max = app.getNewApplicationResponse().getMaximumResourceCapability();
    assertEquals(4096, max.getMemorySize());
    assertEquals(4, max.getVirtualCores());
    ApplicationId id = app.getNewApplicationResponse().getApplicationId();
    assertEquals(1, id.getId());
    assertEquals(2, client.createApplication().getNewApplicationResponse()
        .getApplicationId().getId());
  }

  @Test
  void submittingTheSameApplicationTwiceIsIdempotent() throws Exception {
    ApplicationSubmissionContext ctx = context(client.createApplication(), 1024);
    client.submitApplication(ctx);
    ApplicationReport first = client.getApplicationReport(ctx.getApplicationId());
    client.submitApplication(ctx);
    ApplicationReport again = client.getApplicationReport(ctx.getApplicationId());
    assertEquals(YarnApplicationState.ACCEPTED, again.getYarnApplicationState());
    assertEquals(first.getStartTime(), again.getStartTime());
    assertEquals(1, client.getApplications().size());
    assertEquals("root.default", again.getQueue());
    assertEquals(System.getProperty("user.name"), again.getUser());
    assertEquals("N/A", again.getHost());
    assertEquals(-1, again.getRpcPort());
  }

  @Test
  void anApplicationIdThisRmDidNotHandOutIsRefusedAndTheRmStillServes() throws Exception {
    YarnClientApplication handedOut = client.createApplication();
    ApplicationId mine = handedOut.getNewApplicationResponse().getApplicationId();
    for (ApplicationId madeUp : List.of(ApplicationId.newInstance(1234L, 1),
        ApplicationId.newInstance(mine.getClusterTimestamp(), mine.getId() + 1))) {
      ApplicationSubmissionContext ctx = context(handedOut, 1024);
      ctx.setApplicationId(madeUp);
      YarnException e = assertThrows(YarnException.class, () -> client.submitApplication(ctx));
      assertTrue(e.getMessage().contains("was not handed out by this ResourceManager"),
          e.getMessage());
    }
    assertEquals(0, client.getApplications().size());
    ApplicationSubmissionContext ok = context(handedOut, 1024);
    ok.setApplicationId(mine);
    client.submitApplication(ok);
    assertEquals(mine, client.getApplications().get(0).getApplicationId());
  }

  @Test
  void theOwnerOfAnUnmanagedAmGetsItsTokenAndTheAmRegistersWithItFromOutside()
      throws Exception {
    ApplicationSubmissionContext ctx = context(client.createApplication(), 1024);
    ctx.setUnmanagedAM(true);
    ctx.setAMContainerSpec(null);
    client.submitApplication(ctx);
    ApplicationId id = ctx.getApplicationId();
    org.apache.hadoop.security.token.Token<org.apache.hadoop.yarn.security.AMRMTokenIdentifier>
        token = client.getAMRMToken(id);
    assertNotNull(token, "the owner's report carries the AMRM token while LAUNCHED");
    ApplicationAttemptId attempt = token.decodeIdentifier().getApplicationAttemptId();
    assertEquals(client.getApplicationReport(id).getCurrentApplicationAttemptId(), attempt);

    UserGroupInformation am = UserGroupInformation.createRemoteUser(attempt.toString());
    am.addToken(token);
    YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
    am.doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
      AMRMClient<AMRMClient.ContainerRequest> amrm = AMRMClient.createAMRMClient();
      amrm.init(conf);
      amrm.start();
      amrm.registerApplicationMaster("outside", 0, "http://outside:1/");
      amrm.allocate(0.5f);
      amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "done", null);
      amrm.stop();
      return null;
    });
    ApplicationReport done = client.getApplicationReport(id);
    assertEquals(YarnApplicationState.FINISHED, done.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus());
    assertTrue(done.isUnmanagedApp());
    assertEquals(1, client.getApplicationAttempts(id).size());
  }

  @Test
  void unknownApplicationIsNotFoundForReportAndKill() throws Exception {
    ApplicationId unknown = ApplicationId.newInstance(1234L, 99);
    assertThrows(ApplicationNotFoundException.class, () -> client.getApplicationReport(unknown));
    assertThrows(ApplicationNotFoundException.class, () -> client.killApplication(unknown));
    assertEquals(0, client.getYarnClusterMetrics().getNumNodeManagers());
  }

  @Test
  void unknownQueueAnswersNullAndTheDefaultQueueResolvesByShortName() throws Exception {
    assertNull(client.getQueueInfo("nosuchqueue"));
    assertEquals("default", client.getQueueInfo("default").getQueueName());
    assertEquals("root.default", client.getQueueInfo("default").getQueuePath());
    assertTrue(client.getQueueAclsInfo().size() >= 1);
  }

  @Test
  void resourceProfilesAreNotEnabledAndTypesAreListed() throws Exception {
    assertThrows(YARNFeatureNotEnabledException.class, () -> client.getResourceProfiles());
    assertTrue(client.getResourceTypeInfo().stream()
        .anyMatch(t -> t.getName().equals("memory-mb")));
    assertEquals(0, client.getNodeReports().size());
  }

  @Test
  void amAskAboveTheMaximumIsRejectedAndTheDaemonStillServes() throws Exception {
    ApplicationSubmissionContext ctx = context(client.createApplication(), 8192);
    assertThrows(InvalidResourceRequestException.class, () -> client.submitApplication(ctx));
    ApplicationSubmissionContext negative = context(client.createApplication(), -1);
    assertThrows(InvalidResourceRequestException.class, () -> client.submitApplication(negative));
    assertNotEquals(null, client.createApplication());
  }

  @Test
  void killingAnAcceptedApplicationEndsItKilled() throws Exception {
    ApplicationSubmissionContext ctx = context(client.createApplication(), 1024);
    client.submitApplication(ctx);
    client.killApplication(ctx.getApplicationId(), "test says so");
    ApplicationReport report = client.getApplicationReport(ctx.getApplicationId());
    assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState());
    assertTrue(report.getDiagnostics().contains("test says so"), report.getDiagnostics());
    assertTrue(report.getFinishTime() > 0);
  }

  @Test
  void applicationsCanBeFilteredByTypeStateQueueAndTag() throws Exception {
    ApplicationSubmissionContext spark = context(client.createApplication(), 1024);
    spark.setApplicationType("SPARK");
    spark.setApplicationTags(java.util.Set.of("nightly"));
    client.submitApplication(spark);
    ApplicationSubmissionContext mr = context(client.createApplication(), 1024);
    mr.setApplicationType("MAPREDUCE");
    client.submitApplication(mr);
    client.killApplication(mr.getApplicationId());

    assertEquals(List.of(spark.getApplicationId()), ids(client.getApplications(
        java.util.Set.of("spark"))));
    assertEquals(List.of(mr.getApplicationId()), ids(client.getApplications(
        java.util.EnumSet.of(YarnApplicationState.KILLED))));
    assertEquals(2, client.getApplications(java.util.Set.of("default"), null, null,
        null).size());
    assertEquals(0, client.getApplications(java.util.Set.of("other"), null, null,
        null).size());
    assertEquals(List.of(spark.getApplicationId()), ids(client.getApplications(null, null,
        java.util.Set.of("nightly"))));
  }

  private static List<ApplicationId> ids(List<ApplicationReport> reports) {
    return reports.stream().map(ApplicationReport::getApplicationId).toList();
  }

  @Test
  void changesToAnUnknownApplicationAreNotFoundAndToAFinishedOneAreNoOps() throws Exception {
    assertThrows(org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException.class,
        () -> client.updateApplicationPriority(ApplicationId.newInstance(1, 1),
            org.apache.hadoop.yarn.api.records.Priority.newInstance(1)));
    ApplicationSubmissionContext ctx = context(client.createApplication(), 1024);
    client.submitApplication(ctx);
    client.killApplication(ctx.getApplicationId());
    assertEquals(0, client.updateApplicationPriority(ctx.getApplicationId(),
        org.apache.hadoop.yarn.api.records.Priority.newInstance(5)).getPriority(),
        "a finished application keeps its priority, without an error (stock)");
    YarnException move = assertThrows(YarnException.class,
        () -> client.moveApplicationAcrossQueues(ctx.getApplicationId(), "default"));
    assertTrue(move.getMessage().contains("App in KILLED state cannot be moved."),
        move.getMessage());
  }

  static ApplicationSubmissionContext context(YarnClientApplication app, int memory) {
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ctx.setApplicationName("test");
    ctx.setResource(Resource.newInstance(memory, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    return ctx;
  }
}
