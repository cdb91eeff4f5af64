package dev.spindle.rm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.rm.rpc.TestNode;
import dev.spindle.scheduler.WaitReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waits that need containers already running, through the app-activities endpoint and
 * the application report: a user at Capacity's user limit while another user of the queue is
 * served, a user at Fair's per-user maxRunningApps while another user is served, and
 * preemption under way for a starved queue (Capacity's monitor and Fair's
 * preemption). The AMs are unmanaged, in this JVM, so a user's usage is exactly its asks;
 * the one node registers over the real resource-tracker protocol.
 */
class ExplainLimitsRestTest {

  private static final String STOCK = "org.apache.hadoop.yarn.server.resourcemanager"
      + ".scheduler.";

  @TempDir Path dir;
  private SpindleResourceManager rm;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private YarnConfiguration conf;
  private TestNode node;
  private Http http;

  private void start(String scheduler, String file, String content,
      Map<String, String> site) throws Exception {
    Files.writeString(dir.resolve(file), content);
    YarnConfiguration base = TestConf.ephemeral();
    base.set(YarnConfiguration.RM_SCHEDULER, STOCK + scheduler);
    base.set(SchedulerFiles.CONF_DIR_KEY, dir.toString());
    site.forEach(base::set);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    node = new TestNode(conf, 8192);
    closing.add(node);
    http = new Http(conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  private UnmanagedAm app(String user, String queue) throws Exception {
    UnmanagedAm am = new UnmanagedAm(conf, user, queue);
    closing.add(am);
    return am;
  }

  /** The ANY line of the application's one waiting request, or null when none waits. */
  private JsonNode waiting(UnmanagedAm am) throws Exception {
    JsonNode allocations = http.json("/ws/v1/cluster/scheduler/app-activities/" + am.id, 200)
        .get("appActivities").get("allocations");
    if (allocations == null || allocations.isEmpty()) {
      return null;
    }
    JsonNode requests = allocations.get(0).get("children");
    assertEquals(1, requests.size(), requests.toString());
    JsonNode children = requests.get(0).get("children");
    return children.get(children.size() - 1);
  }

  /** Heartbeats node and AM until the application's ask waits for {@code reason}. */
  private JsonNode awaitReason(UnmanagedAm am, WaitReason reason) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      node.heartbeat();
      am.heartbeat();
      last = waiting(am);
      if (last != null && reason.name().equals(last.get("reason").asText())) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(am.id + " never waited for " + reason + "; last: " + last);
  }

  private void awaitAllocated(UnmanagedAm am, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (am.allocated.size() < count) {
      assertTrue(System.currentTimeMillis() < deadline, am.id + " got only "
          + am.allocated.size() + " of " + count + " containers");
      node.heartbeat();
      am.heartbeat();
      Thread.sleep(50);
    }
  }

  @Test
  void capacityUserAtItsUserLimitWhileAnotherUserIsServed() throws Exception {
    // a is guaranteed half the 8 GB node and may grow to all of it, but one user may hold
    // only its capacity (user-limit-factor 1): 4 GB, crossed by the last container.
    start("capacity.CapacityScheduler", "capacity-scheduler.xml", "<configuration>"
        + property("yarn.scheduler.capacity.root.queues", "a,b")
        + property("yarn.scheduler.capacity.root.a.capacity", "50")
        + property("yarn.scheduler.capacity.root.a.maximum-capacity", "100")
        + property("yarn.scheduler.capacity.root.a.user-limit-factor", "1")
        + property("yarn.scheduler.capacity.root.a.minimum-user-limit-percent", "100")
        + property("yarn.scheduler.capacity.root.b.capacity", "50")
        + "</configuration>", Map.of());
    UnmanagedAm alice = app("alice", "a");
    alice.ask(6, 1024);
    JsonNode held = awaitReason(alice, WaitReason.USER_LIMIT);
    alice.heartbeat();
    assertEquals(5, alice.allocated.size(), "up to the limit and one across it");
    assertEquals(1, held.get("count").asInt(), held.toString());

    // bob, in the same queue, is below the limit and gets his containers.
    UnmanagedAm bob = app("bob", "a");
    bob.ask(2, 1024);
    awaitAllocated(bob, 2);
    assertEquals(null, waiting(bob), "bob's asks are all placed");

    JsonNode still = awaitReason(alice, WaitReason.USER_LIMIT);
    String words = still.get("diagnostic").asText();
    assertTrue(words.startsWith(WaitReason.USER_LIMIT.words()), words);
    assertTrue(words.contains("user alice uses <memory:5120, vCores:5> in root.a, the user"
        + " limit is <memory:4096"), words);
    YarnClient client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    closing.add(client::stop);
    String diagnostics = client.getApplicationReport(alice.id).getDiagnostics();
    assertTrue(diagnostics.contains(WaitReason.USER_LIMIT.words()), diagnostics);
  }

  @Test
  void fairUserAtItsRunningAppsLimitWhileAnotherUserIsServed() throws Exception {
    // Fair has no per-user resource limit; its per-user limit is maxRunningApps.
    start("fair.FairScheduler", "fair-scheduler.xml", "<?xml version=\"1.0\"?><allocations>"
        + "<user name=\"carol\"><maxRunningApps>1</maxRunningApps></user>"
        + "<queue name=\"a\"/></allocations>", Map.of());
    UnmanagedAm running = app("carol", "a");
    UserGroupInformation carol = UserGroupInformation.createRemoteUser("carol");
    YarnClient client = UnmanagedAm.client(conf, carol);
    closing.add(client::stop);
    ApplicationId held = UnmanagedAm.submit(client, carol, "a", false);
    UnmanagedAm dave = app("dave", "a");
    dave.ask(2, 1024);
    awaitAllocated(dave, 2);

    JsonNode waits = http.json("/ws/v1/cluster/scheduler/app-activities/" + held, 200)
        .get("appActivities").get("allocations").get(0).get("children").get(0);
    assertEquals(WaitReason.RUNNING_APPS_LIMIT.name(), waits.get("reason").asText(),
        waits.toString());
    assertTrue(waits.get("diagnostic").asText().endsWith("in queue root.a: user carol runs 1"
        + " of at most 1 applications (maxRunningApps)"), waits.toString());
    assertEquals(-1, waits.get("allocationRequestId").asLong(), "the AM's ask");
    String diagnostics = client.getApplicationReport(held).getDiagnostics();
    assertTrue(diagnostics.contains(WaitReason.RUNNING_APPS_LIMIT.words()), diagnostics);
    assertEquals(null, waiting(running), "carol's first application asks nothing");
  }

  @Test
  void capacityPreemptionUnderWayForAStarvedQueue() throws Exception {
    String p = "yarn.resourcemanager.monitor.capacity.preemption.";
    start("capacity.CapacityScheduler", "capacity-scheduler.xml", "<configuration>"
        + property("yarn.scheduler.capacity.root.queues", "a,b")
        + property("yarn.scheduler.capacity.root.a.capacity", "50")
        + property("yarn.scheduler.capacity.root.a.user-limit-factor", "2")
        + property("yarn.scheduler.capacity.root.b.capacity", "50")
        + "</configuration>", Map.of(
            "yarn.resourcemanager.scheduler.monitor.enable", "true",
            p + "monitoring_interval", "100",
            // Marked containers are not killed while the test looks: the wait stays.
            p + "max_wait_before_kill", "3600000",
            p + "total_preemption_per_round", "1",
            p + "natural_termination_factor", "1"));
    starvedWhilePreempting("root.b");
  }

  @Test
  void fairPreemptionUnderWayForAStarvedQueue() throws Exception {
    start("fair.FairScheduler", "fair-scheduler.xml", "<?xml version=\"1.0\"?><allocations>"
        + "<defaultFairSharePreemptionTimeout>0</defaultFairSharePreemptionTimeout>"
        + "<defaultFairSharePreemptionThreshold>1.0</defaultFairSharePreemptionThreshold>"
        + "<queue name=\"a\"/><queue name=\"b\"/></allocations>", Map.of(
            "yarn.scheduler.fair.preemption", "true",
            "yarn.scheduler.fair.update-interval-ms", "100",
            "yarn.scheduler.fair.waitTimeBeforeKill", "3600000",
            "yarn.scheduler.fair.assignmultiple", "true"));
    starvedWhilePreempting("root.b");
  }

  /** a takes the whole node; b's ask waits for room, then for the containers marked for it. */
  private void starvedWhilePreempting(String starvedQueue) throws Exception {
    UnmanagedAm hog = app("alice", "a");
    hog.ask(8, 1024);
    awaitAllocated(hog, 8);
    UnmanagedAm starved = app("bob", "b");
    starved.ask(1, 1024);
    JsonNode preempting = awaitReason(starved, WaitReason.PREEMPTING);
    String words = preempting.get("diagnostic").asText();
    assertTrue(words.startsWith(WaitReason.PREEMPTING.words()), words);
    assertTrue(words.contains("queue " + starvedQueue + " uses <memory:0, vCores:0> of its"
        + " share <memory:4096"), words);
    assertTrue(words.contains("containers are marked"), words);
    assertEquals(8, hog.allocated.size(), "nothing was killed: the grace is an hour");
  }

  private static String property(String name, String value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }
}
