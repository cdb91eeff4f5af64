package dev.spindle.rm.store;

import dev.spindle.rm.core.AttemptFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standby RM's decoded copy of the stored applications, kept current as the active RM
 * writes them, so that failover takes the store from memory instead of reading and decoding
 * every node ({@link ZkStateStore#load(StoreFollower)}).
 *
 * <p>How it stays current: one persistent recursive watch on the applications subtree
 * (ZooKeeper 3.6+), so a quiet store costs nothing; each change notification is answered by
 * reading that one node and decoding it. A full read builds the copy first (and again after
 * any connection trouble, since notifications are not replayed across a disconnect).
 *
 * <p>Why it is exact: ZooKeeper delivers a session's notifications and replies in the order
 * the server applied them, on one event thread, where all of this class's updates happen. At
 * activation the new active moves the epoch first (from then on the old active's writes
 * fail), then {@link #catchUp} syncs this session with the leader and sends one more read:
 * by the time that read answers, every change before the epoch moved has been notified and
 * every node read it caused has answered and been applied. A copy that lost its connection
 * since it was built says so and the caller reads everything instead.
 *
 * <p>Has its own ZooKeeper client; closed once the RM is active (the copy is then the core's).
 */
public final class StoreFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreFollower.class);
  /** How long activation waits for the catch-up read before reading everything instead. */
  private static final long CATCH_UP_TIMEOUT_MS = 10_000;
  private static final long RETRY_MS = 1_000;
  /**
   * How long activation waits for a full read under way (a standby that only just started
   * following) before reading the store itself: the same reads, so waiting costs nothing more
   * and spares ZooKeeper the second copy of them.
   */
  private static final long FULL_READ_WAIT_MS = 60_000;

  private final CuratorFramework client;
  private final String appsPath;
  private final Watcher watcher = this::notified;
  private final ScheduledExecutorService rebuilds = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "spindle-store-follower");
        t.setDaemon(true);
        return t;
      });

  // Guarded by this. Changed on ZooKeeper's event thread (and by rebuilds starting over).
  private final TreeMap<ApplicationId, App> apps = new TreeMap<>();
  /** Moves on at every (re)build and connection trouble: older replies are ignored. */
  private long generation;
  private ZooKeeper handle;
  /** Reads of this generation's full read not yet answered. */
  private int pending;
  /** The full read is done and nothing since could have been missed. */
  private boolean current;
  /** A full read is under way. */
  private boolean reading;
  private boolean closed;

  /** One stored application as last read: its node and its attempts. */
  private static final class App {
    long mzxid;
    byte[] submission;
    RecordCodec.AppNode node;
    final Map<ApplicationAttemptId, Attempt> attempts = new TreeMap<>();
  }

  private record Attempt(long mzxid, AttemptFacts facts) {}

  /** Follows the store {@code settings} name; call {@link #start}. */
  public StoreFollower(StoreSettings settings) {
    this.client = CuratorFrameworkFactory.builder()
        .connectString(settings.zkAddress())
        .sessionTimeoutMs(settings.sessionTimeoutMs())
        .connectionTimeoutMs(settings.sessionTimeoutMs())
        .retryPolicy(new RetryNTimes(settings.retries(), settings.retryIntervalMs()))
        .build();
    this.appsPath = ZkStateStore.rootOf(settings) + "/apps";
  }

  /** Connects and starts the full read in the background; returns at once. */
  public StoreFollower start() {
    client.getConnectionStateListenable().addListener((c, state) -> connection(state));
    client.start();
    synchronized (this) {
      reading = true; // from now on: an activation waits for this read rather than repeat it
    }
    rebuilds.execute(this::rebuild);
    return this;
  }

  /** Whether the copy is built and current (tests wait on it; activation need not). */
  public synchronized boolean current() {
    return current;
  }

  /** How many applications the copy holds. */
  public synchronized int size() {
    return apps.size();
  }

  /**
   * Brings the copy up to everything ZooKeeper had applied when this is called and returns
   * it, in id order, as {@link ZkStateStore} reads it cold; empty when the copy cannot be
   * vouched for (connection trouble since it was read, a node that would not decode, a full
   * read not done within a minute). Call after the epoch moved, so nothing else can still
   * change the store.
   */
  public Optional<List<StoredApp>> catchUp() {
    ZooKeeper zk;
    long gen;
    synchronized (this) {
      long deadline = System.nanoTime() + FULL_READ_WAIT_MS * 1_000_000;
      while (!current && reading && !closed) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
      if (!current) {
        return Optional.empty();
      }
      zk = handle;
      gen = generation;
    }
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    zk.sync(appsPath, (rc, path, ctx) -> {
      if (rc != Code.OK.intValue()) {
        caughtUp.completeExceptionally(new IllegalStateException("sync: " + Code.get(rc)));
        return;
      }
      // Replies come in request order: this read answers after every node read that the
      // notifications before the sync caused.
      zk.exists(appsPath, false, (rc2, p2, ctx2, stat) -> caughtUp.complete(null), null);
    }, null);
    try {
      caughtUp.get(CATCH_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("The standby's copy of the store could not catch up", e);
      return Optional.empty();
    }
    synchronized (this) {
      if (!current || gen != generation) {
        return Optional.empty();
      }
      List<StoredApp> copy = new ArrayList<>(apps.size());
      for (Map.Entry<ApplicationId, App> e : apps.entrySet()) {
        App app = e.getValue();
        List<StoredApp.Attempt> attempts = new ArrayList<>(app.attempts.size());
        for (Map.Entry<ApplicationAttemptId, Attempt> a : app.attempts.entrySet()) {
          attempts.add(new StoredApp.Attempt(a.getKey(), a.getValue().facts()));
        }
        copy.add(new StoredApp(e.getKey(), app.submission, app.node, attempts));
      }
      return Optional.of(copy);
    }
  }

  // --- building the copy -------------------------------------------------------------------

  /** Starts over: watch the subtree, then read all of it. On the rebuild thread. */
  private void rebuild() {
    long gen;
    synchronized (this) {
      if (closed) {
        return;
      }
      gen = ++generation;
      current = false;
      reading = true;
      apps.clear();
    }
    try {
      if (!client.blockUntilConnected((int) CATCH_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        notReading();
        retryLater(gen);
        return;
      }
      ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
      // Watch before reading: whatever changes after the read of a node is notified.
      zk.addWatch(appsPath, watcher, AddWatchMode.PERSISTENT_RECURSIVE);
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        handle = zk;
        pending = 1;
      }
      zk.getChildren(appsPath, false, (rc, path, ctx, children) -> {
        synchronized (this) {
          if (gen != generation) {
            return;
          }
          if (rc == Code.OK.intValue()) {
            for (String child : children) {
              readApp(zk, gen, ApplicationId.fromString(child), true);
            }
          } else if (rc != Code.NONODE.intValue()) { // no store yet: an empty one
            failed(gen, "list " + path + ": " + Code.get(rc));
            return;
          }
          readDone(gen);
        }
      }, null);
    } catch (InterruptedException e) {
      notReading();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Could not start following the store at {}", appsPath, e);
      notReading();
      retryLater(gen);
    }
  }

  /** Reads an application node (and, in a full read, its attempt list). Holds the lock. */
  private void readApp(ZooKeeper zk, long gen, ApplicationId id, boolean withAttempts) {
    String path = appsPath + "/" + id;
    if (withAttempts) {
      pending += 2;
    }
    zk.getData(path, false, (rc, p, ctx, data, stat) -> {
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        if (rc == Code.OK.intValue()) {
          appRead(gen, id, data, stat);
        } else if (rc != Code.NONODE.intValue()) {
          failed(gen, "read " + p + ": " + Code.get(rc));
        }
        if (withAttempts) {
          readDone(gen);
        }
      }
    }, null);
    if (!withAttempts) {
      return;
    }
    zk.getChildren(path, false, (rc, p, ctx, children) -> {
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        if (rc == Code.OK.intValue()) {
          for (String child : children) {
            pending++;
            readAttempt(zk, gen, ApplicationAttemptId.fromString(child), true);
          }
        } else if (rc != Code.NONODE.intValue()) {
          failed(gen, "list " + p + ": " + Code.get(rc));
        }
        readDone(gen);
      }
    }, null);
  }

  private void readAttempt(ZooKeeper zk, long gen, ApplicationAttemptId id, boolean counted) {
    String path = appsPath + "/" + id.getApplicationId() + "/" + id;
    zk.getData(path, false, (rc, p, ctx, data, stat) -> {
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        if (rc == Code.OK.intValue()) {
          attemptRead(gen, id, data, stat);
        } else if (rc != Code.NONODE.intValue()) {
          failed(gen, "read " + p + ": " + Code.get(rc));
        }
        if (counted) {
          readDone(gen);
        }
      }
    }, null);
  }

  private synchronized void notReading() {
    reading = false;
    notifyAll();
  }

  /** Keeps the newest read of an application node. Holds the lock. */
  private void appRead(long gen, ApplicationId id, byte[] data, Stat stat) {
    App app = apps.get(id);
    if (app != null && app.mzxid > stat.getMzxid()) {
      return;
    }
    try {
      RecordCodec.AppNode node = RecordCodec.decodeApp(data);
      if (app == null) {
        app = new App();
        apps.put(id, app);
      }
      app.mzxid = stat.getMzxid();
      app.submission = RecordCodec.submissionOf(data);
      app.node = node;
    } catch (Exception e) {
      failed(gen, "decode " + id + ": " + e);
    }
  }

  private void attemptRead(long gen, ApplicationAttemptId id, byte[] data, Stat stat) {
    App app = apps.get(id.getApplicationId());
    if (app == null) {
      return; // its application was deleted since: so was the attempt
    }
    Attempt known = app.attempts.get(id);
    if (known != null && known.mzxid() > stat.getMzxid()) {
      return;
    }
    try {
      app.attempts.put(id, new Attempt(stat.getMzxid(), RecordCodec.decodeAttempt(data)));
    } catch (Exception e) {
      failed(gen, "decode " + id + ": " + e);
    }
  }

  private void readDone(long gen) {
    if (--pending == 0 && gen == generation) {
      current = true;
      reading = false;
      notifyAll();
      LOG.info("Following the state store: {} applications in memory", apps.size());
    }
  }

  /** The copy cannot be vouched for: start over in a while. Holds the lock. */
  private void failed(long gen, String why) {
    LOG.warn("The standby's copy of the store went stale ({}); reading it again", why);
    current = false;
    reading = false;
    notifyAll();
    generation++;
    retryLater(generation);
  }

  private void retryLater(long gen) {
    try {
      rebuilds.schedule(() -> {
        synchronized (this) {
          if (gen != generation) {
            return; // someone started over already
          }
        }
        rebuild();
      }, RETRY_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedMeanwhile) {
      // Closed: nothing to follow any more.
    }
  }

  // --- following changes ------------------------------------------------------------------

  /** A notification from the subtree watch, on ZooKeeper's event thread. */
  private void notified(WatchedEvent event) {
    if (event.getType() == Watcher.Event.EventType.None) {
      if (event.getState() != Watcher.Event.KeeperState.SyncConnected) {
        // Notifications while disconnected are not sent again: the copy may miss some.
        stale("ZooKeeper connection " + event.getState());
      }
      return;
    }
    String path = event.getPath();
    if (path == null || !path.startsWith(appsPath + "/")) {
      return;
    }
    String[] parts = path.substring(appsPath.length() + 1).split("/");
    synchronized (this) {
      if (closed || handle == null) {
        return;
      }
      long gen = generation;
      try {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
          if (parts.length == 1) {
            apps.remove(ApplicationId.fromString(parts[0]));
          } else {
            App app = apps.get(ApplicationId.fromString(parts[0]));
            if (app != null) {
              app.attempts.remove(ApplicationAttemptId.fromString(parts[1]));
            }
          }
        } else if (event.getType() == Watcher.Event.EventType.NodeCreated
            || event.getType() == Watcher.Event.EventType.NodeDataChanged) {
          if (parts.length == 1) {
            readApp(handle, gen, ApplicationId.fromString(parts[0]), false);
          } else {
            readAttempt(handle, gen, ApplicationAttemptId.fromString(parts[1]), false);
          }
        }
      } catch (IllegalArgumentException notOurs) {
        LOG.debug("ignoring {} under the store", path);
      }
    }
  }

  /**
   * Connection trouble: the copy is no longer vouched for until it is read again. A read is
   * scheduled too: the trouble may be reported after the reconnection that started one (the
   * old session's expiry arrives late), and that read no longer counts.
   */
  private synchronized void stale(String why) {
    if (closed) {
      return;
    }
    if (current) {
      LOG.info("The standby's copy of the store is stale: {}", why);
    }
    current = false;
    reading = false;
    notifyAll();
    generation++;
    retryLater(generation);
  }

  /** Curator's view of the connection: mark stale on trouble, read again once back. */
  private void connection(ConnectionState state) {
    if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
      stale("ZooKeeper connection " + state);
    } else if (state == ConnectionState.RECONNECTED) {
      try {
        rebuilds.execute(this::rebuild);
      } catch (RejectedExecutionException closedMeanwhile) {
        // Closed: nothing to follow any more.
      }
    }
  }

  /** The ZooKeeper client, for tests that expire its session. */
  CuratorFramework client() {
    return client;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      current = false;
      reading = false;
      notifyAll();
      generation++;
      apps.clear();
    }
    rebuilds.shutdownNow();
    client.close();
  }
}
