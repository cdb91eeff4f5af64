package dev.spindle.it.stockrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.loadgen.LoadGenerator;
import dev.spindle.loadgen.LoadResult;
import dev.spindle.loadgen.LoadScenario;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator is the stock RM's client as much as Spindle's: against the STOCK
 * ResourceManager (in-process, no NodeManager), its simulated nodes and unmanaged AMs must run
 * a valid load and a valid storm. Proves the generator speaks the protocols as stock daemons do
 * rather than as Spindle happens to accept.
 */
@Timeout(300)
class LoadGeneratorOnStockRmTest {

  private static ResourceManager rm;

  @BeforeAll
  static void start() {
    rm = StockResourceManagers.start();
  }

  @AfterAll
  static void stop() {
    if (rm != null) {
      rm.stop();
    }
  }

  private static Configuration clientConf() {
    return new YarnConfiguration(rm.getConfig());
  }

  @Test
  void containersRunValidlyOnTheStockRm() throws Exception {
    LoadScenario scenario = new LoadScenario(20, 32 * 1024, 8, 200,
        3, 100, 4 * 1024, 1, 300, 200, "default", 0, 180_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario).run(OptionalLong.empty());
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals(300, result.allocated());
    assertEquals(300, result.completed());
  }

  @Test
  void killedStormSettlesOnTheStockRm() throws Exception {
    LoadScenario scenario = new LoadScenario(5, 8192, 8, 200,
        0, 0, 1024, 1, 0, 1000, "default", 0, 180_000);
    LoadResult result = new LoadGenerator(clientConf(), scenario).storm(20, 4, true);
    System.out.println(result.table());
    assertTrue(result.valid(), result.table());
    assertEquals(20, result.submitted());
  }
}
