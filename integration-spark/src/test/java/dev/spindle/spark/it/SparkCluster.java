package dev.spindle.spark.it;

import dev.spindle.mini.FixedPorts;
import dev.spindle.mini.MiniCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Spindle MiniCluster shared by every Spark test class of a run: an RM and one NodeManager
 * hosting Spark's external shuffle service as the aux service {@code spark_shuffle}, exactly
 * as a cluster admin configures it in yarn-site.xml.
 *
 * <p>One NodeManager, because the shuffle service listens on one port that every executor of
 * an application is told about ({@code spark.shuffle.service.port}): two NodeManagers on one
 * host cannot both have it. It gets 8 GB so that an AM and two executors fit (Spark asks for
 * at least 384 MB of overhead on top of each JVM's heap).
 */
public final class SparkCluster implements BeforeAllCallback {

  private static final String KEY = SparkCluster.class.getName();
  private static MiniCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> start(), Holder.class);
  }

  public static MiniCluster cluster() {
    return cluster;
  }

  private static Holder start() {
    int shufflePort;
    try {
      // Written into the cluster's yarn-site.xml, where Spark applications read it.
      shufflePort = FixedPorts.pick();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle,spark_shuffle");
    conf.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    conf.set("yarn.nodemanager.aux-services.spark_shuffle.class",
        "org.apache.spark.network.yarn.YarnShuffleService");
    conf.setInt("spark.shuffle.service.port", shufflePort);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
    conf.setInt(YarnConfiguration.NM_VCORES, 8);
    MiniCluster mini = new MiniCluster("spark", 1);
    mini.init(conf);
    mini.start();
    cluster = mini;
    return new Holder(mini);
  }

  /** Stops the cluster when JUnit closes the root store at the end of the run. */
  private record Holder(MiniCluster mini) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      mini.stop();
    }
  }
}
