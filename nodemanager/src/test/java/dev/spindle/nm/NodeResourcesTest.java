package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capability a Spindle NM registers with, custom resource types included. */
class NodeResourcesTest {

  private static final String GPU = "yarn.io/gpu";

  @AfterEach
  void resetTypes() {
    ResourceUtils.resetResourceTypes(new YarnConfiguration());
  }

  private static Configuration conf(String gpus) {
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RESOURCE_TYPES, GPU);
    conf.setLong(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    if (gpus != null) {
      conf.set(YarnConfiguration.NM_RESOURCES_PREFIX + GPU, gpus);
    }
    return conf;
  }

  @Test
  void theYarnDefaultMinusOneMeansTheStockDefaults() {
    // yarn-default.xml sets both to -1; a node must not register as <memory:-1, vCores:-1>.
    Resource r = NodeResources.capability(new YarnConfiguration());
    assertEquals(YarnConfiguration.DEFAULT_NM_PMEM_MB, r.getMemorySize());
    assertEquals(YarnConfiguration.DEFAULT_NM_VCORES, r.getVirtualCores());
  }

  @Test
  void eachNodeManagerOfAJvmDeclaresItsOwnGpus() {
    // Hadoop caches node resources JVM-wide; two NMs of one MiniCluster must not share them.
    Resource first = NodeResources.capability(conf("2"));
    Resource second = NodeResources.capability(conf("4"));
    Resource none = NodeResources.capability(conf(null));
    assertEquals(2, first.getResourceValue(GPU));
    assertEquals(4, second.getResourceValue(GPU));
    assertEquals(0, none.getResourceValue(GPU));
    assertEquals(4096, first.getMemorySize());
    assertEquals(4, first.getVirtualCores());
  }

  @Test
  void theConfDirsNodeResourcesFileIsRead(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("node-resources.xml"), "<configuration><property>"
        + "<name>yarn.nodemanager.resource-type.yarn.io/gpu</name><value>3</value>"
        + "</property></configuration>");
    Configuration conf = conf(null);
    conf.set(NodeResources.CONF_DIR_KEY, dir.toString());
    assertEquals(3, NodeResources.capability(conf).getResourceValue(GPU));
  }

  @Test
  void aDeclaredTypeTheClusterDoesNotKnowIsLeftOut() {
    Configuration conf = conf("1");
    conf.set(YarnConfiguration.NM_RESOURCES_PREFIX + "yarn.io/fpga", "1");
    Resource r = NodeResources.capability(conf);
    assertEquals(1, r.getResourceValue(GPU));
    assertEquals(3, r.getResources().length);
  }
}
