package dev.spindle.rm.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.cli.QueueCLI;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code yarn rmadmin} and {@code yarn queue} CLIs, run in-process, against a Spindle
 * RM whose Capacity configuration lives in a conf dir.
 */
class AdminCliTest {

  @TempDir Path confDir;
  private SpindleResourceManager rm;
  private YarnClient client;

  @BeforeEach
  void start() throws Exception {
    QueueFiles.capacity(confDir, "root.queues", "a,b", "root.a.capacity", "50",
        "root.b.capacity", "50");
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
    // Only alice, and the RM's own user (always an admin, as stock), administer the RM.
    conf.set(YarnConfiguration.YARN_ADMIN_ACL, "alice");
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
  void queuesComeFromTheConfDirFile() throws Exception {
    QueueInfo a = client.getQueueInfo("a");
    assertEquals("root.a", a.getQueuePath());
    assertEquals(0.5f, a.getCapacity(), 1e-6);
    assertNotNull(client.getQueueInfo("root.b"));
    assertNull(client.getQueueInfo("default"));
    assertEquals(java.util.List.of("a", "b"), client.getChildQueueInfos("root").stream()
        .map(QueueInfo::getQueueName).toList());
  }

  @Test
  void refreshQueuesAppliesAValidFileAndRefusesAnInvalidOne() throws Exception {
    QueueFiles.capacity(confDir, "root.queues", "a,b,c", "root.a.capacity", "40",
        "root.b.capacity", "30", "root.c.capacity", "30");
    assertEquals(0, rmadmin("-refreshQueues").exit);
    assertEquals(0.4f, client.getQueueInfo("a").getCapacity(), 1e-6);
    assertEquals("root.c", client.getQueueInfo("c").getQueuePath());

    QueueFiles.capacity(confDir, "root.queues", "a,b", "root.a.capacity", "60",
        "root.b.capacity", "60");
    Result refused = rmadmin("-refreshQueues");
    assertNotEquals(0, refused.exit);
    assertTrue(refused.err.contains("capacity-scheduler.xml"), refused.err);
    // The running configuration stays.
    assertEquals(0.4f, client.getQueueInfo("a").getCapacity(), 1e-6);
    assertNotNull(client.getQueueInfo("c"));

    QueueFiles.write(confDir.resolve("capacity-scheduler.xml"), "<configuration><property>");
    Result malformed = rmadmin("-refreshQueues");
    assertNotEquals(0, malformed.exit);
    assertTrue(malformed.err.contains("malformed XML"), malformed.err);
    assertNotNull(client.getQueueInfo("c"));
  }

  @Test
  void aQueueWithApplicationsCannotBeRemoved() throws Exception {
    var ctx = client.createApplication().getApplicationSubmissionContext();
    ctx.setQueue("b");
    ctx.setResource(org.apache.hadoop.yarn.api.records.Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(org.apache.hadoop.yarn.api.records.ContainerLaunchContext
        .newInstance(java.util.Map.of(), java.util.Map.of(), java.util.List.of("sleep 1"),
            null, null, null));
    client.submitApplication(ctx);
    QueueFiles.capacity(confDir, "root.queues", "a", "root.a.capacity", "100");
    Result refused = rmadmin("-refreshQueues");
    assertNotEquals(0, refused.exit);
    assertTrue(refused.err.contains("root.b") && refused.err.contains("capacity-scheduler.xml"),
        refused.err);
    assertEquals("root.b", client.getApplicationReport(ctx.getApplicationId()).getQueue());
    assertNotNull(client.getQueueInfo("b"));
  }

  @Test
  void adminAclRefusesOtherUsers() throws Exception {
    UserGroupInformation mallory = UserGroupInformation.createRemoteUser("mallory");
    Result denied = mallory.doAs((PrivilegedExceptionAction<Result>)
        () -> rmadmin("-refreshQueues"));
    assertNotEquals(0, denied.exit);
    assertTrue(denied.err.contains("User mallory doesn't have permission to call 'refreshQueues'"),
        denied.err);
    UserGroupInformation alice = UserGroupInformation.createRemoteUser("alice");
    assertEquals(0, alice.doAs((PrivilegedExceptionAction<Result>)
        () -> rmadmin("-refreshQueues")).exit);
    assertEquals(0, rmadmin("-refreshAdminAcls").exit);
    assertEquals(0, rmadmin("-refreshUserToGroupsMappings").exit);
    assertEquals(0, rmadmin("-refreshSuperUserGroupsConfiguration").exit);
    Result groups = rmadmin("-getGroups", "alice");
    assertEquals(0, groups.exit, groups.err);
    // Without service-level authorization the stock RM refuses this refresh; so does Spindle.
    assertTrue(rmadmin("-refreshServiceAcl").err.contains("Service Authorization"));
  }

  @Test
  void queueStatusPrintsTheQueue() throws Exception {
    QueueCLI cli = new QueueCLI();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cli.setSysOutPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
    cli.setSysErrPrintStream(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    assertEquals(0, ToolRunner.run(new YarnConfiguration(rm.getConfig()), cli,
        new String[] {"-status", "a"}));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Queue Name : a"), text);
    assertTrue(text.contains("State : RUNNING"), text);
  }

  private record Result(int exit, String err) {}

  private Result rmadmin(String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RMAdminCLI cli = new RMAdminCLI(new YarnConfiguration(rm.getConfig())) {
      {
        setErrOut(new PrintStream(err, true, StandardCharsets.UTF_8));
      }
    };
    PrintStream oldErr = System.err;
    // RMAdminCLI prints some failures on System.err directly.
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = ToolRunner.run(cli, args);
      return new Result(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }
}
