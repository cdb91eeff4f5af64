package dev.spindle.it;

import dev.spindle.mini.MiniCluster;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Spindle MiniCluster (RM + 2 NodeManagers) shared by every end-to-end test class of a
 * test run, started on first use and stopped when the run ends. Starting a cluster per class
 * would cost more than most of the tests themselves.
 */
public final class SharedCluster implements BeforeAllCallback {

  private static final String KEY = SharedCluster.class.getName();
  private static MiniCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> start(), Holder.class);
  }

  /** The running shared cluster; only valid in a class extended with this extension. */
  public static MiniCluster cluster() {
    return cluster;
  }

  /** A fresh copy of the shared cluster's client configuration. */
  public static Configuration conf() {
    return new YarnConfiguration(cluster.getConfig());
  }

  private static Holder start() {
    MiniCluster mini = new MiniCluster("shared-e2e", 2);
    Configuration conf = new YarnConfiguration();
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
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

  /** Polls {@code condition} until it holds or {@code timeout} passes. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
