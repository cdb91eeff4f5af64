package dev.spindle.rm.core;

/**
 * Applications counted since this RM became active, as the stock root-queue metrics count
 * them for /ws/v1/cluster/metrics: submitted (recovered unfinished ones included), and ended
 * per final state. Unlike a count over the apps still held, these do not drop when finished
 * applications are evicted.
 *
 * @param pending apps waiting now (submitted or accepted, no registered AM)
 * @param running apps whose AM is registered now (finishing ones too)
 */
public record AppCounters(long submitted, long finished, long failed, long killed,
    int pending, int running) {}
