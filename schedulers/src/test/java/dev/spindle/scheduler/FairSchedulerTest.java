package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Rejection.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Fair policy on simulated clusters. */
class FairSchedulerTest {

  static final long GB = 1024;

  static FairScheduler fair(ConfigFiles files, UserGroups groups, NodeSpec... nodes) {
    FairScheduler s = FairScheduler.create(SchedulerSettings.defaults(), files.source(), groups);
    for (NodeSpec node : nodes) {
      s.addNode(node);
    }
    return s;
  }

  /** {@code n} nodes of 10 GB and 10 vcores. */
  static NodeSpec[] nodes(int n) {
    NodeSpec[] out = new NodeSpec[n];
    for (int i = 0; i < n; i++) {
      out[i] = Fixtures.node(String.format("n%02d", i), "/r" + (i % 2), 10 * GB, 10);
    }
    return out;
  }

  static void submit(Scheduler s, long key, String queue, String user, ResourceVector size,
      int containers) {
    assertEquals(Optional.empty(), s.addApplication(new AppSpec(key, queue, user, 0)));
    s.updateAsks(key, List.of(new Ask(1, -1, Ask.ANY, size, containers, true)));
  }

  static int containers(FairScheduler s, long appKey) {
    return s.state.app(appKey).numContainers();
  }

  static long usedGb(Scheduler s, String queue) {
    return s.queue(queue).orElseThrow().used().memoryMb() / GB;
  }

  @Test
  @DisplayName("a move carries usage to the target, within the target's maxResources")
  void moveRespectsMaxResources() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"a\"/>", "<queue name=\"small\"><maxResources>5120 mb, 5 vcores"
            + "</maxResources></queue>", "<queue name=\"big\"/>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(2));
    submit(s, 1, "a", "alice", mb(GB, 1), 8);
    assertEquals(8, s.allocateAll().size());
    assertEquals(Rejection.Reason.QUEUE_FULL,
        s.moveApplication(1, "small").orElseThrow().reason());
    assertEquals(8, usedGb(s, "root.a"));
    assertEquals(Optional.empty(), s.moveApplication(1, "big"));
    assertEquals(0, usedGb(s, "root.a"));
    assertEquals(8, usedGb(s, "root.big"));
  }

  @Test
  @DisplayName("the DRF paper example: A runs 3 tasks and B runs 2 on <9 CPU, 18 GB>")
  void drfPaperExample() {
    // Ghodsi et al., DRF (NSDI 2011), section 4. Cluster <9 CPU, 18 GB>;
    // A's tasks need <1 CPU, 4 GB> (memory-heavy), B's <3 CPU, 1 GB> (CPU-heavy).
    //
    //  step | picked | A: cpu  mem  dominant | B: cpu  mem  dominant
    //  -----+--------+-----------------------+----------------------
    //    1  |   A    |    1    4   4/18=.22  |    0    0   0
    //    2  |   B    |    1    4   .22       |    3    1   3/9=.33
    //    3  |   A    |    2    8   8/18=.44  |    3    1   .33
    //    4  |   B    |    2    8   .44       |    6    2   6/9=.67
    //    5  |   A    |    3   12  12/18=.67  |    6    2   .67
    //  then 9 CPUs are in use: nothing more fits. A: 3 tasks, B: 2, both at 2/3.
    ConfigFiles files = new ConfigFiles().fair(
        "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>",
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>",
        "<queue name=\"a\"/>", "<queue name=\"b\"/>");
    FairScheduler s = fair(files, UserGroups.NONE,
        Fixtures.node("big", "/r", 18 * GB, 9));
    submit(s, 1, "a", "A", mb(4 * GB, 1), 10);
    submit(s, 2, "b", "B", mb(GB, 3), 10);
    List<Allocation> placed = s.allocateAll();
    assertEquals(List.of(1L, 2L, 1L, 2L, 1L),
        placed.stream().map(Allocation::appKey).toList());
    assertEquals(3, containers(s, 1));
    assertEquals(2, containers(s, 2));
  }

  @Test
  @DisplayName("the DRF example holds between two applications of one drf leaf, too")
  void drfPaperExampleInOneQueue() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queueMaxAMShareDefault>-1</queueMaxAMShareDefault>",
        // A fair parent may not have a drf child, so root is drf too.
        "<queue name=\"root\"><schedulingPolicy>drf</schedulingPolicy>"
            + "<queue name=\"shared\"><schedulingPolicy>drf</schedulingPolicy></queue></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, Fixtures.node("big", "/r", 18 * GB, 9));
    submit(s, 1, "shared", "A", mb(4 * GB, 1), 10);
    submit(s, 2, "shared", "B", mb(GB, 3), 10);
    s.allocateAll();
    assertEquals(3, containers(s, 1));
    assertEquals(2, containers(s, 2));
  }

  @Test
  @DisplayName("fair shares follow weights, and come back to them after churn")
  void weightsConverge() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"w1\"><weight>1</weight></queue>",
        "<queue name=\"w2\"><weight>2</weight></queue>",
        "<queue name=\"w3\"><weight>3</weight></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(6));
    submit(s, 1, "w1", "u1", mb(GB, 1), 1000);
    submit(s, 2, "w2", "u2", mb(GB, 1), 1000);
    submit(s, 3, "w3", "u3", mb(GB, 1), 1000);
    s.allocateAll();
    assertEquals(List.of(10L, 20L, 30L), List.of(usedGb(s, "w1"), usedGb(s, "w2"),
        usedGb(s, "w3")));
    // Churn: every third container of w3 and half of w1 end; freed room is shared by weight.
    List<Long> ids = new ArrayList<>(s.state.app(3).allocationIds());
    for (int i = 0; i < ids.size(); i += 3) {
      s.release(ids.get(i));
    }
    ids = new ArrayList<>(s.state.app(1).allocationIds());
    for (int i = 0; i < ids.size(); i += 2) {
      s.release(ids.get(i));
    }
    s.allocateAll();
    assertEquals(List.of(10L, 20L, 30L), List.of(usedGb(s, "w1"), usedGb(s, "w2"),
        usedGb(s, "w3")));
    assertEquals(mb(10 * GB, 10), s.tree().queue("root.w1").fairShare);
    assertEquals(0.5f, s.queue("w3").orElseThrow().capacity());
  }

  @Test
  @DisplayName("a queue below its min share is served first, whatever the weights say")
  void minShare() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"a\"><weight>1</weight><minResources>30720 mb, 30 vcores</minResources>"
            + "</queue>",
        "<queue name=\"b\"><weight>9</weight></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(4));
    submit(s, 1, "b", "u", mb(GB, 1), 100);
    submit(s, 2, "a", "u", mb(GB, 1), 100);
    s.allocateAll();
    assertEquals(30, usedGb(s, "a"));
    assertEquals(10, usedGb(s, "b"));
  }

  @Test
  @DisplayName("maxResources caps a queue even on an idle cluster, and the reason says so")
  void maxShare() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"a\"><maxResources>5120 mb, 100 vcores</maxResources></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(2));
    submit(s, 1, "a", "u", mb(GB, 1), 100);
    assertEquals(5, s.allocateAll().size());
    assertEquals(WaitReason.MAX_RESOURCES.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(0, s.headroom(1).memoryMb());
  }

  @Test
  @DisplayName("maxRunningApps holds extra applications back until a running one ends")
  void maxRunningApps() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"a\"><maxRunningApps>2</maxRunningApps></queue>",
        "<user name=\"batch\"><maxRunningApps>1</maxRunningApps></user>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(2));
    for (long key = 1; key <= 3; key++) {
      submit(s, key, "a", "u" + key, mb(GB, 1), 1);
    }
    assertEquals(List.of(1L, 2L), s.allocateAll().stream().map(Allocation::appKey).toList());
    assertEquals(WaitReason.RUNNING_APPS_LIMIT.reason, s.application(3).orElseThrow()
        .pendingReason());
    s.removeApplication(1);
    assertEquals(List.of(3L), s.allocateAll().stream().map(Allocation::appKey).toList());
    // The per-user limit: batch's second application waits.
    submit(s, 4, "default", "batch", mb(GB, 1), 1);
    submit(s, 5, "default", "batch", mb(GB, 1), 1);
    assertEquals(List.of(4L), s.allocateAll().stream().map(Allocation::appKey).toList());
  }

  @Test
  @DisplayName("maxAMShare: AMs beyond the share of the queue's fair share wait")
  void maxAmShare() {
    ConfigFiles files = new ConfigFiles().fair(
        "<queue name=\"a\"><maxAMShare>0.1</maxAMShare></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(2));
    // a is the only active queue: fair share 20 GB, AM limit 2 GB.
    for (long key = 1; key <= 3; key++) {
      submit(s, key, "a", "u" + key, mb(GB, 1), 1);
    }
    assertEquals(List.of(1L, 2L), s.allocateAll().stream().map(Allocation::appKey).toList());
    assertEquals(WaitReason.AM_LIMIT.reason, s.application(3).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("locality thresholds: wait node x nodes offers for rack-local, rack x more for"
      + " off-switch; -1 (the default) never waits")
  void localityThresholds() {
    ConfigFiles files = new ConfigFiles().yarnSite(
        "yarn.scheduler.fair.locality.threshold.node", "0.5",
        "yarn.scheduler.fair.locality.threshold.rack", "0.5").fair("<queue name=\"a\"/>");
    // Four nodes: wait more than 2 offers for rack-local, more than 4 for off-switch.
    FairScheduler s = fair(files, UserGroups.NONE, nodes(4));
    s.addApplication(new AppSpec(1, "a", "u", 0));
    // n00 and n02 are on /r0, n01 and n03 on /r1; ask for host n00.
    s.updateAsks(1, List.of(Fixtures.ask(1, "n00", GB, 1, true),
        Fixtures.ask(1, "/r0", GB, 1, true), Fixtures.any(1, GB, 1)));
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n01")));
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n02")));
    assertEquals(WaitReason.LOCALITY_DELAY.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n01")));
    assertEquals(Locality.RACK_LOCAL, s.allocateOn(Fixtures.id("n02")).get(0).locality());

    FairScheduler eager = fair(new ConfigFiles().fair("<queue name=\"a\"/>"),
        UserGroups.NONE, nodes(4));
    eager.addApplication(new AppSpec(1, "a", "u", 0));
    eager.updateAsks(1, List.of(Fixtures.ask(1, "n00", GB, 1, true),
        Fixtures.ask(1, "/r0", GB, 1, true), Fixtures.any(1, GB, 1)));
    assertEquals(Locality.OFF_SWITCH, eager.allocateOn(Fixtures.id("n01")).get(0).locality());
  }

  @Test
  @DisplayName("with stock defaults a job for 'default' lands in root.<user>, dots escaped")
  void stockDefaultPlacement() {
    FairScheduler s = fair(new ConfigFiles(), UserGroups.NONE, nodes(1));
    submit(s, 1, "default", "alice", mb(GB, 1), 1);
    submit(s, 2, "default", "j.doe", mb(GB, 1), 1);
    submit(s, 3, "team", "alice", mb(GB, 1), 1);
    assertEquals("root.alice", s.application(1).orElseThrow().queuePath());
    assertEquals("root.j_dot_doe", s.application(2).orElseThrow().queuePath());
    assertEquals("root.team", s.application(3).orElseThrow().queuePath());
    assertEquals(List.of("root.default", "root.alice", "root.j_dot_doe", "root.team"),
        s.queue("root").orElseThrow().children());
  }

  @Test
  @DisplayName("every placement rule: specified, nestedUserQueue, secondaryGroupExistingQueue,"
      + " default, as in the sample file")
  void samplePlacementPolicy() {
    UserGroups groups = user -> switch (user) {
      case "ann" -> List.of("dev", "adhoc");
      case "bob" -> List.of("nogroupqueue", "adhoc");
      default -> List.of("nobody");
    };
    FairScheduler s = fair(new ConfigFiles().raw(FairConfig.FILE, sample()), groups, nodes(1));
    // specified, create=false: an existing queue is used, a missing one passes on.
    assertEquals("root.prod.etl", s.place("zed", "prod.etl").queuePath());
    // nestedUserQueue over primaryGroup (create=false): dev exists as a parent.
    assertEquals("root.dev.ann", s.place("ann", "missing").queuePath());
    // bob's primary group has no queue; his secondary group adhoc does.
    assertEquals("root.adhoc", s.place("bob", "default").queuePath());
    // Nothing else applies: the default rule's queue.
    assertEquals("root.adhoc", s.place("zed", "default").queuePath());
  }

  @Test
  @DisplayName("user, primaryGroup and reject rules, with create=false passing on")
  void moreRules() {
    ConfigFiles files = new ConfigFiles().fair("<queue name=\"ops\"/>",
        "<queuePlacementPolicy>",
        "<rule name=\"user\" create=\"false\"/>",
        "<rule name=\"primaryGroup\" create=\"false\"/>",
        "<rule name=\"reject\"/>",
        "</queuePlacementPolicy>");
    FairScheduler s = fair(files, user -> user.equals("olga") ? List.of("ops")
        : List.of("none"), nodes(1));
    assertEquals("root.ops", s.place("ops", "default").queuePath(), "user rule");
    assertEquals("root.ops", s.place("olga", "default").queuePath(), "primaryGroup rule");
    Optional<Rejection> refused = s.checkSubmission(new AppSpec(7, "default", "pete", 0));
    assertEquals(Reason.UNKNOWN_QUEUE, refused.orElseThrow().reason());
    assertEquals("Application 7 submitted by user pete to queue default was rejected by the"
        + " queue placement policy", refused.orElseThrow().message());
    // A user rule that may create places anyone.
    FairScheduler creating = fair(new ConfigFiles().fair("<queuePlacementPolicy>",
        "<rule name=\"primaryGroup\"/>", "</queuePlacementPolicy>"),
        user -> List.of("grp.one"), nodes(1));
    assertEquals("root.grp_dot_one", creating.place("x", "default").queuePath());
  }

  @Test
  @DisplayName("queue ACLs refuse a submission with a clear message")
  void acls() {
    ConfigFiles files = new ConfigFiles().yarnSite("yarn.acl.enable", "true").fair(
        "<queue name=\"root\"><aclSubmitApps> </aclSubmitApps>"
            + "<aclAdministerApps> </aclAdministerApps>"
            + "<queue name=\"a\"><aclSubmitApps>alice</aclSubmitApps></queue></queue>");
    FairScheduler s = fair(files, UserGroups.NONE, nodes(1));
    assertEquals("User bob does not have permission to submit application 3 to queue root.a",
        s.checkSubmission(new AppSpec(3, "a", "bob", 0)).orElseThrow().message());
    assertEquals(Optional.empty(), s.checkSubmission(new AppSpec(4, "a", "alice", 0)));
    assertFalse(s.canSubmit("alice", "root.default"));
  }

  @Test
  @DisplayName("reload: a broken file is refused and the old one serves; a good one applies")
  void reload() {
    ConfigFiles first = new ConfigFiles().fair("<queue name=\"a\"/>", "<queue name=\"b\"/>");
    FairScheduler s = fair(first, UserGroups.NONE, nodes(2));
    submit(s, 1, "a", "u", mb(GB, 1), 100);
    submit(s, 2, "b", "u", mb(GB, 1), 100);
    s.allocateAll();
    assertEquals(10, usedGb(s, "a"));
    Optional<ConfigRejection> refused = s.reconfigure(new ConfigFiles().fair(
        "<queue name=\"a\"><queue name=\"x\"/></queue>", "<queue name=\"b\"/>").source());
    assertEquals("fair-scheduler.xml: queue root.a: queue root.a still has applications and"
        + " would no longer be a leaf queue", refused.orElseThrow().message());
    assertTrue(s.reconfigure(new ConfigFiles().raw(FairConfig.FILE, "<allocations>")
        .source()).isPresent());
    assertEquals(Optional.empty(), s.reconfigure(new ConfigFiles().fair(
        "<queue name=\"a\"><weight>3</weight></queue>", "<queue name=\"b\"/>").source()));
    assertEquals(10, usedGb(s, "a"), "books survive the reload");
    new ArrayList<>(s.state.app(1).allocationIds()).forEach(s::release);
    new ArrayList<>(s.state.app(2).allocationIds()).forEach(s::release);
    s.updateAsks(1, List.of(new Ask(1, -1, Ask.ANY, mb(GB, 1), 100, true)));
    s.updateAsks(2, List.of(new Ask(1, -1, Ask.ANY, mb(GB, 1), 100, true)));
    s.allocateAll();
    assertEquals(15, usedGb(s, "a"));
    assertEquals(5, usedGb(s, "b"));
  }

  @Test
  @DisplayName("maxContainerAllocation caps a queue's largest container; children inherit it")
  void maxContainerAllocation() {
    FairScheduler s = fair(new ConfigFiles().fair("<queue name=\"p\">"
        + "<maxContainerAllocation>2048 mb, 2 vcores</maxContainerAllocation>"
        + "<queue name=\"c\"/></queue>"), UserGroups.NONE, nodes(1));
    assertEquals(mb(2048, 2), s.maximumAllocation("root.p.c"));
    assertEquals(mb(8192, 4), s.maximumAllocation("root.default"));
  }

  @Test
  @DisplayName("the registry creates Fair by name and by the stock class name")
  void registry() {
    SchedulerRegistry registry = SchedulerRegistry.withBuiltins();
    for (String name : List.of("fair", SchedulerRegistry.STOCK_FAIR,
        FairScheduler.class.getName())) {
      assertInstanceOf(FairScheduler.class, registry.create(name, SchedulerSettings.defaults()));
    }
    Scheduler configured = registry.create("fair", SchedulerSettings.defaults(),
        SchedulerConfigSource.classpath(getClass().getClassLoader()), UserGroups.NONE);
    assertTrue(configured.queue("root.prod.serving").isPresent());
  }

  private String sample() {
    try (var in = getClass().getClassLoader().getResourceAsStream(FairConfig.FILE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
