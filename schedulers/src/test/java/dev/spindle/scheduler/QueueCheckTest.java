package dev.spindle.scheduler;

import static dev.spindle.scheduler.CapacitySchedulerTest.GB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Candidate queue configurations tried without being applied, and their differences. */
class QueueCheckTest {

  private static final ResourceVector CLUSTER = ResourceVector.of(100 * GB, 100);

  private static ConfigFiles twoQueues(String aCapacity, String bCapacity) {
    return new ConfigFiles().capacity("root.queues", "a,b", "root.a.capacity", aCapacity,
        "root.b.capacity", bCapacity);
  }

  private static QueueCheck.Outcome capacity(ConfigFiles files) {
    return QueueCheck.candidate("capacity", SchedulerSettings.defaults(), files.source(),
        UserGroups.NONE, CLUSTER);
  }

  private static List<String> lines(List<QueueDiff.Change> changes) {
    return changes.stream().map(QueueDiff.Change::line).toList();
  }

  @Test
  @DisplayName("a resized queue shows its effective guarantee before and after, in absolute terms")
  void resizedQueue() {
    var running = capacity(twoQueues("40", "60"));
    var candidate = capacity(twoQueues("20", "80"));
    assertTrue(candidate.valid());
    List<String> diff = lines(QueueDiff.between(running.queues(), candidate.queues()));
    assertTrue(diff.contains("~ root.a  capacity: 40.0% -> 20.0%"), diff.toString());
    assertTrue(diff.contains("~ root.a  guaranteed: 40960 MB, 40 vcores -> 20480 MB, 20 vcores"),
        diff.toString());
    assertTrue(diff.contains("~ root.b  guaranteed: 61440 MB, 60 vcores -> 81920 MB, 80 vcores"),
        diff.toString());
    assertTrue(diff.stream().noneMatch(l -> l.startsWith("+") || l.startsWith("-")));
  }

  @Test
  @DisplayName("added and removed queues are listed; an unchanged configuration has no diff")
  void addedAndRemoved() {
    var running = capacity(twoQueues("40", "60"));
    var candidate = capacity(new ConfigFiles().capacity("root.queues", "a,c",
        "root.a.capacity", "40", "root.c.capacity", "60"));
    List<String> diff = lines(QueueDiff.between(running.queues(), candidate.queues()));
    assertTrue(diff.contains("- root.b"), diff.toString());
    assertTrue(diff.contains("+ root.c"), diff.toString());
    assertEquals(List.of(), QueueDiff.between(running.queues(),
        capacity(twoQueues("40", "60")).queues()));
  }

  @Test
  @DisplayName("a broken candidate is refused with the file, queue and problem named")
  void brokenCandidate() {
    var broken = capacity(twoQueues("40", "70"));
    assertFalse(broken.valid());
    assertEquals(CapacityConfig.FILE, broken.rejection().file());
    assertTrue(broken.rejection().message().contains("root"), broken.rejection().message());
    assertEquals(List.of(), broken.queues());
  }

  /** ACLs on, and the root's open default closed, so leaf ACLs decide. */
  private static ConfigFiles locked(ConfigFiles files) {
    return files.yarnSite("yarn.acl.enable", "true").capacity(
        "root.acl_submit_applications", " ", "root.acl_administer_queue", " ");
  }

  @Test
  @DisplayName("ACLs, limits and placement changes show up")
  void aclsLimitsAndPlacement() {
    var running = capacity(locked(twoQueues("50", "50")));
    var candidate = capacity(locked(twoQueues("50", "50")).capacity(
        "root.a.acl_submit_applications", "alice analysts",
        "root.a.user-limit-factor", "2",
        "queue-mappings", "u:bob:b"));
    List<String> diff = lines(QueueDiff.between(running.queues(), candidate.queues()));
    assertTrue(diff.contains("~ root.a  submit-applications: nobody -> alice analysts"),
        diff.toString());
    assertTrue(diff.stream().noneMatch(l -> l.startsWith("~ root.b")),
        "root.b's rights did not change: " + diff);
    assertTrue(diff.contains("~ root.a  user-limit-factor: 1.0 -> 2.0"), diff.toString());
    List<String> placement = lines(QueueDiff.placement(running.placement(),
        candidate.placement()));
    assertEquals(List.of("~ (placement)  rules:  -> u:bob:b; override: false"), placement);
  }

  @Test
  @DisplayName("Fair: weights and maximum resources compare as they take effect")
  void fairWeights() {
    ConfigFiles before = new ConfigFiles().fair("<queue name=\"a\"><weight>1</weight></queue>",
        "<queue name=\"b\"><weight>1</weight></queue>");
    ConfigFiles after = new ConfigFiles().fair("<queue name=\"a\"><weight>3</weight>"
        + "<maxResources>20480 mb, 10 vcores</maxResources></queue>",
        "<queue name=\"b\"><weight>1</weight></queue>");
    var running = QueueCheck.candidate("fair", SchedulerSettings.defaults(), before.source(),
        UserGroups.NONE, CLUSTER);
    var candidate = QueueCheck.candidate("fair", SchedulerSettings.defaults(), after.source(),
        UserGroups.NONE, CLUSTER);
    List<String> diff = lines(QueueDiff.between(running.queues(), candidate.queues()));
    assertTrue(diff.contains("~ root.a  weight: 1.0 -> 3.0"), diff.toString());
    assertTrue(diff.contains("~ root.a  maxResources: unlimited -> 20480 MB, 10 vcores"),
        diff.toString());
  }

  @Test
  @DisplayName("the dry run refuses what refresh would refuse, and applies nothing")
  void dryRunAppliesNothing() {
    CapacityScheduler s = CapacitySchedulerTest.capacity(twoQueues("40", "60"), 2);
    CapacitySchedulerTest.submit(s, CapacitySchedulerTest.app(1, "b", "bob"), 1);
    ConfigFiles withoutB = new ConfigFiles().capacity("root.queues", "a",
        "root.a.capacity", "100");
    Optional<ConfigRejection> refused = s.check(withoutB.source());
    assertTrue(refused.isPresent());
    assertTrue(refused.get().message().contains("root.b is removed"), refused.get().message());
    assertEquals(Optional.empty(), s.check(twoQueues("20", "80").source()));
    assertEquals("40.0%", QueueCheck.describe(s).queues().get(1).settings().get("capacity"),
        "nothing was applied");
  }
}
