package dev.spindle.rm.store;

import dev.spindle.rm.core.AppFacts;
import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.core.StateRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM state store in ZooKeeper: persists every {@link StateRecord} before the core applies
 * it (so a client is answered only after its change is durable) and gives them back, in an
 * order {@code replay} accepts, after a restart or failover.
 *
 * <p>Layout under {@code <parent-path>/SpindleRMStateRoot}: {@code epoch} (a long, +1 at every
 * activation), {@code apps/<appId>} (submission + facts) and {@code apps/<appId>/<attemptId>}
 * (attempt facts). Not the stock ZKRMStateRoot layout: a stock RM and Spindle do not share a
 * store.
 *
 * <p>Fencing: every write is one ZooKeeper multi-op that first checks the epoch node's version
 * as this RM left it at activation. A later activation (another RM, or this one restarted)
 * moves that version, so a deposed RM's next write fails as a whole and it gets a
 * {@link StoreFencedException}.
 *
 * <p>Bounded: finished applications beyond {@link StoreSettings#maxCompletedApps()} are
 * deleted oldest first; submissions that would not fit a znode are refused through {@link
 * #fits}, and the fields that grow (diagnostics, AM-given strings) are capped on write.
 *
 * <p>Writes: the core hands records to {@link #writer()}, which commits them in batches on its
 * own thread, so the core never waits on ZooKeeper; replies wait for their batch instead.
 *
 * <p>Thread-safe: the bookkeeping of what is stored is synchronized (the core thread turns
 * records into writes); commits are not, so activation, loads and token writes never queue
 * behind a ZooKeeper round trip on the store's monitor.
 */
public final class ZkStateStore implements RecordSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ZkStateStore.class);
  /** Room for the application facts beside the submission in an application node. */
  private static final int FACTS_OVERHEAD = 256;

  private final StoreSettings settings;
  private final CuratorFramework zk;
  private final boolean ownsClient;
  private final String epochPath;
  private final String amrmKeyPath;
  private final String appsPath;
  private final ZkTokenStore tokens;

  /** Version of the epoch node this RM wrote at activation; -1 before activation. */
  private volatile int epochVersion = -1;
  private volatile long epoch;
  private volatile boolean fenced;
  /** Set once, by the first write that finds this RM fenced (it tells the listener). */
  private final java.util.concurrent.atomic.AtomicBoolean fencedNow =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** ZooKeeper refuses requests over jute.maxbuffer (1 MB): multis stay well below. */
  private static final int MAX_MULTI_BYTES = 512 * 1024;
  private static final int MAX_OPS_PER_MULTI = 1000;
  /** The batching writer the core writes through, created on first use. */
  private StoreWriter writer;
  /** Told once when a write finds this RM fenced (HA steps down on it). */
  private volatile Runnable onFenced = () -> {};
  /** Told when a write could not reach ZooKeeper through all its retries (HA steps down). */
  private volatile Runnable onUnreachable = () -> {};
  /** Encoded submissions of stored applications, reused on every application update. */
  private final Map<ApplicationId, byte[]> submissions = new HashMap<>();
  private final Map<ApplicationId, List<String>> attemptNodes = new HashMap<>();
  /** Stored finished applications, oldest first. */
  private final LinkedHashSet<ApplicationId> completed = new LinkedHashSet<>();

  /** A store over its own ZooKeeper client, connecting to {@code settings.zkAddress()}. */
  public ZkStateStore(StoreSettings settings) {
    this(settings, CuratorFrameworkFactory.builder()
        .connectString(settings.zkAddress())
        .sessionTimeoutMs(settings.sessionTimeoutMs())
        .connectionTimeoutMs(settings.sessionTimeoutMs())
        .retryPolicy(new RetryNTimes(settings.retries(), settings.retryIntervalMs()))
        .build(), true);
  }

  /** A store over a client someone else started and closes (the elector's, under HA). */
  public ZkStateStore(StoreSettings settings, CuratorFramework zk) {
    this(settings, zk, false);
  }

  private ZkStateStore(StoreSettings settings, CuratorFramework zk, boolean ownsClient) {
    if (settings.zkAddress() == null && ownsClient) {
      throw new IllegalArgumentException("recovery needs a ZooKeeper ensemble in"
          + " yarn.resourcemanager.zk-address or hadoop.zk.address");
    }
    this.settings = settings;
    this.zk = zk;
    this.ownsClient = ownsClient;
    String root = rootOf(settings);
    this.epochPath = root + "/epoch";
    this.appsPath = root + "/apps";
    this.tokens = new ZkTokenStore(this, zk, root + "/rm-delegation-tokens");
    this.amrmKeyPath = root + "/amrm-master-key";
  }

  /** The store's root znode under the configured parent path. */
  static String rootOf(StoreSettings settings) {
    return settings.parentPath().replaceAll("/+$", "") + "/SpindleRMStateRoot";
  }

  /**
   * Makes this RM the store's writer: moves the epoch on by one and remembers the version that
   * every later write checks. Returns the new epoch (it goes into container ids).
   */
  public synchronized long activate() {
    open();
    try {
      while (true) {
        Stat stat = new Stat();
        long current = RecordCodec.decodeLong(zk.getData().storingStatIn(stat).forPath(epochPath));
        try {
          Stat written = zk.setData().withVersion(stat.getVersion())
              .forPath(epochPath, RecordCodec.encodeLong(current + 1));
          epochVersion = written.getVersion();
          epoch = current + 1;
          fenced = false;
          fencedNow.set(false);
          LOG.info("State store at {} activated with epoch {}", settings.zkAddress(), epoch);
          return epoch;
        } catch (KeeperException.BadVersionException raced) {
          LOG.info("Another RM moved the epoch while activating; reading it again");
        }
      }
    } catch (Exception e) {
      throw new StoreException("Could not activate the state store", e);
    }
  }

  /**
   * Connects and creates the layout, without taking the epoch: enough to {@link #load} (a
   * standby following the state, a tool reading it). Idempotent.
   */
  public synchronized void open() {
    if (ownsClient && zk.getState() == CuratorFrameworkState.LATENT) {
      zk.start();
    }
    try {
      ensure(appsPath, null);
      ensure(epochPath, RecordCodec.encodeLong(0));
      tokens.ensureLayout();
    } catch (Exception e) {
      throw new StoreException("Could not open the state store", e);
    }
  }

  /**
   * The AMRM token master key: the stored one, or {@code fresh} stored now when there is none
   * yet. Work-preserving restart needs it: running AMs keep the tokens they were given.
   */
  public synchronized byte[] amrmMasterKey(byte[] fresh) {
    try {
      if (zk.checkExists().forPath(amrmKeyPath) != null) {
        return zk.getData().forPath(amrmKeyPath);
      }
    } catch (Exception e) {
      throw new StoreException("Could not read the AMRM master key", e);
    }
    commit(() -> List.of(zk.transactionOp().create().forPath(amrmKeyPath, fresh)),
        "store the AMRM master key");
    return fresh;
  }

  /**
   * The batching writer the RM core persists through (one per store; its thread starts on
   * first use). Closing the store closes it.
   */
  public synchronized StoreWriter writer() {
    if (writer == null) {
      writer = new StoreWriter(this);
    }
    return writer;
  }

  /** The RM delegation-token half of the store. */
  public ZkTokenStore tokens() {
    return tokens;
  }

  void ensure(String path, byte[] data) throws Exception {
    try {
      if (data == null) {
        zk.create().creatingParentsIfNeeded().forPath(path);
      } else {
        zk.create().creatingParentsIfNeeded().forPath(path, data);
      }
    } catch (KeeperException.NodeExistsException exists) {
      // Created by an earlier RM: keep it.
    }
  }

  /** Runs {@code listener} (on the writing thread) when a write finds this RM fenced. */
  public void onFenced(Runnable listener) {
    this.onFenced = listener;
  }

  /**
   * Runs {@code listener} (on the writing thread) when a write gave up on ZooKeeper after
   * every retry (hadoop.zk.num-retries x hadoop.zk.retry-interval-ms). The stock RM in HA then
   * goes to standby (RMStateStore#notifyStoreOperationFailed), and so does Spindle's.
   */
  public void onUnreachable(Runnable listener) {
    this.onUnreachable = listener;
  }

  public synchronized long epoch() {
    return epoch;
  }

  /**
   * Everything stored, as records in an order {@code RmState.replay} accepts: per application
   * (by id) its submission, attempts and current facts; finished applications' final facts
   * come last, by finish time, so the completed-application window keeps its order.
   */
  public synchronized List<StateRecord> load() {
    List<StoredApp> apps;
    try {
      apps = readAll();
    } catch (Exception e) {
      throw new StoreException("Could not load the state store", e);
    }
    return adopt(apps);
  }

  /**
   * As {@link #load()}, from what {@code follower} kept while this RM was standby: after the
   * epoch moved ({@link #activate}) nobody else can write, so once the follower has caught up
   * with ZooKeeper its copy is the store. Falls back to reading everything when the follower
   * cannot vouch for its copy (not caught up yet, lost its connection since).
   */
  public synchronized List<StateRecord> load(StoreFollower follower) {
    if (epochVersion < 0) {
      throw new IllegalStateException("load from a follower only once the epoch is taken");
    }
    java.util.Optional<List<StoredApp>> followed = follower.catchUp();
    if (followed.isEmpty()) {
      LOG.info("The standby's copy of the store is not current; reading it all");
      return load();
    }
    LOG.info("Taking the store from the standby's copy");
    return adopt(followed.get());
  }

  /**
   * The records of {@code apps} (in id order), and the write side's view of them: encoded
   * submissions, attempt nodes and the completed-application window.
   */
  List<StateRecord> adopt(List<StoredApp> apps) {
    submissions.clear();
    attemptNodes.clear();
    completed.clear();
    List<StateRecord> live = new ArrayList<>();
    List<StateRecord.AppChanged> ended = new ArrayList<>();
    for (StoredApp app : apps) {
      ApplicationId id = app.id();
      submissions.put(id, app.submission());
      live.add(new StateRecord.AppAdded(app.node().submission()));
      List<String> names = new ArrayList<>(app.attempts().size());
      for (StoredApp.Attempt attempt : app.attempts()) {
        names.add(attempt.id().toString());
        live.add(new StateRecord.AttemptAdded(attempt.id(), attempt.facts()));
      }
      attemptNodes.put(id, names);
      AppFacts facts = app.node().facts();
      if (facts != null && facts.state().isFinal()) {
        ended.add(new StateRecord.AppChanged(id, facts));
      } else if (facts != null) {
        live.add(new StateRecord.AppChanged(id, facts));
      }
    }
    ended.sort((a, b) -> Long.compare(a.facts().finishTime(), b.facts().finishTime()));
    for (StateRecord.AppChanged r : ended) {
      completed.add(r.appId());
    }
    live.addAll(ended);
    LOG.info("Loaded {} applications ({} finished) from the state store", submissions.size(),
        ended.size());
    return live;
  }

  /** Every stored application, decoded, in id order (attempts in id order). */
  private List<StoredApp> readAll() throws Exception {
    List<ApplicationId> ids = new ArrayList<>();
    for (String child : zk.getChildren().forPath(appsPath)) {
      ids.add(ApplicationId.fromString(child));
    }
    ids.sort(null);
    // Rationale: thousands of sequential round trips dominate recovery time; all reads
    // are issued at once and ZooKeeper answers them in order on one connection.
    List<CompletableFuture<byte[]>> apps = new ArrayList<>();
    List<CompletableFuture<List<String>>> children = new ArrayList<>();
    for (ApplicationId id : ids) {
      apps.add(data(appPath(id)));
      children.add(children(appPath(id)));
    }
    List<List<ApplicationAttemptId>> attempts = new ArrayList<>();
    List<List<CompletableFuture<byte[]>>> attemptData = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<ApplicationAttemptId> names = new ArrayList<>();
      for (String name : children.get(i).get()) {
        names.add(ApplicationAttemptId.fromString(name));
      }
      names.sort(null);
      List<CompletableFuture<byte[]>> reads = new ArrayList<>();
      for (ApplicationAttemptId name : names) {
        reads.add(data(attemptPath(name)));
      }
      attempts.add(names);
      attemptData.add(reads);
    }
    List<StoredApp> stored = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      byte[] data = apps.get(i).get();
      List<StoredApp.Attempt> decoded = new ArrayList<>();
      for (int j = 0; j < attempts.get(i).size(); j++) {
        decoded.add(new StoredApp.Attempt(attempts.get(i).get(j),
            RecordCodec.decodeAttempt(attemptData.get(i).get(j).get())));
      }
      stored.add(new StoredApp(ids.get(i), RecordCodec.submissionOf(data),
          RecordCodec.decodeApp(data), decoded));
    }
    return stored;
  }

  private CompletableFuture<byte[]> data(String path) throws Exception {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    zk.getData().inBackground((client, event) -> complete(f, event, event.getData()))
        .forPath(path);
    return f;
  }

  private CompletableFuture<List<String>> children(String path) throws Exception {
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    zk.getChildren().inBackground((client, event) -> complete(f, event, event.getChildren()))
        .forPath(path);
    return f;
  }

  private static <T> void complete(CompletableFuture<T> f, CuratorEvent event, T value) {
    if (event.getResultCode() == KeeperException.Code.OK.intValue()) {
      f.complete(value);
    } else {
      f.completeExceptionally(KeeperException.create(
          KeeperException.Code.get(event.getResultCode()), event.getPath()));
    }
  }

  /** Whether the record fits the znode size limit; only a submission can be too big. */
  @Override
  public boolean fits(StateRecord record) {
    if (record instanceof StateRecord.AppAdded r) {
      int size = RecordCodec.encodeSubmission(r.submission()).length;
      return size + settings.diagnosticsCap() + FACTS_OVERHEAD <= settings.maxZnodeBytes();
    }
    return true;
  }

  /**
   * Writes the record now, on the caller's thread (tools and tests; the RM core goes through
   * {@link #writer()}, which batches and does not block it).
   */
  @Override
  public void persist(StateRecord record) {
    commitWrites(writesFor(record), record.getClass().getSimpleName());
  }

  /** One znode change a record makes. */
  record Write(Kind kind, String path, byte[] data) {
    enum Kind {
      /** Create the node, or set it when a retried write created it already. */
      CREATE,
      SET,
      /** Delete the node; one already gone is what was wanted. */
      DELETE
    }

    int bytes() {
      return path.length() + (data == null ? 0 : data.length);
    }
  }

  /**
   * The znode changes that store {@code record}, in order, with this store's bookkeeping
   * (which applications and attempts are stored) brought up to date as if they had been
   * written: records come in the order the core applied them, and are written in that order.
   */
  synchronized List<Write> writesFor(StateRecord record) {
    if (epochVersion < 0) {
      throw new IllegalStateException("the state store was not activated");
    }
    if (fenced) {
      throw new StoreFencedException("This RM was fenced off the state store", null);
    }
    int cap = settings.diagnosticsCap();
    List<Write> out = new ArrayList<>(2);
    if (record instanceof StateRecord.AppAdded r) {
      byte[] submission = RecordCodec.encodeSubmission(r.submission());
      ApplicationId id = r.submission().appId();
      out.add(write(Write.Kind.CREATE, appPath(id), RecordCodec.encodeApp(submission, null, cap)));
      submissions.put(id, submission);
      attemptNodes.put(id, new ArrayList<>());
    } else if (record instanceof StateRecord.AppChanged r) {
      appChanged(r, cap, out);
    } else if (record instanceof StateRecord.AttemptAdded r) {
      ApplicationId app = r.attemptId().getApplicationId();
      if (submissions.containsKey(app)) {
        out.add(write(Write.Kind.CREATE, attemptPath(r.attemptId()),
            RecordCodec.encodeAttempt(r.facts(), cap)));
        attemptNodes.get(app).add(r.attemptId().toString());
      }
    } else if (record instanceof StateRecord.AttemptChanged r) {
      if (submissions.containsKey(r.attemptId().getApplicationId())) {
        out.add(write(Write.Kind.SET, attemptPath(r.attemptId()),
            RecordCodec.encodeAttempt(r.facts(), cap)));
      }
    } else if (record instanceof StateRecord.AppUpdated r) {
      ApplicationId id = r.submission().appId();
      if (submissions.containsKey(id)) {
        byte[] submission = RecordCodec.encodeSubmission(r.submission());
        out.add(write(Write.Kind.SET, appPath(id),
            RecordCodec.encodeApp(submission, r.facts(), cap)));
        submissions.put(id, submission);
      }
    } else if (record instanceof StateRecord.AppEvicted r) {
      delete(r.appId(), out);
    } else {
      throw new AssertionError("unhandled record " + record);
    }
    return out;
  }

  private void appChanged(StateRecord.AppChanged r, int cap, List<Write> out) {
    byte[] submission = submissions.get(r.appId());
    if (submission == null) {
      return; // pruned from the store already; the RM still shows it from memory
    }
    out.add(write(Write.Kind.SET, appPath(r.appId()),
        RecordCodec.encodeApp(submission, r.facts(), cap)));
    if (r.facts().state().isFinal() && completed.add(r.appId())) {
      while (completed.size() > settings.maxCompletedApps()) {
        delete(completed.iterator().next(), out);
      }
    }
  }

  private void delete(ApplicationId id, List<Write> out) {
    List<String> attempts = attemptNodes.get(id);
    if (attempts == null) {
      return;
    }
    for (String attempt : attempts) {
      out.add(new Write(Write.Kind.DELETE, appPath(id) + "/" + attempt, null));
    }
    out.add(new Write(Write.Kind.DELETE, appPath(id), null));
    submissions.remove(id);
    attemptNodes.remove(id);
    completed.remove(id);
  }

  private Write write(Write.Kind kind, String path, byte[] data) {
    checkSize(path, data);
    return new Write(kind, path, data);
  }

  /**
   * Commits writes in order: as few multi-ops as the request size limit allows, each
   * conditional on this RM's epoch. A multi fails as a whole when a retried one had committed
   * already (a node it creates exists, one it deletes is gone); its writes are then done one
   * by one, each idempotent.
   */
  void commitWrites(List<Write> writes, String what) {
    int from = 0;
    while (from < writes.size()) {
      int to = from;
      int bytes = 0;
      while (to < writes.size() && (to == from
          || to - from < MAX_OPS_PER_MULTI && bytes + writes.get(to).bytes() <= MAX_MULTI_BYTES)) {
        bytes += writes.get(to).bytes();
        to++;
      }
      List<Write> chunk = writes.subList(from, to);
      try {
        commit(() -> {
          List<CuratorOp> ops = new ArrayList<>(chunk.size());
          for (Write w : chunk) {
            ops.add(op(w));
          }
          return ops;
        }, what);
      } catch (StoreException e) {
        if (!alreadyApplied(e)) {
          throw e;
        }
        for (Write w : chunk) {
          commitAlone(w, what);
        }
      }
      from = to;
    }
  }

  private void commitAlone(Write w, String what) {
    try {
      commit(() -> List.of(op(w)), what + " " + w.path());
    } catch (StoreException e) {
      if (w.kind() == Write.Kind.CREATE
          && e.getCause() instanceof KeeperException.NodeExistsException) {
        commit(() -> List.of(op(new Write(Write.Kind.SET, w.path(), w.data()))),
            what + " " + w.path());
      } else if (!(w.kind() == Write.Kind.DELETE
          && e.getCause() instanceof KeeperException.NoNodeException)) {
        throw e;
      }
    }
  }

  private static boolean alreadyApplied(StoreException e) {
    return e.getCause() instanceof KeeperException.NodeExistsException
        || e.getCause() instanceof KeeperException.NoNodeException;
  }

  private CuratorOp op(Write w) throws Exception {
    return switch (w.kind()) {
      case CREATE -> zk.transactionOp().create().forPath(w.path(), w.data());
      case SET -> zk.transactionOp().setData().forPath(w.path(), w.data());
      case DELETE -> zk.transactionOp().delete().forPath(w.path());
    };
  }

  /** Every write path ends here: by construction no node exceeds the limit. */
  private void checkSize(String path, byte[] data) {
    if (data.length > settings.maxZnodeBytes()) {
      throw new IllegalStateException("bug: " + path + " would take " + data.length
          + " bytes, over yarn.resourcemanager.zk-max-znode-size.bytes "
          + settings.maxZnodeBytes());
    }
  }

  /** The operations of one write; building them may throw as Curator's builders do. */
  interface Ops {
    List<CuratorOp> build() throws Exception;
  }

  /**
   * Runs the operations as one multi-op, conditional on this RM's epoch. Not synchronized: the
   * batch writer, token writes and tools commit concurrently, and nobody waits on the store's
   * monitor while ZooKeeper answers.
   */
  void commit(Ops ops, String what) {
    if (fenced) {
      throw new StoreFencedException("This RM was fenced off the state store", null);
    }
    List<CuratorOp> all = new ArrayList<>();
    try {
      all.add(zk.transactionOp().check().withVersion(epochVersion).forPath(epochPath));
      all.addAll(ops.build());
      zk.transaction().forOperations(all);
    } catch (KeeperException.BadVersionException e) {
      if (fencedNow.compareAndSet(false, true)) {
        fenced = true;
        onFenced.run();
      }
      throw new StoreFencedException("Another ResourceManager activated the state store after"
          + " epoch " + epoch + "; this one can no longer write (" + what + ")", e);
    } catch (Exception e) {
      if (unreachable(e)) {
        onUnreachable.run();
      }
      throw new StoreException("State store write failed: " + what, e);
    }
  }

  /**
   * Whether a write failed for want of ZooKeeper rather than because of the data: callers
   * handle NodeExists / NoNode themselves (a retried multi may have committed already).
   */
  static boolean unreachable(Throwable e) {
    if (!(e instanceof KeeperException ke)) {
      return !(e instanceof IllegalArgumentException);
    }
    return switch (ke.code()) {
      case CONNECTIONLOSS, SESSIONEXPIRED, OPERATIONTIMEOUT, SESSIONMOVED -> true;
      default -> false;
    };
  }

  private String appPath(ApplicationId id) {
    return appsPath + "/" + id;
  }

  private String attemptPath(ApplicationAttemptId id) {
    return appPath(id.getApplicationId()) + "/" + id;
  }

  /** The ZooKeeper client, for tests that expire its session. */
  CuratorFramework client() {
    return zk;
  }

  @Override
  public void close() {
    StoreWriter w;
    synchronized (this) {
      w = writer;
    }
    if (w != null) {
      w.close();
    }
    if (ownsClient) {
      zk.close();
    }
  }
}
