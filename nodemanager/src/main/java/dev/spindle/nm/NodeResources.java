package dev.spindle.nm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's capability as the stock NodeManager declares it: memory and vcores from
 * {@code yarn.nodemanager.resource.memory-mb/cpu-vcores}, every further resource type from
 * {@code yarn.nodemanager.resource-type.<name>} (yarn-site or {@code node-resources.xml}),
 * for the types the cluster declares in {@code yarn.resource-types} (yarn-site or
 * {@code resource-types.xml}). Parsing and units are Hadoop's own ResourceUtils.
 */
final class NodeResources {

  private static final Logger LOG = LoggerFactory.getLogger(NodeResources.class);

  /** The configuration directory the launcher read (the RM's SchedulerFiles key). */
  static final String CONF_DIR_KEY = "spindle.conf.dir";

  private NodeResources() {}

  static Resource capability(Configuration conf) {
    Configuration c = withConfDirFiles(conf);
    configureTypes(c);
    // yarn-default.xml says -1 ("detect, or use the default"): without hardware detection
    // the stock NM takes 8192 MB and 8 vcores (NodeManagerHardwareUtils), and so do we.
    long memory = conf.getLong(YarnConfiguration.NM_PMEM_MB, -1);
    int vcores = conf.getInt(YarnConfiguration.NM_VCORES, -1);
    Resource r = Resource.newInstance(
        memory == -1 ? YarnConfiguration.DEFAULT_NM_PMEM_MB : memory,
        vcores == -1 ? YarnConfiguration.DEFAULT_NM_VCORES : vcores);
    Map<String, ResourceInformation> declared;
    // Hadoop caches the node's resources JVM-wide; NMs sharing a JVM (MiniCluster) each
    // read their own configuration, and leave no cache behind: a stock NM started later in
    // the JVM would otherwise take this node's types (and fail if they are unknown by then).
    synchronized (ResourceUtils.class) {
      ResourceUtils.resetNodeResources();
      declared = ResourceUtils.getNodeResourceInformation(c);
      ResourceUtils.resetNodeResources();
    }
    Map<String, Integer> known = ResourceUtils.getResourceTypeIndex();
    for (ResourceInformation ri : declared.values()) {
      String name = ri.getName();
      if (name.equals(ResourceInformation.MEMORY_URI)
          || name.equals(ResourceInformation.VCORES_URI)) {
        continue;
      }
      if (!known.containsKey(name)) {
        LOG.warn("Ignoring yarn.nodemanager.resource-type.{}: {} is not in yarn.resource-types"
            + " ({})", name, name, known.keySet());
        continue;
      }
      r.setResourceValue(name, ri.getValue());
    }
    return r;
  }

  /**
   * Fixes the JVM's resource types from the configuration, unless they already are these
   * (an RM in the same JVM configured them): resetting them while other threads convert
   * records could briefly leave the defaults in force.
   */
  private static void configureTypes(Configuration c) {
    Set<String> wanted = new TreeSet<>(Arrays.asList(
        c.getTrimmedStrings(YarnConfiguration.RESOURCE_TYPES)));
    Set<String> current = new TreeSet<>(ResourceUtils.getResourceTypes().keySet());
    current.remove(ResourceInformation.MEMORY_URI);
    current.remove(ResourceInformation.VCORES_URI);
    if (!wanted.equals(current)) {
      ResourceUtils.resetResourceTypes(c);
    }
  }

  /** The conf dir's resource-types.xml and node-resources.xml, when the launcher gave one. */
  private static Configuration withConfDirFiles(Configuration conf) {
    Configuration c = new Configuration(conf);
    String dir = conf.getTrimmed(CONF_DIR_KEY, "");
    if (!dir.isEmpty()) {
      for (String name : new String[] {YarnConfiguration.RESOURCE_TYPES_CONFIGURATION_FILE,
          YarnConfiguration.NODE_RESOURCES_CONFIGURATION_FILE}) {
        Path file = Path.of(dir, name);
        if (Files.isRegularFile(file)) {
          c.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
        }
      }
    }
    return c;
  }
}
