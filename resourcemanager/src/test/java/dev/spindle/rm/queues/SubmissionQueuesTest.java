package dev.spindle.rm.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.QueueACL;
import org.apache.hadoop.yarn.api.records.QueueUserACLInfo;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submission through the stock YarnClient to a Capacity queue tree: placement by mapping,
 * queue ACLs with yarn.acl.enable, and unknown, stopped and full queues failing the app.
 */
class SubmissionQueuesTest {

  @TempDir Path confDir;
  private SpindleResourceManager rm;
  private YarnConfiguration clientConf;

  @BeforeEach
  void start() throws Exception {
    QueueFiles.capacity(confDir, "root.queues", "a,b,c",
        "root.acl_submit_applications", " ", "root.acl_administer_queue", " ",
        "root.a.capacity", "40", "root.a.acl_submit_applications", "alice",
        "root.b.capacity", "40", "root.b.acl_submit_applications", "*",
        "root.b.maximum-applications", "1",
        "root.c.capacity", "20", "root.c.state", "STOPPED", "root.c.acl_submit_applications", "*",
        "queue-mappings", "u:bob:b");
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.setBoolean(YarnConfiguration.YARN_ACL_ENABLE, true);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    clientConf = new YarnConfiguration(rm.getConfig());
  }

  @AfterEach
  void stop() {
    rm.stop();
  }

  @Test
  void aclsDecideWhoMaySubmitAndAreReportedPerUser() throws Exception {
    ApplicationReport ok = as("alice", client -> report(client, submit(client, "a")));
    assertEquals("root.a", ok.getQueue());
    assertEquals(YarnApplicationState.ACCEPTED, ok.getYarnApplicationState());

    Exception denied = assertThrows(Exception.class,
        () -> as("mallory", client -> submit(client, "a")));
    // The stock client surfaces the RM's AccessControlException by class name and message.
    assertTrue(denied.toString().contains("AccessControlException")
        && denied.getMessage().contains("does not have permission to submit")
        && denied.getMessage().contains("root.a"), denied.toString());

    List<QueueUserACLInfo> acls = as("mallory", YarnClient::getQueueAclsInfo);
    QueueUserACLInfo onA = acls.stream().filter(i -> i.getQueueName().equals("a"))
        .findFirst().orElseThrow();
    assertEquals(List.of(), onA.getUserAcls());
    QueueUserACLInfo onB = acls.stream().filter(i -> i.getQueueName().equals("b"))
        .findFirst().orElseThrow();
    assertEquals(List.of(QueueACL.SUBMIT_APPLICATIONS), onB.getUserAcls());
  }

  @Test
  void mappingsPlaceAndBadQueuesFailTheApplication() throws Exception {
    ApplicationReport mapped = as("bob", client -> report(client, submit(client, "default")));
    assertEquals("root.b", mapped.getQueue());

    assertFailsWith("b", "Queue root.b already has 1 applications");
    assertFailsWith("nosuch", "nosuch");
    assertFailsWith("c", "STOPPED");
  }

  /**
   * The stock YarnClient's submitApplication throws once the app is FAILED, quoting its
   * diagnostics; the report then says FAILED with the same diagnostics.
   */
  private void assertFailsWith(String queue, String diagnostic) throws Exception {
    Exception e = assertThrows(Exception.class, () -> as("carol", c -> submit(c, queue)));
    assertTrue(e.getMessage().contains(diagnostic), e.toString());
    ApplicationReport last = as("carol", c -> c.getApplications().stream()
        .max(java.util.Comparator.comparing(ApplicationReport::getApplicationId)).orElseThrow());
    assertEquals(YarnApplicationState.FAILED, last.getYarnApplicationState());
    assertTrue(last.getDiagnostics().contains(diagnostic), last.getDiagnostics());
  }

  private interface ClientOp<T> {
    T run(YarnClient client) throws Exception;
  }

  private <T> T as(String user, ClientOp<T> op) throws Exception {
    try {
      return UserGroupInformation.createRemoteUser(user).doAs(
          (PrivilegedExceptionAction<T>) () -> {
            YarnClient client = YarnClient.createYarnClient();
            client.init(clientConf);
            client.start();
            try {
              return op.run(client);
            } finally {
              client.stop();
            }
          });
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  private static ApplicationId submit(YarnClient client, String queue) throws Exception {
    ApplicationSubmissionContext ctx =
        client.createApplication().getApplicationSubmissionContext();
    ctx.setApplicationName("queues");
    ctx.setQueue(queue);
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    // submitApplication polls until the app leaves NEW/NEW_SAVING (it may already be FAILED).
    return client.submitApplication(ctx);
  }

  private static ApplicationReport report(YarnClient client, ApplicationId id)
      throws Exception {
    return client.getApplicationReport(id);
  }
}
