package dev.spindle.loadgen;

/**
 * What the load generator plays: {@code nodes} NodeManagers of the given capacity heartbeating
 * every {@code nmHeartbeatMs}, and {@code apps} unmanaged ApplicationMasters each running
 * {@code containersPerApp} containers of {@code taskMs}, calling {@code allocate} every
 * {@code amHeartbeatMs}.
 *
 * @param idleMs with {@code apps == 0}, how long the nodes just heartbeat (the idle-cost
 *     scenario); ignored otherwise
 * @param timeoutMs the run gives up (and is invalid) after this long
 */
public record LoadScenario(int nodes, int nodeMemoryMb, int nodeVcores, long nmHeartbeatMs,
    int apps, int containersPerApp, int containerMemoryMb, int containerVcores, long taskMs,
    long amHeartbeatMs, String queue, long idleMs, long timeoutMs) {

  public LoadScenario {
    // No nodes is a storm whose AMs cannot be placed: the RM has no node to cap the AM size by.
    notNegative("nodes", nodes);
    positive("nodeMemoryMb", nodeMemoryMb);
    positive("nodeVcores", nodeVcores);
    positive("nmHeartbeatMs", nmHeartbeatMs);
    notNegative("apps", apps);
    notNegative("containersPerApp", containersPerApp);
    positive("containerMemoryMb", containerMemoryMb);
    positive("containerVcores", containerVcores);
    notNegative("taskMs", taskMs);
    positive("amHeartbeatMs", amHeartbeatMs);
    notNegative("idleMs", idleMs);
    positive("timeoutMs", timeoutMs);
    if (queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("queue must be named");
    }
    // 127.1.x.y with x in 0..255 and y in 1..254: one fake address per node.
    if (nodes > 256 * 254) {
      throw new IllegalArgumentException("at most " + 256 * 254 + " nodes, not " + nodes);
    }
  }

  /** 200 nodes of 8 vcores / 32 GiB; 20 apps x 100 containers of 1 vcore / 4 GiB, 500 ms tasks. */
  public static LoadScenario small() {
    return new LoadScenario(200, 32 * 1024, 8, 1000,
        20, 100, 4 * 1024, 1, 500,
        1000, "default", 0, 300_000);
  }

  /** Containers asked for by all the apps together. */
  public long requestedContainers() {
    return (long) apps * containersPerApp;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }

  private static void notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, not " + value);
    }
  }
}
