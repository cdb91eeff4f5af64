package dev.spindle.rm;

/**
 * The RM's own machinery at a glance (read from any thread, no event-loop call): how far
 * behind the core thread is, how many replies wait for the store, how many AM launches wait.
 *
 * @param loopQueue         operations waiting for the core thread
 * @param parkedReplies     replies held until their state-store write is durable
 * @param amLaunchesQueued  AM launches waiting for a launcher thread
 * @param amLaunchesDropped launches dropped because their attempt ended while they waited
 * @param storeQueued       records handed to the state-store writer, not yet in ZooKeeper
 * @param storeWritten      records written to ZooKeeper since this RM became active
 * @param storeCommits      ZooKeeper multi-op groups that carried them
 */
public record RmInternals(int loopQueue, int parkedReplies, int amLaunchesQueued,
    int amLaunchesDropped, long storeQueued, long storeWritten, long storeCommits) {}
