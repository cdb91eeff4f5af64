package dev.spindle.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * The FIFO policy: one leaf queue {@code root.default} holding every application, served in
 * order of application priority (higher first) then submission, with no limits beyond the
 * nodes' free space and no delay scheduling. The replacement for YARN's FifoScheduler.
 *
 * <p>Like the stock FifoScheduler, it accepts an application whatever queue it names: the
 * stock scheduler ignores the queue of a submission and files every application under its
 * one queue.
 */
public final class FifoScheduler extends CoreScheduler {

  /** The registered policy name. */
  public static final String NAME = "fifo";
  static final String ROOT = "root";
  static final String LEAF = "default";
  static final String LEAF_PATH = ROOT + "." + LEAF;

  public FifoScheduler(SchedulerSettings settings) {
    super(settings, AppOrdering.FIFO, LocalityDelay.NONE, AssignmentLimit.NONE);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Accepts every application: the stock FifoScheduler ignores the queue name. */
  @Override
  public Optional<Rejection> checkSubmission(AppSpec app) {
    return Optional.empty();
  }

  @Override
  String queuePathOf(AppSpec app) {
    return LEAF_PATH;
  }

  /**
   * The free space of the schedulable nodes, clamped at zero: the stock FifoScheduler's
   * cluster resource minus used resource, the same for every application.
   */
  @Override
  public ResourceVector headroom(long appKey) {
    return state.app(appKey) == null ? ResourceVector.ZERO : state.nodes.schedulableFree();
  }

  @Override
  public Optional<QueueView> queue(String nameOrPath) {
    if (ROOT.equals(nameOrPath)) {
      return Optional.of(view(ROOT, ROOT, List.of(LEAF_PATH), List.of()));
    }
    if (LEAF.equals(nameOrPath) || LEAF_PATH.equals(nameOrPath)) {
      List<Long> appKeys = state.apps().stream().map(AppState::key).toList();
      return Optional.of(view(LEAF, LEAF_PATH, List.of(), appKeys));
    }
    return Optional.empty();
  }

  @Override
  public String rootQueue() {
    return ROOT;
  }

  /** Root and its one leaf look the same: full capacity, all usage, all pending. */
  private QueueView view(String name, String path, List<String> children, List<Long> appKeys) {
    ResourceVector pending = ResourceVector.ZERO;
    for (AppState app : state.apps()) {
      pending = pending.plus(app.asks.pending());
    }
    return new QueueView(name, path, true, 1f, 1f, 1f, clusterUsed(), pending,
        state.ledger.size(), children, appKeys);
  }
}
