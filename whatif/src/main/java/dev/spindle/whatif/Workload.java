package dev.spindle.whatif;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;

/**
 * What a replay feeds the scheduler: the cluster's nodes and the applications with the work
 * they asked for, independent of any scheduling decision. Built from a recorded trace
 * ({@link TraceLoader}) or a Scheduler Load Simulator job file ({@link SlsLoader}).
 *
 * @param nodes               every node with when it joined and left
 * @param apps                applications in submission order
 * @param heartbeatIntervalMs how often each node heartbeats (an allocation chance per node)
 * @param start               simulated time of the first event
 * @param end                 simulated time the replay stops (what is unfinished then counts
 *                            as unfinished)
 * @param lostEvents          events the recorder dropped (the trace is incomplete if not 0)
 */
public record Workload(List<Node> nodes, List<App> apps, long heartbeatIntervalMs, long start,
    long end, long lostEvents) {

  /**
   * One stay of a node; {@code leave} is {@link Long#MAX_VALUE} when it stayed to the end. A
   * node that left and joined again has one entry per stay, under the same id.
   */
  public record Node(String id, String host, String rack, ResourceVector capacity, long join,
      long leave) {}

  /**
   * An application and its work.
   *
   * @param key        unique key, increasing in submission order
   * @param queue      the queue it was submitted to
   * @param amSize     its AM container (ignored for an unmanaged AM)
   * @param killedAt   when it was killed in the recording, or -1: a kill is the user's, not
   *                   the scheduler's, so the replay kills it at the same time
   * @param amOnlyMs   how long the AM ran when it asked for nothing else, else -1
   * @param workKnown  false for an application the recording never started: what it would
   *                   have asked for is unknown, so the replay measures its AM's wait and then
   *                   lets it go without counting it as finished
   * @param stages     its asks in stages: a stage's asks are made relative to the moment the
   *                   previous stage's work is all done (the first stage: the AM started)
   */
  public record App(long key, String queue, String user, int priority, boolean unmanaged,
      ResourceVector amSize, int amPriority, long submit, long killedAt, long amOnlyMs,
      boolean workKnown, List<List<TaskAsk>> stages) {}

  /**
   * Work an AM asked for at one key: {@code count} more containers of {@code size} (a negative
   * count withdraws that many outstanding ones), each running as long as its entry in
   * {@code runMs}.
   *
   * @param offsetMs   when, after its stage began
   * @param localities host or rack names it preferred (empty: anywhere)
   * @param relax      whether it may be placed off its preferred hosts and racks
   */
  public record TaskAsk(long offsetMs, int priority, long allocationRequestId,
      ResourceVector size, int count, long[] runMs, List<String> localities, boolean relax) {}
}
