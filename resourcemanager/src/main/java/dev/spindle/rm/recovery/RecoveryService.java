package dev.spindle.rm.recovery;

import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.core.StateRecord;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.RmDelegationTokenSecretManager;
import dev.spindle.rm.store.StoreFollower;
import dev.spindle.rm.store.StoreSettings;
import dev.spindle.rm.store.ZkStateStore;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM's durable side as the configuration asks for it: with
 * yarn.resourcemanager.recovery.enabled, a ZooKeeper store activated at start (the epoch moves
 * on, fencing any earlier RM) and everything it held, ready for the core to recover; without
 * it, nothing is kept (the in-memory sink, epoch 0).
 *
 * <p>Any yarn.resourcemanager.store.class is served by the ZooKeeper store: it is the one
 * store that fences, which HA needs, and the FileSystem store's layout is not read.
 */
public final class RecoveryService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

  private final ZkStateStore store;
  private final List<StateRecord> records;
  private final long epoch;

  private RecoveryService(ZkStateStore store, List<StateRecord> records, long epoch) {
    this.store = store;
    this.records = records;
    this.epoch = epoch;
  }

  /** Activates and loads the store when recovery is enabled; blocks until it has. */
  public static RecoveryService start(Configuration conf) {
    return start(conf, null);
  }

  /**
   * As {@link #start(Configuration)}, taking the stored applications from {@code follower}
   * (a standby's copy of the store, may be null) when it is current.
   */
  public static RecoveryService start(Configuration conf, StoreFollower follower) {
    if (!StoreSettings.recoveryEnabled(conf)) {
      return new RecoveryService(null, List.of(), 0);
    }
    if (!conf.getBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED,
        YarnConfiguration.DEFAULT_RM_WORK_PRESERVING_RECOVERY_ENABLED)) {
      LOG.info("Recovery without keeping work: unfinished applications restart their AM");
    } else {
      LOG.info("Work-preserving recovery: running AMs and containers are kept");
    }
    ZkStateStore store = new ZkStateStore(StoreSettings.from(conf));
    try {
      long start = System.nanoTime();
      long epoch = store.activate();
      long activated = System.nanoTime();
      List<StateRecord> records = follower == null ? store.load() : store.load(follower);
      LOG.info("Store activated in {} ms, loaded in {} ms", (activated - start) / 1_000_000,
          (System.nanoTime() - activated) / 1_000_000);
      return new RecoveryService(store, records, epoch);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Runs {@code listener} when this RM finds itself fenced off the store. */
  public void onFenced(Runnable listener) {
    if (store != null) {
      store.onFenced(listener);
    }
  }

  /** Runs {@code listener} when a store write gave up on ZooKeeper after all its retries. */
  public void onUnreachable(Runnable listener) {
    if (store != null) {
      store.onUnreachable(listener);
    }
  }

  /**
   * The RM delegation-token secret manager: with a store, one whose keys and tokens are
   * persisted and already loaded from it; else the in-memory one.
   */
  public RmDelegationTokenSecretManager delegationTokens(Configuration conf) {
    if (store == null) {
      return new RmDelegationTokenSecretManager(conf);
    }
    PersistentDelegationTokenSecretManager tokens =
        new PersistentDelegationTokenSecretManager(conf, store.tokens());
    try {
      tokens.recover();
    } catch (java.io.IOException e) {
      throw new dev.spindle.rm.store.StoreException("Could not recover delegation tokens", e);
    }
    return tokens;
  }

  /**
   * The AMRM token secret manager: with a store, under the stored master key (created and
   * stored on first use) so AMs running across a restart still authenticate; else a fresh one.
   */
  public AmrmTokenSecretManager amrmTokens() {
    if (store == null) {
      return new AmrmTokenSecretManager();
    }
    return new AmrmTokenSecretManager(
        store.amrmMasterKey(new AmrmTokenSecretManager().encodedKey()));
  }

  /**
   * Whether unfinished applications keep their running attempt and containers across a
   * restart (yarn.resourcemanager.work-preserving-recovery.enabled, default true).
   */
  public static boolean workPreserving(Configuration conf) {
    return conf.getBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED,
        YarnConfiguration.DEFAULT_RM_WORK_PRESERVING_RECOVERY_ENABLED);
  }

  /** How long a work-preserving restart waits for NMs before scheduling anything new. */
  public static long schedulingWaitMs(Configuration conf) {
    return conf.getLong(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_SCHEDULING_WAIT_MS,
        YarnConfiguration.DEFAULT_RM_WORK_PRESERVING_RECOVERY_SCHEDULING_WAIT_MS);
  }

  public boolean enabled() {
    return store != null;
  }

  /** Where the core persists: the store's batching writer, or nowhere without recovery. */
  public RecordSink sink() {
    return store == null ? RecordSink.IN_MEMORY : store.writer();
  }

  /** The store's batching writer; only with recovery enabled. */
  public dev.spindle.rm.store.StoreWriter writer() {
    return store.writer();
  }

  /** What the store held at activation, in replay order. */
  public List<StateRecord> records() {
    return records;
  }

  public long epoch() {
    return epoch;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
