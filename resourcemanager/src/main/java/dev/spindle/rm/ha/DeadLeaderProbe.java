package dev.spindle.rm.ha;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fast dead-leader detection for the election: a standby probes the leader's admin port (which
 * an HA RM keeps open in every state) and, after {@code misses} probes in a row that find it
 * closed or silent, deletes the leader's latch node so the election runs at once instead of
 * after the dead leader's ZooKeeper session expires. A killed process refuses connections at
 * once, so this usually takes misses x interval.
 *
 * <p>Why this is safe: the election only decides who tries to become active; a new active
 * moves the store epoch, so an old leader that was alive after all (partitioned, paused) is
 * fenced on its next store write and steps down, as after a session expiry.
 */
final class DeadLeaderProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLeaderProbe.class);
  /** The sequence marker in Curator LeaderLatch node names ({@code _c_<uuid>-latch-<seq>}). */
  private static final String LATCH = "latch-";

  private final HaSettings settings;
  private final CuratorFramework zk;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "spindle-rm-leader-probe");
        t.setDaemon(true);
        return t;
      });
  /** The latch node the misses count against; a new leader starts from zero. */
  private String suspect;
  private int misses;

  DeadLeaderProbe(HaSettings settings, CuratorFramework zk) {
    this.settings = settings;
    this.zk = zk;
  }

  void start() {
    long every = settings.probeIntervalMs();
    if (every > 0 && settings.probeMisses() > 0) {
      timer.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** One probe; runs on the timer thread only. */
  private void probe() {
    try {
      LeaderNode leader = leader();
      InetSocketAddress admin = leader == null ? null : settings.adminAddresses().get(leader.id);
      if (leader == null || leader.id.equals(settings.rmId()) || admin == null
          || admin.getPort() == 0) {
        suspect = null;
        misses = 0;
        return;
      }
      if (!leader.node.equals(suspect)) {
        suspect = leader.node;
        misses = 0;
      }
      if (reachable(admin)) {
        misses = 0;
        return;
      }
      if (++misses >= settings.probeMisses()) {
        LOG.warn("{}: leader {} did not answer on {} {} times in a row; removing its latch node"
            + " {} so the election runs now", settings.rmId(), leader.id, admin, misses,
            leader.node);
        zk.delete().withVersion(leader.version)
            .forPath(settings.electionPath() + "/" + leader.node);
        misses = 0;
      }
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
      misses = 0; // The leader changed meanwhile: start over with the new one.
    } catch (Exception e) {
      LOG.debug("{}: leader probe failed", settings.rmId(), e);
    }
  }

  private boolean reachable(InetSocketAddress admin) {
    try (Socket socket = new Socket()) {
      socket.connect(admin, (int) Math.max(1, settings.probeIntervalMs()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The latch node with the lowest sequence number (the leader's), or null when none. */
  private LeaderNode leader() throws Exception {
    List<String> children = zk.getChildren().forPath(settings.electionPath());
    String first = children.stream()
        .filter(n -> n.contains(LATCH))
        .min(Comparator.comparing(DeadLeaderProbe::sequence))
        .orElse(null);
    if (first == null) {
      return null;
    }
    Stat stat = new Stat();
    byte[] id = zk.getData().storingStatIn(stat)
        .forPath(settings.electionPath() + "/" + first);
    return new LeaderNode(first, new String(id, StandardCharsets.UTF_8), stat.getVersion());
  }

  /** The ZooKeeper sequence suffix of a latch node: its place in line. */
  private static String sequence(String node) {
    return node.substring(node.lastIndexOf(LATCH) + LATCH.length());
  }

  private record LeaderNode(String node, String id, int version) {}

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
