package dev.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.FairPlacementRule.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading and validating fair-scheduler.xml. */
class FairConfigTest {

  static final long GB = 1024;

  @Test
  @DisplayName("without an allocation file: root and root.default, and the implicit placement")
  void defaults() throws ConfigProblem {
    FairConfig config = FairConfigParser.load(SchedulerConfigSource.empty());
    assertEquals(List.of("root", "root.default"), List.copyOf(config.queues().keySet()));
    FairQueueConfig leaf = config.queue("root.default");
    assertEquals(FairPolicy.FAIR, leaf.policy());
    assertEquals(0.5, leaf.maxAmShare());
    assertEquals(Integer.MAX_VALUE, leaf.maxRunningApps());
    assertEquals(Long.MAX_VALUE, leaf.fairSharePreemptionTimeoutMs());
    assertEquals(List.of(Kind.SPECIFIED, Kind.USER, Kind.DEFAULT),
        config.placement().stream().map(FairPlacementRule::kind).toList());
    assertTrue(config.placement().get(0).create());
  }

  @Test
  @DisplayName("allow-undeclared-pools=false and user-as-default-queue=false shape the implicit"
      + " policy")
  void implicitPolicyFromYarnSite() throws ConfigProblem {
    FairConfig config = FairConfigParser.load(new ConfigFiles().yarnSite(
        "yarn.scheduler.fair.allow-undeclared-pools", "false",
        "yarn.scheduler.fair.user-as-default-queue", "false").source());
    assertEquals(List.of(Kind.SPECIFIED, Kind.DEFAULT),
        config.placement().stream().map(FairPlacementRule::kind).toList());
    assertEquals(false, config.placement().get(0).create());
  }

  @Test
  @DisplayName("the sample allocation file loads with defaults, inheritance and its rules")
  void sampleLoads() throws ConfigProblem {
    FairConfig config = FairConfigParser.load(
        SchedulerConfigSource.classpath(getClass().getClassLoader()));
    assertEquals(List.of("root", "root.prod", "root.prod.etl", "root.prod.serving",
        "root.dev", "root.adhoc", "root.default"), List.copyOf(config.queues().keySet()));
    FairQueueConfig prod = config.queue("root.prod");
    assertEquals(3.0, prod.weight());
    assertEquals(ResourceVector.of(40 * GB, 40), prod.minResources().absolute());
    assertEquals(FairPolicy.DRF, prod.policy());
    assertEquals(10, config.queue("root.prod.etl").maxRunningApps());
    assertEquals(50, config.queue("root.prod.serving").maxRunningApps());
    assertEquals(FairPolicy.FIFO, config.queue("root.prod.serving").policy());
    assertEquals(0.2, config.queue("root.prod.serving").maxAmShare());
    assertTrue(config.queue("root.dev").declaredParent());
    assertEquals(10_000, config.queue("root.dev").minSharePreemptionTimeoutMs());
    assertEquals(30_000, config.queue("root.prod.etl").minSharePreemptionTimeoutMs());
    assertEquals(ResourceVector.of(50 * GB, 50), config.queue("root.dev").maxResources()
        .resolve(ResourceVector.of(100 * GB, 100)));
    assertEquals(false, config.queue("root.adhoc").allowPreemptionFrom());
    assertEquals(5, config.maxAppsOf("batch"));
    assertEquals(20, config.maxAppsOf("anyone"));
    assertEquals(List.of(Kind.SPECIFIED, Kind.NESTED_USER_QUEUE,
        Kind.SECONDARY_GROUP_EXISTING_QUEUE, Kind.DEFAULT),
        config.placement().stream().map(FairPlacementRule::kind).toList());
    assertEquals("root.adhoc", config.placement().get(3).queue());
  }

  @Test
  @DisplayName("resource amounts parse in every stock format")
  void resourceFormats() {
    ResourceVector cluster = ResourceVector.of(100 * GB, 200);
    assertEquals(ResourceVector.of(1024, 2), FairResource.parse("1024 mb, 2 vcores")
        .resolve(cluster));
    assertEquals(ResourceVector.of(1024, 2), FairResource.parse("memory-mb=1024, vcores=2")
        .resolve(cluster));
    assertEquals(ResourceVector.of(50 * GB, 100), FairResource.parse("50%").resolve(cluster));
    assertEquals(ResourceVector.of(40 * GB, 120), FairResource.parse("60% cpu, 40% memory")
        .resolve(cluster));
    assertEquals(ResourceVector.of(40 * GB, 120),
        FairResource.parse("memory-mb=40%, vcores=60%").resolve(cluster));
  }

  @Test
  @DisplayName("unknown elements are kept as warnings, not errors (stock only logs them)")
  void unknownElementsWarn() throws ConfigProblem {
    FairConfig config = FairConfigParser.load(new ConfigFiles().fair(
        "<queue name=\"a\"><colour>blue</colour></queue>", "<mood>happy</mood>").source());
    assertEquals(List.of("fair-scheduler.xml: unknown element <mood> ignored",
        "fair-scheduler.xml: queue root.a: unknown element <colour> ignored"), config.warnings());
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("malformed XML", new ConfigFiles().raw(FairConfig.FILE, "<allocations>"),
            "fair-scheduler.xml: malformed XML: XML document structures must start and end"
                + " within the same entity."),
        Arguments.of("a root element other than allocations",
            new ConfigFiles().raw(FairConfig.FILE, "<queues/>"),
            "fair-scheduler.xml: the root element is <queues>, not <allocations>"),
        Arguments.of("a drf queue under a fair parent", new ConfigFiles().fair(
            "<queue name=\"p\"><schedulingPolicy>fair</schedulingPolicy>"
                + "<queue name=\"c\"><schedulingPolicy>drf</schedulingPolicy></queue></queue>"),
            "fair-scheduler.xml: queue root.p.c: schedulingPolicy drf is not allowed under"
                + " parent root.p with schedulingPolicy fair"),
        Arguments.of("fifo on a parent queue", new ConfigFiles().fair(
            "<queue name=\"p\"><schedulingPolicy>fifo</schedulingPolicy>"
                + "<queue name=\"c\"/></queue>"),
            "fair-scheduler.xml: queue root.p: schedulingPolicy fifo is only allowed on leaf"
                + " queues"),
        Arguments.of("an unknown scheduling policy", new ConfigFiles().fair(
            "<queue name=\"a\"><schedulingPolicy>lottery</schedulingPolicy></queue>"),
            "fair-scheduler.xml: queue root.a: schedulingPolicy 'lottery' is not fair, drf or"
                + " fifo"),
        Arguments.of("minResources above maxResources", new ConfigFiles().fair(
            "<queue name=\"a\"><minResources>4096 mb, 4 vcores</minResources>"
                + "<maxResources>2048 mb, 8 vcores</maxResources></queue>"),
            "fair-scheduler.xml: queue root.a: minResources <memory:4096, vCores:4> exceed"
                + " maxResources <memory:2048, vCores:8>"),
        Arguments.of("an unreadable resource amount", new ConfigFiles().fair(
            "<queue name=\"a\"><maxResources>lots</maxResources></queue>"),
            "fair-scheduler.xml: queue root.a: maxResources 'lots' is not a resource amount"
                + " (e.g. \"1024 mb, 2 vcores\" or \"50%\")"),
        Arguments.of("a maxAMShare above one", new ConfigFiles().fair(
            "<queue name=\"a\"><maxAMShare>2</maxAMShare></queue>"),
            "fair-scheduler.xml: queue root.a: maxAMShare must be in [0, 1] or -1, got 2.0"),
        Arguments.of("a negative weight", new ConfigFiles().fair(
            "<queue name=\"a\"><weight>-1</weight></queue>"),
            "fair-scheduler.xml: queue root.a: weight must not be negative, got -1.0"),
        Arguments.of("a maxRunningApps that is not a number", new ConfigFiles().fair(
            "<queue name=\"a\"><maxRunningApps>many</maxRunningApps></queue>"),
            "fair-scheduler.xml: queue root.a: maxRunningApps 'many' is not a non-negative"
                + " whole number"),
        Arguments.of("a queue declared twice", new ConfigFiles().fair(
            "<queue name=\"a\"/>", "<queue name=\"a\"/>"),
            "fair-scheduler.xml: queue root.a: queue root.a is declared twice"),
        Arguments.of("a queue name with a dot", new ConfigFiles().fair("<queue name=\"a.b\"/>"),
            "fair-scheduler.xml: queue root: a child queue of root has name 'a.b'; names must"
                + " be non-empty and contain no '.'"),
        Arguments.of("maxContainerAllocation on root", new ConfigFiles().fair(
            "<queue name=\"root\"><maxContainerAllocation>1024 mb, 1 vcores"
                + "</maxContainerAllocation></queue>"),
            "fair-scheduler.xml: queue root: maxContainerAllocation is not allowed on root"),
        Arguments.of("a child's maxContainerAllocation above its parent's",
            new ConfigFiles().fair("<queue name=\"p\"><maxContainerAllocation>1024 mb,"
                + " 1 vcores</maxContainerAllocation><queue name=\"c\"><maxContainerAllocation>"
                + "2048 mb, 1 vcores</maxContainerAllocation></queue></queue>"),
            "fair-scheduler.xml: queue root.p.c: maxContainerAllocation <memory:2048,"
                + " vCores:1> exceeds the parent's <memory:1024, vCores:1>"),
        Arguments.of("an unknown placement rule", new ConfigFiles().fair(
            "<queuePlacementPolicy><rule name=\"random\"/></queuePlacementPolicy>"),
            "fair-scheduler.xml: queuePlacementPolicy: unknown rule 'random'"),
        Arguments.of("a rule after a terminal rule", new ConfigFiles().fair(
            "<queuePlacementPolicy><rule name=\"default\"/><rule name=\"user\"/>"
                + "</queuePlacementPolicy>"),
            "fair-scheduler.xml: queuePlacementPolicy: rule 'user' follows terminal rule"
                + " 'default' and would never be reached"),
        Arguments.of("a last rule that is not terminal", new ConfigFiles().fair(
            "<queuePlacementPolicy><rule name=\"specified\"/></queuePlacementPolicy>"),
            "fair-scheduler.xml: queuePlacementPolicy: the last rule must be terminal"
                + " (default, reject, or user/primaryGroup with create=\"true\")"),
        Arguments.of("nestedUserQueue without its inner rule", new ConfigFiles().fair(
            "<queuePlacementPolicy><rule name=\"nestedUserQueue\"/><rule name=\"default\"/>"
                + "</queuePlacementPolicy>"),
            "fair-scheduler.xml: queuePlacementPolicy: nestedUserQueue needs exactly one"
                + " nested rule, got 0"),
        Arguments.of("a default rule naming a parent queue", new ConfigFiles().fair(
            "<queue name=\"p\"><queue name=\"c\"/></queue>",
            "<queuePlacementPolicy><rule name=\"default\" queue=\"p\"/>"
                + "</queuePlacementPolicy>"),
            "fair-scheduler.xml: queue root.p: queuePlacementPolicy: the default rule names"
                + " root.p, which is a parent queue"));
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("brokenFiles")
  void brokenFileRefused(String name, ConfigFiles files, String expected) {
    ConfigProblem problem = assertThrows(ConfigProblem.class,
        () -> FairConfigParser.load(files.source()));
    assertEquals(expected, problem.rejection.message());
  }
}
