package dev.spindle.rm.ha;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;

/**
 * Which other RM of the group is active, as a standby's web server needs it for its redirects.
 * Asked the way stock RMHAUtils#findActiveRMHAId asks (each rm-id's HAServiceProtocol), so it
 * works with automatic failover and without it.
 *
 * <p>Rationale: the answer is refreshed on a timer and read from a volatile field, so a web
 * request never waits on RPC or ZooKeeper, whatever state the other RMs or ZooKeeper are in.
 */
final class ActiveLocator implements AutoCloseable {

  private final String self;
  private final Map<String, InetSocketAddress> adminAddresses;
  private final Configuration rpcConf;
  private final BooleanSupplier standby;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "spindle-rm-active-locator");
    t.setDaemon(true);
    return t;
  });
  private volatile String activeId;

  /**
   * @param standby whether this RM is a standby now; only then are the others asked
   */
  ActiveLocator(HaSettings settings, Configuration conf, BooleanSupplier standby) {
    this.self = settings.rmId();
    this.adminAddresses = settings.adminAddresses();
    this.standby = standby;
    this.rpcConf = new Configuration(conf);
    // A dead RM must not hold up the others' answer.
    rpcConf.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 0);
    rpcConf.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_TIMEOUT_KEY, 1000);
    rpcConf.setInt("ipc.client.rpc-timeout.ms", 2000);
  }

  void start(long intervalMs) {
    timer.scheduleWithFixedDelay(this::refresh, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** The active RM's id as last seen, or null when none is known (or this RM is active). */
  String activeId() {
    return activeId;
  }

  private void refresh() {
    if (!standby.getAsBoolean()) {
      activeId = null;
      return;
    }
    for (Map.Entry<String, InetSocketAddress> rm : adminAddresses.entrySet()) {
      if (!rm.getKey().equals(self) && stateOf(rm.getValue()) == HAServiceState.ACTIVE) {
        activeId = rm.getKey();
        return;
      }
    }
    activeId = null;
  }

  private HAServiceState stateOf(InetSocketAddress admin) {
    try (HAServiceProtocolClientSideTranslatorPB proxy =
        new HAServiceProtocolClientSideTranslatorPB(admin, rpcConf)) {
      return proxy.getServiceStatus().getState();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
