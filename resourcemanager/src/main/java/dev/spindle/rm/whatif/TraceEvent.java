package dev.spindle.rm.whatif;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a workload trace (JSON lines), by kind {@code e}; fields a kind does not use
 * stay null and are not written. Times are the recording RM's clock in ms; ids are only unique
 * within one recording session ({@code start} line), since a restarted RM numbers anew.
 *
 * <ul>
 *   <li>{@code start}: a recording session begins ({@code session}); every file starts so</li>
 *   <li>{@code node} / {@code node-}: a node joined ({@code id host rack mem vc}) / left</li>
 *   <li>{@code app} / {@code app-}: an application was submitted ({@code app q u pri um amMem
 *       amVc amPri}) / ended ({@code state})</li>
 *   <li>{@code ask}: one ask as its AM sent it ({@code app pri rid res mem vc n relax})</li>
 *   <li>{@code run} / {@code end}: a container started ({@code alloc app pri rid node mem vc am})
 *       / ended ({@code alloc exit})</li>
 *   <li>{@code lost}: the recorder dropped {@code n} events (its queue was full)</li>
 *   <li>{@code stop}: recording stopped (the RM stopped): the trace covers time up to here</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceEvent(
    String e, Long t, Long session,
    String id, String host, String rack, Long mem, Long vc,
    Long app, String q, String u, Integer pri, Boolean um, Long amMem, Long amVc, Integer amPri,
    String state,
    Long rid, String res, Integer n, Boolean relax,
    Long alloc, String node, Boolean am, Integer exit) {

  public static final String START = "start";
  public static final String NODE = "node";
  public static final String NODE_LEFT = "node-";
  public static final String APP = "app";
  public static final String APP_ENDED = "app-";
  public static final String ASK = "ask";
  public static final String RUN = "run";
  public static final String END = "end";
  public static final String LOST = "lost";
  public static final String STOP = "stop";

  static TraceEvent start(long t, long session) {
    return new TraceEvent(START, t, session, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static TraceEvent node(long t, String id, String host, String rack, long mem,
      long vc) {
    return new TraceEvent(NODE, t, null, id, host, rack, mem, vc, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static TraceEvent nodeLeft(long t, String id) {
    return new TraceEvent(NODE_LEFT, t, null, id, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static TraceEvent app(long t, long app, String queue, String user, int priority,
      boolean unmanaged, long amMem, long amVc, int amPriority) {
    return new TraceEvent(APP, t, null, null, null, null, null, null, app, queue, user,
        priority, unmanaged, amMem, amVc, amPriority, null, null, null, null, null, null, null,
        null, null);
  }

  public static TraceEvent appEnded(long t, long app, String state) {
    return new TraceEvent(APP_ENDED, t, null, null, null, null, null, null, app, null, null,
        null, null, null, null, null, state, null, null, null, null, null, null, null, null);
  }

  public static TraceEvent ask(long t, long app, int priority, long rid, String resourceName,
      long mem, long vc, int count, boolean relax) {
    return new TraceEvent(ASK, t, null, null, null, null, mem, vc, app, null, null, priority,
        null, null, null, null, null, rid, resourceName, count, relax, null, null, null, null);
  }

  public static TraceEvent run(long t, long alloc, long app, int priority, long rid,
      String node, long mem, long vc, boolean am) {
    return new TraceEvent(RUN, t, null, null, null, null, mem, vc, app, null, null, priority,
        null, null, null, null, null, rid, null, null, null, alloc, node, am, null);
  }

  public static TraceEvent end(long t, long alloc, int exit) {
    return new TraceEvent(END, t, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, alloc, null, null, exit);
  }

  static TraceEvent stop(long t) {
    return new TraceEvent(STOP, t, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  static TraceEvent lost(long n) {
    return new TraceEvent(LOST, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, (int) Math.min(n, Integer.MAX_VALUE), null,
        null, null, null, null);
  }
}
