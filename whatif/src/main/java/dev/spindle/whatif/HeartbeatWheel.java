package dev.spindle.whatif;

/**
 * Every node's heartbeat at a fixed interval, staggered evenly across it by node index, as a
 * cursor instead of queued events: heartbeats outnumber every other event, and the next one
 * is always computable. Node {@code i} beats at {@code start + offset(i) + k * interval}.
 */
final class HeartbeatWheel {

  private final long start;
  private final long interval;
  private final long[] offset;
  private long round;
  private int pos;

  HeartbeatWheel(long start, long interval, int nodes) {
    this.start = start;
    this.interval = Math.max(1, interval);
    this.offset = new long[nodes];
    for (int i = 0; i < nodes; i++) {
      offset[i] = this.interval * i / Math.max(1, nodes);
    }
  }

  boolean isEmpty() {
    return offset.length == 0;
  }

  /** When the cursor's heartbeat happens. */
  long time() {
    return start + round * interval + offset[pos];
  }

  /** The node whose heartbeat the cursor is at. */
  int node() {
    return pos;
  }

  void advance() {
    if (++pos == offset.length) {
      pos = 0;
      round++;
    }
  }

  /** Moves the cursor to the first heartbeat at or after {@code t}. */
  void seek(long t) {
    round = Math.max(0, (t - start) / interval);
    pos = 0;
    while (time() < t) {
      advance();
    }
  }

  /** The first heartbeat of node {@code i} at or after {@code t}. */
  long nextBeat(int i, long t) {
    long first = start + offset[i];
    return t <= first ? first : first + ((t - first + interval - 1) / interval) * interval;
  }
}
