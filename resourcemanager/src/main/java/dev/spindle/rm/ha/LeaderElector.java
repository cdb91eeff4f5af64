package dev.spindle.rm.ha;

import java.io.IOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.RetryNTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the RMs of one cluster: a Curator LeaderLatch on the election path,
 * with this RM's id as participant id. Its own ZooKeeper client with a short session, so the
 * latch of a dead leader goes quickly; losing the connection (suspended or lost) counts as
 * losing leadership; a standby also probes the leader ({@link DeadLeaderProbe}) so a killed
 * leader's latch goes before its session expires. Safety does not rest on this: a new leader moves the store epoch, which
 * fences the old one whatever it believes.
 */
public final class LeaderElector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

  /** What the elector reports; called on Curator's threads, so implementations hand off. */
  public interface Listener {
    void elected();

    void deposed();
  }

  private final HaSettings settings;
  private final Listener listener;
  private final CuratorFramework zk;
  private final DeadLeaderProbe probe;
  private LeaderLatch latch;

  public LeaderElector(HaSettings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
    this.zk = CuratorFrameworkFactory.builder()
        .connectString(settings.zkAddress())
        .sessionTimeoutMs(settings.electionSessionMs())
        .connectionTimeoutMs(settings.electionSessionMs())
        .retryPolicy(new RetryNTimes(Integer.MAX_VALUE, 200))
        .build();
    this.probe = new DeadLeaderProbe(settings, zk);
  }

  public synchronized void start() throws Exception {
    zk.start();
    join();
    probe.start();
  }

  private void join() throws Exception {
    latch = new LeaderLatch(zk, settings.electionPath(), settings.rmId(),
        LeaderLatch.CloseMode.SILENT);
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        LOG.info("{} won the election on {}", settings.rmId(), settings.electionPath());
        listener.elected();
      }

      @Override
      public void notLeader() {
        LOG.info("{} is no longer the leader", settings.rmId());
        listener.deposed();
      }
    });
    latch.start();
  }

  /** Gives up leadership (or the place in line) and queues again behind the others. */
  public synchronized void rejoin() {
    try {
      if (latch != null) {
        latch.close();
      }
      join();
    } catch (Exception e) {
      LOG.warn("{} could not rejoin the election", settings.rmId(), e);
    }
  }

  /** The election client's ZooKeeper connection state, for cluster info. */
  public String connectionState() {
    return zk.getZookeeperClient().isConnected() ? "CONNECTED" : "DISCONNECTED";
  }

  @Override
  public synchronized void close() {
    probe.close();
    try {
      if (latch != null) {
        latch.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the latch", e);
    }
    zk.close();
  }
}
