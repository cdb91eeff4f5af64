package dev.spindle.mini;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The HA half of the MiniCluster: per-RM addresses, and waiting for an active RM. */
final class MiniHa {

  /** Every per-RM address (HAUtil checks the set for the scheme in use). */
  private static final List<String> SERVICE_KEYS = List.of(
      YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
      YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
      YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS);

  private MiniHa() {}

  /** Sets rm1..rmN with a free localhost port for every RM service, recovery on. */
  static void configure(Configuration conf, int size) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add("rm" + i);
    }
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, String.join(",", ids));
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    if (conf.get(YarnConfiguration.RM_CLUSTER_ID) == null) {
      conf.set(YarnConfiguration.RM_CLUSTER_ID, "spindle-mini");
    }
    for (String id : ids) {
      for (String key : SERVICE_KEYS) {
        conf.set(HAUtil.addSuffix(key, id), "localhost:" + FixedPorts.pick());
      }
    }
  }

  /** Polls until one RM of the group reports itself active (30 s at most). */
  static void awaitActive(List<Supplier<HAServiceState>> states) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (Supplier<HAServiceState> state : states) {
        if (state.get() == HAServiceState.ACTIVE) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no ResourceManager became active within 30 s");
  }
}
