package dev.spindle.mini;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A single ZooKeeper server inside this JVM, for a cluster that keeps its RM state without an
 * external ensemble: the single-node start command and the MiniCluster. Its snapshots and logs
 * live in {@code dataDir}, so a restarted server (or a restarted cluster on the same
 * directory) finds the state again.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

  private static final int TICK_MS = 500;
  private static final int MAX_CLIENTS = 1000;

  private final ZooKeeperServer server;
  private final ServerCnxnFactory connections;

  private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections) {
    this.server = server;
    this.connections = connections;
  }

  /** Starts a server on localhost:{@code port} (0 = any free port). */
  public static EmbeddedZooKeeper start(File dataDir, int port)
      throws IOException, InterruptedException {
    File snapshots = new File(dataDir, "snapshots");
    File logs = new File(dataDir, "logs");
    if (!snapshots.mkdirs() && !snapshots.isDirectory() || !logs.mkdirs() && !logs.isDirectory()) {
      throw new IOException("cannot create ZooKeeper directories under " + dataDir);
    }
    ZooKeeperServer server = new ZooKeeperServer(snapshots, logs, TICK_MS);
    ServerCnxnFactory connections =
        ServerCnxnFactory.createFactory(new InetSocketAddress("localhost", port), MAX_CLIENTS);
    connections.startup(server);
    return new EmbeddedZooKeeper(server, connections);
  }

  /** The hadoop.zk.address value that reaches this server. */
  public String connectString() {
    return "localhost:" + connections.getLocalPort();
  }

  @Override
  public void close() {
    connections.shutdown();
    server.shutdown();
  }
}
