package dev.spindle.mini;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** Settings that make a one-JVM cluster work out of the box, unless the caller set them. */
final class MiniClusterDefaults {

  /** Where the cluster keeps its files; chosen automatically when unset. */
  static final String BASE_DIR_KEY = "spindle.minicluster.base-dir";

  /** The RM addresses clients and NodeManagers need, rewritten with the bound ports. */
  static final List<String> RM_ADDRESS_KEYS = List.of(
      YarnConfiguration.RM_ADDRESS,
      YarnConfiguration.RM_SCHEDULER_ADDRESS,
      YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
      YarnConfiguration.RM_ADMIN_ADDRESS,
      YarnConfiguration.RM_WEBAPP_ADDRESS);

  private MiniClusterDefaults() {}

  static void apply(Configuration conf) {
    for (String key : RM_ADDRESS_KEYS) {
      setIfUnset(conf, key, "localhost:0");
    }
    // MapReduce and DistributedShell clients then pass their JVM's classpath to containers.
    conf.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, true);
    setIfUnset(conf, "mapreduce.framework.name", "yarn");
    setIfUnset(conf, YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
    setIfUnset(conf, "yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    // Ephemeral shuffle port so that several NodeManagers share one host.
    setIfUnset(conf, "mapreduce.shuffle.port", "0");
    // No JobHistoryServer in the mini cluster: an empty address makes the MapReduce client
    // report finished jobs from the RM's application report (ClientCache#instantiateHistoryProxy).
    setIfUnset(conf, "mapreduce.jobhistory.address", "");
    // Small test machines: 4 GB and 8 vcores per NodeManager unless asked otherwise.
    setIfUnset(conf, YarnConfiguration.NM_PMEM_MB, "4096");
    setIfUnset(conf, YarnConfiguration.NM_VCORES, "8");
    setIfUnset(conf, YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, "128");
    setIfUnset(conf, YarnConfiguration.NM_VMEM_CHECK_ENABLED, "false");
  }

  private static void setIfUnset(Configuration conf, String key, String value) {
    if (conf.get(key) == null || isDefaultOnly(conf, key)) {
      conf.set(key, value);
    }
  }

  /** True when the key's value comes only from the *-default.xml files. */
  private static boolean isDefaultOnly(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null || sources.length == 0) {
      return false;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }
}
