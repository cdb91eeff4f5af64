package dev.spindle.it.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.loadgen.LoadGenerator;
import dev.spindle.loadgen.LoadResult;
import dev.spindle.loadgen.LoadScenario;
import dev.spindle.mini.MiniCluster;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator against an in-process Spindle RM with no real NodeManager: every node
 * and every AM is simulated, over real Hadoop RPC. Asserts that the runs are valid and
 * counted right, never how fast they were.
 */
@Timeout(300)
class LoadGeneratorTest {

  private static MiniCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new MiniCluster("loadgen", 0);
    cluster.init(new YarnConfiguration());
    cluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  private static Configuration clientConf() {
    return new YarnConfiguration(cluster.getConfig());
  }

  @Test
  void fiftyNodesRunFiveHundredContainersValidly() throws Exception {
    // 50 nodes x 8 slots of 1 vcore / 4 GiB: 400 slots for 500 containers, so nodes are
    // reused and a container placed on a full node would show.
    LoadScenario scenario = new LoadScenario(50, 32 * 1024, 8, 200,
        5, 100, 4 * 1024, 1, 300, 200, "default", 0, 180_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario)
        .run(OptionalLong.of(ProcessHandle.current().pid()));
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals(500, result.requested());
    assertEquals(500, result.allocated());
    assertEquals(500, result.completed());
    assertEquals(0, result.nodeOverAllocations());
    assertEquals(0, result.appOverAllocations());
    assertTrue(result.allocate().count() > 0, result.table());
    assertTrue(result.heartbeat().count() > 0, result.table());
    assertTrue(result.rmCpuSeconds() != null && result.rmPeakRssMb() != null, result.table());
    assertTrue(result.json().contains("\"valid\":true"), result.json());

    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(clientConf());
      yarn.start();
      assertTrue(yarn.getNodeReports(NodeState.RUNNING).size() >= 50);
    }
  }

  @Test
  void offerFrameworksRunTheirTasksValidly() throws Exception {
    // The same load shape through offer mode: frameworks launch tasks out of offers.
    LoadScenario scenario = new LoadScenario(30, 32 * 1024, 8, 200,
        4, 100, 4 * 1024, 1, 300, 200, "default", 0, 180_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario).withOffers()
        .run(OptionalLong.empty());
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals("offers", result.mode());
    assertEquals(400, result.allocated());
    assertEquals(400, result.completed());
    assertEquals(0, result.nodeOverAllocations());
    assertTrue(result.allocate().count() > 0, result.table());
  }

  @Test
  void idleNodesOnlyHeartbeat() throws Exception {
    LoadScenario scenario = new LoadScenario(20, 8192, 4, 100,
        0, 0, 1024, 1, 0, 1000, "default", 1500, 60_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario).run(OptionalLong.empty());
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals("idle", result.mode());
    assertTrue(result.heartbeat().count() > 0, result.table());
    assertEquals(0, result.allocate().count());
  }

  @Test
  void stormOfKilledAppsEndsEveryOneKilled() throws Exception {
    LoadScenario scenario = new LoadScenario(10, 8192, 8, 200,
        0, 0, 1024, 1, 0, 1000, "default", 0, 180_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario).storm(100, 8, true);
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals(100, result.submitted());

    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(clientConf());
      yarn.start();
      long killed = 0;
      for (ApplicationReport report : yarn.getApplications(Set.of("SPINDLE-LOADGEN"),
          EnumSet.allOf(YarnApplicationState.class))) {
        if (report.getName().startsWith("loadgen-storm-")) {
          assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState(),
              report.getApplicationId().toString());
          killed++;
        }
      }
      assertEquals(100, killed);
    }
  }
}
