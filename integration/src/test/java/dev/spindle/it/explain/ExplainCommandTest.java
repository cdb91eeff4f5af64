package dev.spindle.it.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.SpindleCli;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.rm.web.UnmanagedAm;
import dev.spindle.scheduler.WaitReason;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.ServerRMProxy;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spindle explain APP_ID} against a running RM of each policy, through its REST API:
 * one line per ask with the reason, exit 0 for a known application, 1 for an unknown one,
 * 2 when no RM answers. The waits are ones no container ends: nodes register over the real
 * resource-tracker protocol but never run anything. Where a wait needs containers held (a
 * user limit, preemption), the AMs are unmanaged, in this JVM, and only hold what they get.
 */
class ExplainCommandTest {

  @TempDir Path schedulerFiles;
  @TempDir Path clientConf;
  private SpindleResourceManager rm;
  private YarnClient client;
  private ResourceTracker tracker;
  private final List<Integer> ports = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private NodeId lastNode;
  private RegisterNodeManagerResponse lastRegistration;
  private int responseId;

  private record Run(int code, String out, String err) {}

  private static Run spindle(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SpindleCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private void start(String scheduler) throws Exception {
    start(scheduler, Map.of());
  }

  private void start(String scheduler, Map<String, String> site) throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.set(YarnConfiguration.RM_SCHEDULER, scheduler);
    conf.set(SchedulerFiles.CONF_DIR_KEY, schedulerFiles.toString());
    site.forEach(conf::set);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    try (OutputStream out = Files.newOutputStream(clientConf.resolve("yarn-site.xml"))) {
      rm.getConfig().writeXml(out);
    }
    client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(rm.getConfig()));
    client.start();
    tracker = ServerRMProxy.createRMProxy(new YarnConfiguration(rm.getConfig()),
        ResourceTracker.class);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (tracker != null) {
      RPC.stopProxy(tracker);
    }
    if (client != null) {
      client.stop();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  /** A node that registers and never runs anything (nothing here is placed on it). */
  private void node(int memoryMb) throws Exception {
    int port = 40_000 + ports.size();
    ports.add(port);
    lastNode = NodeId.newInstance("localhost", port);
    lastRegistration = tracker.registerNodeManager(RegisterNodeManagerRequest.newInstance(
        lastNode, 8042, Resource.newInstance(memoryMb, 8), "3.5.0", List.of(), List.of()));
    responseId = 0;
  }

  /** A heartbeat of the last node registered, reporting nothing: a scheduling pass on it. */
  private void heartbeat() throws Exception {
    NodeStatus status = NodeStatus.newInstance(lastNode, responseId, List.of(), List.of(),
        NodeHealthStatus.newInstance(true, "", System.currentTimeMillis()), null, null,
        List.of());
    responseId = tracker.nodeHeartbeat(NodeHeartbeatRequest.newInstance(status,
        lastRegistration.getContainerTokenMasterKey(), lastRegistration.getNMTokenMasterKey(),
        null)).getResponseId();
  }

  /** An application of {@code user} whose AM is this test (unmanaged), holding containers. */
  private UnmanagedAm unmanaged(String user, String queue) throws Exception {
    UnmanagedAm am = new UnmanagedAm(new YarnConfiguration(rm.getConfig()), user, queue);
    closing.add(am);
    return am;
  }

  /** Heartbeats node and AM until the AM holds {@code count} containers. */
  private void awaitAllocated(UnmanagedAm am, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (am.allocated.size() < count) {
      assertTrue(System.currentTimeMillis() < deadline, am.id + " got only "
          + am.allocated.size() + " of " + count + " containers");
      heartbeat();
      am.heartbeat();
      Thread.sleep(50);
    }
  }

  /** Runs explain (heartbeating between tries) until its one ask line shows {@code reason}. */
  private String awaitExplained(UnmanagedAm am, String reason) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    Run r;
    do {
      assertTrue(System.currentTimeMillis() < deadline, "never " + reason);
      heartbeat();
      am.heartbeat();
      r = explain(am.id);
      assertEquals(0, r.code(), r.out() + r.err());
    } while (!r.out().contains("[" + reason + "]"));
    List<String> asks = r.out().lines().filter(l -> l.startsWith("  ")).toList();
    assertEquals(1, asks.size(), r.out());
    return asks.get(0);
  }

  private ApplicationId submit(String queue, int amMb) throws Exception {
    ApplicationSubmissionContext ctx = client.createApplication()
        .getApplicationSubmissionContext();
    ctx.setQueue(queue);
    ctx.setResource(Resource.newInstance(amMb, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    client.submitApplication(ctx);
    return ctx.getApplicationId();
  }

  private Run explain(ApplicationId app) {
    return spindle("explain", app.toString(), "--conf-dir", clientConf.toString());
  }

  private static void assertWaits(Run r, String reason, String... words) {
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> asks = r.out().lines().filter(l -> l.startsWith("  ")).toList();
    assertEquals(1, asks.size(), "the AM's one ask: " + r.out());
    assertTrue(asks.get(0).contains("[" + reason + "]"), r.out());
    assertTrue(asks.get(0).contains("priority 0, allocationRequestId -1, * x1"), r.out());
    for (String w : words) {
      assertTrue(asks.get(0).contains(w), r.out() + " lacks " + w);
    }
  }

  @Test
  void fifoNoNodesThenNoNodeLargeEnoughAndAnUnknownApp() throws Exception {
    start("fifo");
    ApplicationId app = submit("default", 2048);
    Run none = explain(app);
    assertWaits(none, "NO_NODES", "no schedulable node is registered");
    assertTrue(none.out().startsWith(app + " (ACCEPTED) in queue root.default"), none.out());
    node(1024);
    assertWaits(explain(app), "NODE_TOO_SMALL", "it asks <memory:2048",
        "the largest node has <memory:1024");

    Run unknown = spindle("explain", ApplicationId.newInstance(app.getClusterTimestamp(), 42)
        .toString(), "--conf-dir", clientConf.toString());
    assertEquals(1, unknown.code(), unknown.out());
    assertTrue(unknown.err().contains("no application"), unknown.err());
  }

  @Test
  void capacityQueueAtItsMaximum() throws Exception {
    Files.writeString(schedulerFiles.resolve("capacity-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<configuration>"
        + property("yarn.scheduler.capacity.root.queues", "a,b")
        + property("yarn.scheduler.capacity.root.a.capacity", "10")
        + property("yarn.scheduler.capacity.root.a.maximum-capacity", "10")
        + property("yarn.scheduler.capacity.root.b.capacity", "90")
        + "</configuration>");
    start("capacity");
    node(4096);
    ApplicationId app = submit("a", 1024);
    assertWaits(explain(app), "QUEUE_LIMIT", "maximum capacity", "queue root.a uses",
        "of its maximum <memory:409");
  }

  @Test
  void fairQueueAtItsMaxResourcesAndAtItsRunningAppLimit() throws Exception {
    Files.writeString(schedulerFiles.resolve("fair-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<allocations>"
        + "<queue name=\"small\"><maxResources>512 mb, 1 vcores</maxResources></queue>"
        + "<queue name=\"none\"><maxRunningApps>0</maxRunningApps></queue>"
        + "</allocations>");
    start("fair");
    node(4096);
    assertWaits(explain(submit("small", 1024)), "MAX_RESOURCES", "queue root.small uses",
        "of its maximum <memory:512");
    assertWaits(explain(submit("none", 1024)), "RUNNING_APPS_LIMIT", "in queue root.none");
  }

  @Test
  void capacityUserLimitOfOneUserWhileAnotherIsServed() throws Exception {
    Files.writeString(schedulerFiles.resolve("capacity-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<configuration>"
        + property("yarn.scheduler.capacity.root.queues", "a,b")
        + property("yarn.scheduler.capacity.root.a.capacity", "50")
        + property("yarn.scheduler.capacity.root.a.maximum-capacity", "100")
        + property("yarn.scheduler.capacity.root.a.user-limit-factor", "1")
        + property("yarn.scheduler.capacity.root.a.minimum-user-limit-percent", "100")
        + property("yarn.scheduler.capacity.root.b.capacity", "50")
        + "</configuration>");
    start("capacity");
    node(8192);
    UnmanagedAm alice = unmanaged("alice", "a");
    alice.ask(6, 1024);
    awaitAllocated(alice, 5);
    UnmanagedAm bob = unmanaged("bob", "a");
    bob.ask(2, 1024);
    awaitAllocated(bob, 2);
    Run served = explain(bob.id);
    assertEquals(0, served.code(), served.out());
    assertTrue(served.out().contains("Nothing waits"), served.out());
    assertTrue(served.out().startsWith(bob.id + " (RUNNING) in queue root.a, user bob"),
        served.out());

    String line = awaitExplained(alice, "USER_LIMIT");
    assertTrue(line.contains("priority 1, allocationRequestId 0, * x1 of <memory:1024"), line);
    assertTrue(line.contains("user alice uses <memory:5120, vCores:5> in root.a, the user"
        + " limit is <memory:4096"), line);
    assertEquals(5, alice.allocated.size());
  }

  @Test
  void fairUserAtItsRunningAppsLimitWhileAnotherIsServed() throws Exception {
    Files.writeString(schedulerFiles.resolve("fair-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<allocations><user name=\"carol\"><maxRunningApps>1</maxRunningApps></user>"
        + "<queue name=\"a\"/></allocations>");
    start("fair");
    node(8192);
    unmanaged("carol", "a");
    UserGroupInformation carol = UserGroupInformation.createRemoteUser("carol");
    YarnClient asCarol = UnmanagedAm.client(new YarnConfiguration(rm.getConfig()), carol);
    closing.add(asCarol::stop);
    ApplicationId held = UnmanagedAm.submit(asCarol, carol, "a", false);
    UnmanagedAm dave = unmanaged("dave", "a");
    dave.ask(2, 1024);
    awaitAllocated(dave, 2);
    assertTrue(explain(dave.id).out().contains("Nothing waits"));
    assertWaits(explain(held), "RUNNING_APPS_LIMIT", "in queue root.a: user carol runs 1 of"
        + " at most 1 applications (maxRunningApps)");
  }

  @Test
  void capacityPreemptionUnderWay() throws Exception {
    Files.writeString(schedulerFiles.resolve("capacity-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<configuration>"
        + property("yarn.scheduler.capacity.root.queues", "a,b")
        + property("yarn.scheduler.capacity.root.a.capacity", "50")
        + property("yarn.scheduler.capacity.root.a.user-limit-factor", "2")
        + property("yarn.scheduler.capacity.root.b.capacity", "50")
        + "</configuration>");
    String p = "yarn.resourcemanager.monitor.capacity.preemption.";
    start("capacity", Map.of("yarn.resourcemanager.scheduler.monitor.enable", "true",
        p + "monitoring_interval", "100",
        // Marked containers are not killed while the test looks: the wait stays.
        p + "max_wait_before_kill", "3600000",
        p + "total_preemption_per_round", "1",
        p + "natural_termination_factor", "1"));
    assertPreemptingFor("root.b");
  }

  @Test
  void fairPreemptionUnderWay() throws Exception {
    Files.writeString(schedulerFiles.resolve("fair-scheduler.xml"), "<?xml version=\"1.0\"?>"
        + "<allocations>"
        + "<defaultFairSharePreemptionTimeout>0</defaultFairSharePreemptionTimeout>"
        + "<defaultFairSharePreemptionThreshold>1.0</defaultFairSharePreemptionThreshold>"
        + "<queue name=\"a\"/><queue name=\"b\"/></allocations>");
    start("fair", Map.of("yarn.scheduler.fair.preemption", "true",
        "yarn.scheduler.fair.update-interval-ms", "100",
        "yarn.scheduler.fair.waitTimeBeforeKill", "3600000",
        "yarn.scheduler.fair.assignmultiple", "true"));
    assertPreemptingFor("root.b");
  }

  /** a takes the whole node; b's ask waits while containers of a are marked for it. */
  private void assertPreemptingFor(String starvedQueue) throws Exception {
    node(8192);
    UnmanagedAm hog = unmanaged("alice", "a");
    hog.ask(8, 1024);
    awaitAllocated(hog, 8);
    UnmanagedAm starved = unmanaged("bob", "b");
    starved.ask(1, 1024);
    String line = awaitExplained(starved, "PREEMPTING");
    assertTrue(line.contains(WaitReason.PREEMPTING.words()), line);
    assertTrue(line.contains("queue " + starvedQueue + " uses <memory:0, vCores:0> of its"
        + " share <memory:4096"), line);
    assertTrue(line.contains("containers are marked"), line);
  }

  @Test
  void noResourceManagerIsUnusable() throws Exception {
    Files.writeString(clientConf.resolve("yarn-site.xml"), "<?xml version=\"1.0\"?>"
        + "<configuration>" + property("yarn.resourcemanager.webapp.address", "localhost:1")
        + "</configuration>");
    Run r = spindle("explain", "application_1_0001", "--conf-dir", clientConf.toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("no active ResourceManager answered"), r.err());
  }

  private static String property(String name, String value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }
}
