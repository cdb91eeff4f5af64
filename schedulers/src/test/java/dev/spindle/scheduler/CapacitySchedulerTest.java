package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Rejection.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Capacity policy on simulated clusters of 10 GB nodes and 1 GB containers. */
class CapacitySchedulerTest {

  static final long GB = 1024;

  static CapacityScheduler capacity(ConfigFiles files, int nodes) {
    return capacity(files, nodes, UserGroups.NONE);
  }

  static CapacityScheduler capacity(ConfigFiles files, int nodes, UserGroups groups) {
    CapacityScheduler s = CapacityScheduler.create(SchedulerSettings.defaults(), files.source(),
        groups);
    for (int i = 0; i < nodes; i++) {
      s.addNode(Fixtures.node(String.format("n%02d", i), "/r" + (i % 2), 10 * GB, 10));
    }
    return s;
  }

  static AppSpec app(long key, String queue, String user) {
    return new AppSpec(key, queue, user, 0);
  }

  static void submit(Scheduler s, AppSpec app, int containers) {
    Optional<Rejection> rejection = s.addApplication(app);
    assertEquals(Optional.empty(), rejection);
    s.updateAsks(app.appKey(), List.of(any(1, GB, containers)));
  }

  static long usedGb(Scheduler s, String queue) {
    return s.queue(queue).orElseThrow().used().memoryMb() / GB;
  }

  /** Releases {@code n} of the application's live containers, newest first. */
  static void release(CapacityScheduler s, long appKey, int n) {
    List<Long> ids = new ArrayList<>(s.state.app(appKey).allocationIds());
    for (int i = 0; i < n; i++) {
      assertTrue(s.release(ids.get(ids.size() - 1 - i)));
    }
  }

  private static ConfigFiles ab(String aMax, String bMax) {
    return new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "60", "root.a.maximum-capacity", aMax,
        "root.a.user-limit-factor", "-1",
        "root.b.capacity", "40", "root.b.maximum-capacity", bMax,
        "root.b.user-limit-factor", "-1");
  }

  @Test
  @DisplayName("a moved application takes its containers and asks to the target queue")
  void moveKeepsContainersAndAsks() {
    CapacityScheduler s = capacity(ab("100", "100"), 10);
    submit(s, app(1, "a", "alice"), 30);
    assertEquals(30, s.allocateAll().size());
    s.updateAsks(1, List.of(any(1, GB, 10)));
    assertEquals(Optional.empty(), s.moveApplication(1, "b"));
    assertEquals(0, usedGb(s, "root.a"));
    assertEquals(30, usedGb(s, "root.b"));
    assertEquals("root.b", s.application(1).orElseThrow().queuePath());
    assertEquals(List.of(1L), s.queue("root.b").orElseThrow().appKeys());
    // The 10 still asked for (asks are absolute) are placed in b now.
    assertEquals(10, s.allocateAll().size());
    assertEquals(40, usedGb(s, "root.b"));
    // Containers end in b's books.
    release(s, 1, 40);
    assertEquals(0, usedGb(s, "root.b"));
  }

  @Test
  @DisplayName("a move the target cannot hold, or into no queue, is refused and changes nothing")
  void moveRefusals() {
    CapacityScheduler s = capacity(ab("100", "40"), 10);
    submit(s, app(1, "a", "alice"), 50);
    assertEquals(50, s.allocateAll().size());
    Rejection tooBig = s.moveApplication(1, "b").orElseThrow();
    assertEquals(Rejection.Reason.QUEUE_FULL, tooBig.reason());
    assertTrue(tooBig.message().contains("root.b"), tooBig.message());
    assertEquals(Rejection.Reason.UNKNOWN_QUEUE,
        s.moveApplication(1, "nosuch").orElseThrow().reason());
    assertEquals(50, usedGb(s, "root.a"));
    assertEquals("root.a", s.application(1).orElseThrow().queuePath());
  }

  @Test
  @DisplayName("a raised priority is served first within the leaf")
  void priorityUpdateReorders() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.user-limit-factor", "-1",
        "root.a.maximum-am-resource-percent", "1"), 1);
    submit(s, app(1, "a", "alice"), 5);
    submit(s, app(2, "a", "bob"), 5);
    s.updatePriority(2, 10);
    List<Long> order = s.allocateAll().stream().map(Allocation::appKey).toList();
    assertEquals(List.of(2L, 2L, 2L, 2L, 2L, 1L, 1L, 1L, 1L, 1L), order);
  }

  @Test
  @DisplayName("an idle queue's guarantee is lent out and comes back as containers end")
  void elasticity() {
    CapacityScheduler s = capacity(ab("100", "100"), 10);
    submit(s, app(1, "a", "alice"), 100);
    assertEquals(100, s.allocateAll().size());
    assertEquals(100, usedGb(s, "root.a"));
    submit(s, app(2, "b", "bob"), 40);
    assertEquals(List.of(), s.allocateAll());
    // Containers of a end; b is below its guarantee, so b gets all the freed room first.
    release(s, 1, 40);
    assertEquals(40, s.allocateAll().stream().filter(a -> a.appKey() == 2).count());
    assertEquals(60, usedGb(s, "root.a"));
    assertEquals(40, usedGb(s, "root.b"));
    assertEquals(0.6f, s.queue("a").orElseThrow().capacity());
  }

  @Test
  @DisplayName("when both queues want more, free room goes to the queue furthest below its share")
  void guarantees() {
    CapacityScheduler s = capacity(ab("100", "100"), 10);
    submit(s, app(1, "a", "alice"), 200);
    submit(s, app(2, "b", "bob"), 200);
    s.allocateAll();
    assertEquals(60, usedGb(s, "root.a"));
    assertEquals(40, usedGb(s, "root.b"));
  }

  @Test
  @DisplayName("maximum-capacity caps a queue even when the rest of the cluster is idle")
  void maximumCapacity() {
    CapacityScheduler s = capacity(ab("70", "100"), 10);
    submit(s, app(1, "a", "alice"), 100);
    assertEquals(70, s.allocateAll().size());
    assertEquals(WaitReason.QUEUE_LIMIT.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(ResourceVector.ZERO, s.headroom(1));
  }

  @Test
  @DisplayName("a parent's maximum-capacity caps its children together")
  void parentMaximum() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "p,q",
        "root.p.capacity", "50", "root.p.maximum-capacity", "50", "root.p.queues", "x,y",
        "root.p.x.capacity", "50", "root.p.x.user-limit-factor", "-1",
        "root.p.y.capacity", "50", "root.p.y.user-limit-factor", "-1",
        "root.q.capacity", "50"), 10);
    submit(s, app(1, "x", "alice"), 100);
    assertEquals(50, s.allocateAll().size());
    assertEquals(50, usedGb(s, "root.p"));
    assertEquals(50, usedGb(s, "root.p.x"));
    assertEquals(0.25f, s.queue("root.p.y").orElseThrow().absoluteCapacity());
  }

  @Test
  @DisplayName("user-limit-factor 1 keeps a lone user to the queue's capacity (plus the last"
      + " container, as stock)")
  void userLimitFactor() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "50", "root.b.capacity", "50"), 10);
    submit(s, app(1, "a", "alice"), 100);
    // Limit 50 GB; refused only once usage is above it, so the 51st container is allowed.
    assertEquals(51, s.allocateAll().size());
    assertEquals(WaitReason.USER_LIMIT.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(mb(50 * GB, 50), s.userLimit("root.a", "alice").min(mb(50 * GB, 50)));
  }

  @Test
  @DisplayName("minimum-user-limit-percent 50 splits a queue between two active users")
  void minimumUserLimitPercent() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.minimum-user-limit-percent", "50"), 10);
    submit(s, app(1, "a", "alice"), 100);
    submit(s, app(2, "a", "bob"), 100);
    s.allocateAll();
    // Two active users: each may hold max(used / 2, 100 GB x 50%) = 50 GB; alice is served
    // first (fifo) and crosses by one container, bob gets the rest.
    assertEquals(51, s.state.app(1).numContainers());
    assertEquals(49, s.state.app(2).numContainers());
  }

  @Test
  @DisplayName("a leaf's fifo ordering serves the first application; fair shares it out")
  void leafOrderingPolicies() {
    for (String policy : List.of("fifo", "fair")) {
      CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
          "root.a.capacity", "100", "root.a.ordering-policy", policy,
          "root.a.user-limit-factor", "-1", "root.a.maximum-am-resource-percent", "1"), 1);
      submit(s, app(1, "a", "alice"), 10);
      submit(s, app(2, "a", "bob"), 10);
      List<Long> order = s.allocateAll().stream().map(Allocation::appKey).toList();
      List<Long> expected = policy.equals("fifo")
          ? List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L)
          : List.of(1L, 2L, 1L, 2L, 1L, 2L, 1L, 2L, 1L, 2L);
      assertEquals(expected, order, policy);
    }
  }

  @Test
  @DisplayName("applications beyond the AM limit wait, and say why")
  void amLimit() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.maximum-am-resource-percent", "0.02"), 10);
    // AM limit: 100 GB x 0.02 = 2 GB, so two 1 GB AMs run and the third waits.
    for (long key = 1; key <= 3; key++) {
      submit(s, app(key, "a", "u" + key), 1);
    }
    assertEquals(List.of(1L, 2L), s.allocateAll().stream().map(Allocation::appKey).toList());
    assertEquals(WaitReason.AM_LIMIT.reason, s.application(3).orElseThrow().pendingReason());
    // The first AM ends: the waiting application is activated.
    release(s, 1, 1);
    assertEquals(List.of(3L), s.allocateAll().stream().map(Allocation::appKey).toList());
  }

  @Test
  @DisplayName("an unmanaged AM's application is never held by the AM limit, nor counted in it")
  void unmanagedAmIgnoresAmLimit() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.maximum-am-resource-percent", "0.02"), 10);
    // AM limit 2 GB: two managed AMs fill it; the unmanaged app's containers are not AMs.
    submit(s, app(1, "a", "u1"), 1);
    submit(s, app(2, "a", "u2"), 1);
    submit(s, new AppSpec(3, "a", "u3", 0, true), 3);
    submit(s, app(4, "a", "u4"), 1);
    List<Long> order = s.allocateAll().stream().map(Allocation::appKey).toList();
    assertEquals(List.of(1L, 2L, 3L, 3L, 3L), order);
    assertEquals(WaitReason.AM_LIMIT.reason, s.application(4).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("max-parallel-apps of a parent and of a user hold extra applications back")
  void maxParallelApps() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "p",
        "root.p.capacity", "100", "root.p.max-parallel-apps", "2", "root.p.queues", "x,y",
        "root.p.x.capacity", "50", "root.p.y.capacity", "50",
        "root.p.x.maximum-am-resource-percent", "1", "root.p.y.maximum-am-resource-percent",
        "1", "user.max-parallel-apps", "5", "user.batch.max-parallel-apps", "1"), 2);
    submit(s, app(1, "x", "u1"), 1);
    submit(s, app(2, "y", "u2"), 1);
    submit(s, app(3, "x", "u3"), 1);
    assertEquals(List.of(1L, 2L), s.allocateAll().stream().map(Allocation::appKey).toList());
    assertEquals(WaitReason.RUNNING_APPS_LIMIT.reason, s.application(3).orElseThrow()
        .pendingReason());
    s.removeApplication(2);
    assertEquals(List.of(3L), s.allocateAll().stream().map(Allocation::appKey).toList());
    // The per-user limit: batch's second application waits for its first.
    s.removeApplication(1);
    s.removeApplication(3);
    submit(s, app(4, "x", "batch"), 1);
    submit(s, app(5, "y", "batch"), 1);
    assertEquals(List.of(4L), s.allocateAll().stream().map(Allocation::appKey).toList());
    s.removeApplication(4);
    assertEquals(List.of(5L), s.allocateAll().stream().map(Allocation::appKey).toList());
  }

  @Test
  @DisplayName("an AM the RM names explicitly counts against the AM limit")
  void markedAm() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.a.maximum-am-resource-percent", "0.01"), 10);
    submit(s, app(1, "a", "alice"), 2);
    List<Allocation> placed = s.allocateAll();
    s.markAmContainer(placed.get(1).allocationId());
    assertEquals(placed.get(1).allocationId(), s.state.app(1).amAllocationId());
    assertEquals(mb(GB, 1), s.tree().queue("root.a").amUsed);
    release(s, 1, 2);
    assertEquals(ResourceVector.ZERO, s.tree().queue("root.a").amUsed);
  }

  @Test
  @DisplayName("queue ACLs refuse a submission with a message naming user and queue")
  void aclRefusal() {
    ConfigFiles files = new ConfigFiles().yarnSite("yarn.acl.enable", "true")
        .capacity("root.queues", "a,b", "root.a.capacity", "50", "root.b.capacity", "50",
            "root.acl_submit_applications", " ", "root.acl_administer_queue", " ",
            "root.a.acl_submit_applications", "alice devs",
            "root.b.acl_administer_queue", "bob");
    CapacityScheduler s = capacity(files, 1, user -> user.equals("dan") ? List.of("devs")
        : List.of());
    assertEquals(Optional.of(new Rejection(Reason.ACCESS_DENIED, "User carol does not have"
        + " permission to submit application 1 to queue root.a")),
        s.checkSubmission(app(1, "a", "carol")));
    assertEquals(Optional.empty(), s.checkSubmission(app(2, "a", "alice")));
    assertEquals(Optional.empty(), s.checkSubmission(app(3, "a", "dan")));
    assertTrue(s.canSubmit("bob", "root.b"), "administer implies submit");
    assertFalse(s.canAdminister("alice", "a"));
    assertFalse(s.canSubmit("alice", "b"));
  }

  @Test
  @DisplayName("with yarn.acl.enable off (the default) every user may submit anywhere")
  void aclsOff() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "root.acl_submit_applications", " "), 1);
    assertTrue(s.canSubmit("anyone", "a"));
  }

  @Test
  @DisplayName("submissions to unknown, parent, ambiguous, stopped and full queues are refused")
  void submissionChecks() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "p,q,s",
        "root.p.capacity", "40", "root.p.queues", "x", "root.p.x.capacity", "100",
        "root.q.capacity", "40", "root.q.queues", "x", "root.q.x.capacity", "100",
        "root.q.x.maximum-applications", "1",
        "root.s.capacity", "20", "root.s.state", "STOPPED"), 1);
    assertEquals("Application 1 submitted by user u to unknown queue: nope",
        s.checkSubmission(app(1, "nope", "u")).orElseThrow().message());
    assertEquals(Reason.QUEUE_NOT_LEAF, s.checkSubmission(app(1, "p", "u")).orElseThrow()
        .reason());
    assertEquals("Application 1 submitted by user u to ambiguous queue: x; use the full path,"
        + " one of [root.p.x, root.q.x]", s.checkSubmission(app(1, "x", "u")).orElseThrow()
        .message());
    assertEquals("Queue root.s is STOPPED. Cannot accept submission of application: 1",
        s.checkSubmission(app(1, "s", "u")).orElseThrow().message());
    submit(s, app(1, "q.x", "u"), 1);
    assertEquals("Queue root.q.x already has 1 applications, cannot accept submission of"
        + " application: 2", s.checkSubmission(app(2, "root.q.x", "v")).orElseThrow().message());
    assertEquals("root.q.x", s.application(1).orElseThrow().queuePath());
  }

  @Test
  @DisplayName("queue mappings: user, group, %user, %primary_group and parent.%user, first wins")
  void queueMappings() {
    ConfigFiles files = new ConfigFiles().capacity("root.queues", "a,eng,users,default",
        "root.a.capacity", "25", "root.eng.capacity", "25", "root.users.capacity", "25",
        "root.default.capacity", "25", "root.users.queues", "carol,dave",
        "root.users.carol.capacity", "50", "root.users.dave.capacity", "50",
        "queue-mappings", "u:alice:a,g:devs:%primary_group,u:%user:users.%user");
    CapacityScheduler s = capacity(files, 1,
        user -> user.equals("bob") ? List.of("eng", "devs") : List.of("other"));
    assertEquals("root.a", s.place("alice", "default").queuePath());
    assertEquals("root.eng", s.place("bob", "default").queuePath());
    assertEquals("root.users.carol", s.place("carol", "default").queuePath());
    // Mappings apply only to submissions naming "default" unless override is on.
    assertEquals("root.eng", s.place("alice", "eng").queuePath());
    // A %user mapping to a queue that does not exist refuses the submission.
    assertEquals(Reason.UNKNOWN_QUEUE, s.place("erin", "default").rejection().reason());
    submit(s, app(1, "default", "carol"), 1);
    assertEquals("root.users.carol", s.application(1).orElseThrow().queuePath());
  }

  @Test
  @DisplayName("delay scheduling waits node-locality-delay offers before going rack-local")
  void delayScheduling() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100", "node-locality-delay", "2",
        "rack-locality-additional-delay", "1"), 4);
    s.addApplication(app(1, "a", "alice"));
    // n00 and n02 are on /r0; ask for host n00 only.
    s.updateAsks(1, List.of(Fixtures.ask(1, "n00", GB, 1, true),
        Fixtures.ask(1, "/r0", GB, 1, true), any(1, GB, 1)));
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n02")));
    assertEquals(WaitReason.LOCALITY_DELAY.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n02")));
    // More than 2 missed opportunities: rack-local is allowed, off-switch not yet.
    assertEquals(List.of(), s.allocateOn(Fixtures.id("n01")));
    List<Allocation> placed = s.allocateOn(Fixtures.id("n02"));
    assertEquals(Locality.RACK_LOCAL, placed.get(0).locality());
  }

  @Test
  @DisplayName("the dominant calculator counts vcores against queue limits")
  void dominantCalculator() {
    CapacityScheduler s = capacity(ab("60", "100").capacity("resource-calculator",
        "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator"), 10);
    s.addApplication(app(1, "a", "alice"));
    // 1 GB and 4 vcores: vcores dominate, a's 60-vcore maximum allows 15 containers.
    s.updateAsks(1, List.of(new Ask(1, -1, Ask.ANY, mb(GB, 4), 100, true)));
    assertEquals(15, s.allocateAll().size());
    assertEquals(mb(15 * GB, 60), s.queue("a").orElseThrow().used());
  }

  @Test
  @DisplayName("reload: a valid file is applied, a broken one is refused and the old one serves")
  void reload() {
    CapacityScheduler s = capacity(ab("100", "100"), 10);
    submit(s, app(1, "b", "bob"), 100);
    s.allocateAll();
    Optional<ConfigRejection> refused = s.reconfigure(new ConfigFiles().capacity("root.queues",
        "a", "root.a.capacity", "100").source());
    assertEquals("capacity-scheduler.xml: queue root.b: queue root.b is removed but still has"
        + " 1 application(s); stop it and let them finish first",
        refused.orElseThrow().message());
    assertTrue(s.reconfigure(new ConfigFiles().capacity("root.queues", "a,b",
        "root.a.capacity", "50", "root.b.capacity", "40").source()).isPresent());
    assertTrue(s.reconfigure(new ConfigFiles().raw(CapacityConfig.FILE, "<configuration")
        .source()).isPresent());
    // Old config still serving: b keeps its 100 GB and 40% guarantee.
    assertEquals(0.4f, s.queue("b").orElseThrow().capacity());
    assertEquals(Optional.empty(), s.reconfigure(new ConfigFiles().capacity("root.queues",
        "a,b", "root.a.capacity", "70", "root.b.capacity", "30",
        "root.b.maximum-capacity", "30", "root.b.user-limit-factor", "-1").source()));
    assertEquals(100, usedGb(s, "root.b"));
    assertEquals(0.3f, s.queue("b").orElseThrow().maximumCapacity());
    release(s, 1, 100);
    s.updateAsks(1, List.of(any(1, GB, 100)));
    s.allocateAll();
    assertEquals(30, usedGb(s, "root.b"));
    assertEquals(30, s.state.app(1).numContainers());
  }

  @Test
  @DisplayName("maximum-allocation-mb/-vcores cap a queue's (and its children's) largest"
      + " container below the cluster's")
  void queueMaximumAllocation() {
    CapacityScheduler s = capacity(new ConfigFiles().capacity("root.queues", "p,b",
        "root.p.capacity", "50", "root.p.maximum-allocation-mb", "2048",
        "root.p.queues", "x", "root.p.x.capacity", "100",
        "root.p.x.maximum-allocation-vcores", "2", "root.b.capacity", "50"), 2);
    assertEquals(mb(2048, 4), s.maximumAllocation("root.p"));
    assertEquals(mb(2048, 2), s.maximumAllocation("x"));
    assertEquals(mb(8192, 4), s.maximumAllocation("b"));
    assertEquals(mb(8192, 4), s.maximumAllocation("no-such-queue"));
  }

  @Test
  @DisplayName("the registry creates Capacity by name and by the stock class name")
  void registry() {
    SchedulerRegistry registry = SchedulerRegistry.withBuiltins();
    for (String name : List.of("capacity", SchedulerRegistry.STOCK_CAPACITY,
        CapacityScheduler.class.getName())) {
      Scheduler s = registry.create(name, SchedulerSettings.defaults());
      assertInstanceOf(CapacityScheduler.class, s);
      assertTrue(s.queue("default").isPresent());
    }
    Scheduler configured = registry.create("capacity", SchedulerSettings.defaults(),
        SchedulerConfigSource.classpath(getClass().getClassLoader()), UserGroups.NONE);
    assertEquals(List.of("root.prod", "root.dev", "root.default"),
        configured.queue("root").orElseThrow().children());
    InvalidSchedulerConfigException e = assertThrows(InvalidSchedulerConfigException.class,
        () -> registry.create("capacity", SchedulerSettings.defaults(),
            new ConfigFiles().capacity("root.queues", "a").source(), UserGroups.NONE));
    assertEquals("capacity-scheduler.xml: queue root: capacities of the children sum to 0.0,"
        + " not 100 (root.a=0.0%)", e.getMessage());
  }
}
