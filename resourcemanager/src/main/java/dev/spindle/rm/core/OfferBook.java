package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * The RM's record of offers: the outstanding ones (what the scheduler charged, to whom, on
 * which node, since when) and how recent ones ended, so that an answer to an ended offer is
 * refused with the right reason. Offers are soft state: an RM that restarts or fails over
 * starts with an empty book, and the ids name the RM that made them (its cluster timestamp),
 * so a framework answering an offer of an earlier RM is told so. Loop-owned.
 */
final class OfferBook {

  /** An outstanding offer; {@code allocationId} is the scheduler's id of it. */
  record Outstanding(long allocationId, String id, long appKey, ApplicationAttemptId attempt,
      NodeId node, ResourceVector resource, long madeAt) {}

  /** How an offer ended. */
  enum Ending { ACCEPTED, DECLINED, EXPIRED, RESCINDED, WITHDRAWN }

  /** Ended offers remembered for refusals; older ones are "unknown". */
  private static final int ENDED_KEPT = 20_000;

  private final String prefix;
  /** How many are outstanding, published for readers on other threads (metrics). */
  private volatile int outstandingCount;
  OfferListener listener = OfferListener.NONE;
  /** In creation order, so the timeout scan stops at the first young one. */
  private final LinkedHashMap<Long, Outstanding> outstanding = new LinkedHashMap<>();
  private final LinkedHashMap<Long, Ending> ended = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Ending> eldest) {
      return size() > ENDED_KEPT;
    }
  };

  OfferBook(long clusterTimestamp) {
    this.prefix = "o" + clusterTimestamp + "-";
  }

  String idOf(long allocationId) {
    return prefix + allocationId;
  }

  /**
   * The scheduler's id of an offer id this RM made, or -1 when the id is of an earlier RM
   * (another prefix that is well formed), or -2 when it is no offer id at all.
   */
  long parse(String offerId) {
    if (offerId != null && offerId.startsWith(prefix)) {
      try {
        return Long.parseLong(offerId.substring(prefix.length()));
      } catch (NumberFormatException e) {
        return -2;
      }
    }
    return offerId != null && offerId.matches("o\\d+-\\d+") ? -1 : -2;
  }

  Outstanding made(long allocationId, long appKey, ApplicationAttemptId attempt, NodeId node,
      ResourceVector resource, long now) {
    Outstanding o = new Outstanding(allocationId, idOf(allocationId), appKey, attempt, node,
        resource, now);
    outstanding.put(allocationId, o);
    outstandingCount = outstanding.size();
    listener.made();
    return o;
  }

  Outstanding get(long allocationId) {
    return outstanding.get(allocationId);
  }

  boolean isOutstanding(long allocationId) {
    return outstanding.containsKey(allocationId);
  }

  /** How the offer ended, or null when it is outstanding or unknown. */
  Ending ending(long allocationId) {
    return ended.get(allocationId);
  }

  /** Ends an outstanding offer; returns it, or null when it was not outstanding. */
  Outstanding end(long allocationId, Ending how) {
    Outstanding o = outstanding.remove(allocationId);
    if (o != null) {
      ended.put(allocationId, how);
      outstandingCount = outstanding.size();
      switch (how) {
        case ACCEPTED -> listener.accepted();
        case DECLINED -> listener.declined();
        default -> listener.rescinded();
      }
    }
    return o;
  }

  /** The outstanding offers made before {@code deadline}, oldest first. */
  List<Outstanding> madeBefore(long deadline) {
    List<Outstanding> out = new ArrayList<>();
    for (Outstanding o : outstanding.values()) {
      if (o.madeAt() >= deadline) {
        break;
      }
      out.add(o);
    }
    return out;
  }

  List<Outstanding> onNode(NodeId node) {
    List<Outstanding> out = new ArrayList<>();
    for (Outstanding o : outstanding.values()) {
      if (o.node().equals(node)) {
        out.add(o);
      }
    }
    return out;
  }

  List<Outstanding> ofApp(long appKey) {
    List<Outstanding> out = new ArrayList<>();
    for (Outstanding o : outstanding.values()) {
      if (o.appKey() == appKey) {
        out.add(o);
      }
    }
    return out;
  }

  /** The number outstanding now; safe to read from any thread. */
  int outstandingCount() {
    return outstandingCount;
  }

  List<Outstanding> all() {
    return new ArrayList<>(outstanding.values());
  }
}
