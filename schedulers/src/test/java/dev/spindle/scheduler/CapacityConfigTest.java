package dev.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.CapacityValue.Mode;
import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading and validating capacity-scheduler.xml. */
class CapacityConfigTest {

  private static ConfigFiles twoQueues() {
    return new ConfigFiles().capacity("root.queues", "a,b", "root.a.capacity", "60",
        "root.b.capacity", "40");
  }

  @Test
  @DisplayName("without capacity-scheduler.xml the stock layout applies: root.default at 100%")
  void defaults() throws ConfigProblem {
    CapacityConfig config = CapacityConfigParser.load(SchedulerConfigSource.empty());
    assertEquals(List.of("root", "root.default"), List.copyOf(config.queues().keySet()));
    CapacityQueueConfig leaf = config.queue("root.default");
    assertEquals(100f, leaf.capacity().amount());
    assertEquals(100f, leaf.maximumCapacity().amount());
    assertEquals(0.1f, leaf.maxAmPercent());
    assertEquals(1f, leaf.userLimitFactor());
    assertEquals(100f, leaf.minUserLimitPercent());
    assertEquals(Calculator.MEMORY, config.calculator());
    assertEquals(40, config.nodeLocalityDelay());
    assertEquals(10000, config.maximumApplications());
    assertFalse(config.aclsEnabled());
    assertTrue(config.queue("root").submitAcl().everyone());
    assertFalse(leaf.submitAcl().everyone());
  }

  @Test
  @DisplayName("the sample capacity-scheduler.xml loads with its three levels, ACLs and mappings")
  void sampleLoads() throws ConfigProblem {
    CapacityConfig config = CapacityConfigParser.load(
        SchedulerConfigSource.classpath(getClass().getClassLoader()));
    assertEquals(List.of("root", "root.prod", "root.prod.etl", "root.prod.serving",
        "root.dev", "root.dev.alice", "root.dev.shared", "root.default"),
        List.copyOf(config.queues().keySet()));
    assertEquals(Calculator.DOMINANT, config.calculator());
    assertEquals(3, config.mappings().size());
    assertTrue(config.queue("root.prod.serving").fairOrdering());
    assertEquals(Mode.WEIGHT, config.queue("root.dev.alice").capacity().mode());
    assertTrue(config.preemption().enabled());
    assertEquals(0.2f, config.preemption().totalPreemptionPerRound());
  }

  @Test
  @DisplayName("absolute capacities parse with units, and inherited values flow down")
  void absoluteAndInheritance() throws ConfigProblem {
    CapacityConfig config = CapacityConfigParser.load(new ConfigFiles().capacity(
        "maximum-am-resource-percent", "0.3",
        "root.queues", "a", "root.a.capacity", "[memory=10Gi,vcores=12]",
        "root.a.maximum-capacity", "[memory=20480,vcores=24]", "root.a.disable_preemption",
        "true", "root.a.queues", "x", "root.a.x.capacity", "[memory=4096,vcores=4]")
        .source());
    assertEquals(ResourceVector.of(10240, 12), config.queue("root.a").capacity().absolute());
    assertEquals(0.3f, config.queue("root.a.x").maxAmPercent());
    assertTrue(config.queue("root.a.x").preemptionDisabled());
  }

  static Stream<Arguments> brokenConfigs() {
    return Stream.of(
        Arguments.of("children whose capacities do not sum to 100",
            new ConfigFiles().capacity("root.queues", "a,b", "root.a.capacity", "50",
                "root.b.capacity", "40"),
            "capacity-scheduler.xml: queue root: capacities of the children sum to 90.0, not"
                + " 100 (root.a=50.0%, root.b=40.0%)"),
        Arguments.of("a queue configured under an unknown parent",
            twoQueues().capacity("root.c.d.capacity", "100"),
            "capacity-scheduler.xml: queue root.c.d: queue root.c.d is configured under unknown"
                + " parent root.c"),
        Arguments.of("a queue configured but not listed by its parent",
            twoQueues().capacity("root.c.capacity", "10"),
            "capacity-scheduler.xml: queue root.c: queue root.c is configured but not listed in"
                + " yarn.scheduler.capacity.root.queues"),
        Arguments.of("malformed XML",
            new ConfigFiles().raw(CapacityConfig.FILE, "<configuration><property>"),
            null),
        Arguments.of("no root.queues",
            new ConfigFiles().capacity("maximum-applications", "5"),
            "capacity-scheduler.xml: queue root: root has no child queues; set"
                + " yarn.scheduler.capacity.root.queues (the stock file lists 'default')"),
        Arguments.of("a maximum-capacity below the capacity",
            twoQueues().capacity("root.a.maximum-capacity", "50"),
            "capacity-scheduler.xml: queue root.a: maximum-capacity 50.0 is below capacity"
                + " 60.0"),
        Arguments.of("a capacity that is not a number",
            twoQueues().capacity("root.a.capacity", "lots"),
            "capacity-scheduler.xml: queue root.a: capacity 'lots' is neither a percentage,"
                + " a weight (3w) nor an absolute resource ([memory=...,vcores=...])"),
        Arguments.of("siblings mixing percentages and absolute resources",
            twoQueues().capacity("root.b.capacity", "[memory=1024,vcores=1]"),
            "capacity-scheduler.xml: queue root: children mix percent and absolute capacities"
                + " (root.b=[memory=1024,vcores=1])"),
        Arguments.of("an unknown queue state",
            twoQueues().capacity("root.a.state", "PAUSED"),
            "capacity-scheduler.xml: queue root.a: state 'PAUSED' is neither RUNNING nor"
                + " STOPPED"),
        Arguments.of("an unknown ordering policy",
            twoQueues().capacity("root.a.ordering-policy", "lottery"),
            "capacity-scheduler.xml: queue root.a: ordering-policy 'lottery' is neither fifo"
                + " nor fair"),
        Arguments.of("a user-limit-factor of zero",
            twoQueues().capacity("root.b.user-limit-factor", "0"),
            "capacity-scheduler.xml: queue root.b: user-limit-factor must be positive or -1"
                + " (no limit), got 0.0"),
        Arguments.of("an AM percent above one",
            twoQueues().capacity("root.b.maximum-am-resource-percent", "10"),
            "capacity-scheduler.xml: queue root.b: maximum-am-resource-percent must be a"
                + " fraction in [0, 1], got 10.0"),
        Arguments.of("a queue listed twice",
            twoQueues().capacity("root.queues", "a,b,a"),
            "capacity-scheduler.xml: queue root: child queue 'a' is listed twice"),
        Arguments.of("a malformed queue mapping",
            twoQueues().capacity("queue-mappings", "u:alice"),
            "capacity-scheduler.xml: queue-mappings entry 'u:alice' is not u:<user>:<queue> or"
                + " g:<group>:<queue>"),
        Arguments.of("a mapping to an unknown queue",
            twoQueues().capacity("queue-mappings", "u:alice:nowhere"),
            "capacity-scheduler.xml: queue-mappings entry 'u:alice:nowhere' names unknown"
                + " queue nowhere"),
        Arguments.of("absolute children larger than their absolute parent",
            new ConfigFiles().capacity("root.queues", "p", "root.p.capacity",
                "[memory=4096,vcores=4]", "root.p.queues", "x,y", "root.p.x.capacity",
                "[memory=4096,vcores=2]", "root.p.y.capacity", "[memory=1024,vcores=1]"),
            "capacity-scheduler.xml: queue root.p: absolute capacities of the children add up"
                + " to <memory:5120, vCores:3>, more than the parent's <memory:4096, vCores:4>"));
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("brokenConfigs")
  void brokenConfigRefused(String name, ConfigFiles files, String expected) {
    ConfigProblem problem = assertThrows(ConfigProblem.class,
        () -> CapacityConfigParser.load(files.source()));
    if (expected == null) {
      assertTrue(problem.rejection.message().startsWith("capacity-scheduler.xml: malformed XML"),
          problem.rejection.message());
    } else {
      assertEquals(expected, problem.rejection.message());
    }
  }

  @Test
  @DisplayName("a directory source reads the files an admin edits, and misses absent ones")
  void directorySource(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve(CapacityConfig.FILE), ConfigFiles.xml(
        java.util.Map.of(CapacityConfigParser.PREFIX + "root.queues", "only",
            CapacityConfigParser.PREFIX + "root.only.capacity", "100")));
    SchedulerConfigSource source = SchedulerConfigSource.directory(dir);
    assertTrue(source.read(FairConfig.FILE).isEmpty());
    assertEquals(List.of("root", "root.only"),
        List.copyOf(CapacityConfigParser.load(source).queues().keySet()));
  }

  @Test
  @DisplayName("a broken yarn-site.xml is named as the file at fault")
  void brokenYarnSite() {
    ConfigProblem problem = assertThrows(ConfigProblem.class, () -> CapacityConfigParser.load(
        twoQueues().raw(CapacityConfigParser.YARN_SITE, "<configuration>").source()));
    assertEquals("yarn-site.xml", problem.rejection.file());
  }

  @Test
  @DisplayName("ACL text: users, then groups after one space; '*' is everyone, blank nobody")
  void acls() {
    Acl acl = Acl.parse("alice,bob devs,ops");
    assertTrue(acl.allows("alice", List.of()));
    assertTrue(acl.allows("carol", List.of("x", "ops")));
    assertFalse(acl.allows("carol", List.of("x")));
    assertTrue(Acl.parse(" devs").allows("dave", List.of("devs")));
    assertFalse(Acl.parse(" devs").allows("devs", List.of()));
    assertTrue(Acl.parse("*").allows("anyone", List.of()));
    assertFalse(Acl.parse(" ").allows("anyone", List.of("devs")));
  }
}
