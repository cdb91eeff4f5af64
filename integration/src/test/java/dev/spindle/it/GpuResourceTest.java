package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.MiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.applications.distributedshell.Client;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end with a GPU resource type: Spindle's NodeManager declares two GPUs
 * ({@code yarn.nodemanager.resource-type.yarn.io/gpu}), and the stock DistributedShell
 * client and AM ask for them with {@code --container_resources}.
 */
class GpuResourceTest {

  private static final String GPU = "yarn.io/gpu";
  private static MiniCluster cluster;

  @BeforeAll
  static void start() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RESOURCE_TYPES, GPU);
    conf.set(YarnConfiguration.NM_RESOURCES_PREFIX + GPU, "2");
    cluster = new MiniCluster("GpuResourceTest", 1);
    cluster.init(conf);
    cluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.stop();
    }
    // The resource types are JVM-wide (Hadoop's registry): leave the defaults behind.
    ResourceUtils.resetResourceTypes(new YarnConfiguration());
    ResourceUtils.resetNodeResources();
  }

  private static YarnClient yarn() {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(cluster.getConfig());
    yarn.start();
    return yarn;
  }

  @Test
  void theNodeManagerDeclaresItsGpus() throws Exception {
    try (YarnClient yarn = yarn()) {
      List<NodeReport> nodes = yarn.getNodeReports();
      assertEquals(1, nodes.size());
      assertEquals(2, nodes.get(0).getCapability().getResourceValue(GPU));
    }
  }

  @Test
  void distributedShellRunsGpuContainersAndIsRefusedMoreThanTheNodeHas() throws Exception {
    assertTrue(runShell("1"), "DistributedShell with one GPU per container failed");
    ApplicationReport ok = lastShellReport();
    assertEquals(FinalApplicationStatus.SUCCEEDED, ok.getFinalApplicationStatus());

    // Three GPUs per container: the AM's ask is refused, so the application fails.
    assertFalse(runShell("3"), "an ask for more GPUs than any node has must not succeed");
    ApplicationReport refused = lastShellReport();
    assertEquals(YarnApplicationState.FINISHED, refused.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.FAILED, refused.getFinalApplicationStatus());
    assertTrue(amLogsContain(refused, "greater than maximum allowed allocation. Requested"
        + " resource type=[" + GPU + "]"), "the AM was refused for its GPUs");
  }

  /** True when a log file of the application's AM container holds {@code text}. */
  private static boolean amLogsContain(ApplicationReport app, String text) throws IOException {
    String amDir = "container_" + app.getApplicationId().toString().substring(
        "application_".length()) + "_01_000001";
    try (Stream<Path> files = Files.walk(cluster.getBaseDir())) {
      return files.filter(p -> p.getParent() != null
              && p.getParent().getFileName().toString().equals(amDir))
          .filter(Files::isRegularFile)
          .anyMatch(p -> read(p).contains(text));
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean runShell(String gpus) throws Exception {
    Client client = new Client(cluster.getConfig());
    assertTrue(client.init(new String[] {
        "--jar", DistributedShellTest.dsJar(),
        "--shell_command", "echo gpu",
        "--num_containers", "2",
        "--master_memory", "256",
        "--container_resources", "memory-mb=128,vcores=1," + GPU + "=" + gpus,
        "--timeout", "120000"}));
    return client.run();
  }

  private static ApplicationReport lastShellReport() throws Exception {
    try (YarnClient yarn = yarn()) {
      return yarn.getApplications(Set.of("YARN")).stream()
          .filter(a -> a.getName().equals("DistributedShell"))
          .max(Comparator.comparing(ApplicationReport::getApplicationId))
          .orElseThrow();
    }
  }
}
