package dev.spindle.whatif;

import dev.spindle.rm.whatif.TraceEvent;
import dev.spindle.rm.whatif.TraceMeta;
import dev.spindle.rm.whatif.WorkloadTrace;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a recorded trace directory into a {@link Workload}. The trace holds asks as AMs sent
 * them (an absolute count outstanding per key) and each container's start and end; what the
 * replay needs is the work: how many containers each ask added and how long each ran.
 *
 * <p>At each ask the containers it adds are its count minus what was still outstanding at that
 * key, i.e. the previous count less the containers started there since; a lower count withdraws.
 * The run times of the containers started at a key are handed, in order, to the containers
 * asked for there; containers the recording preempted are left out (their work was asked for
 * again and ran in full later). Asks become offsets from the AM's start, so an AM that starts
 * later in a replay asks later too.
 */
public final class TraceLoader {

  /** A run time for asked containers the recording never ran: the median of its key, app... */
  static final long DEFAULT_RUN_MS = 1000;

  private static final int PREEMPTED = -102;

  private TraceLoader() {}

  public static Workload load(Path dir) throws IOException {
    TraceMeta meta = WorkloadTrace.readMeta(dir);
    Builder b = new Builder();
    for (Path file : WorkloadTrace.files(dir)) {
      try (InputStream in = Files.newInputStream(file)) {
        TraceLines.read(in, b::add);
      }
    }
    return b.build(meta.heartbeatIntervalMs());
  }

  /** Trace lines in, workload out; ids are scoped by session. */
  static final class Builder {
    /** Every stay of a node (one that leaves and joins again stays twice), and the last. */
    private final List<NodeRec> stays = new ArrayList<>();
    private final Map<String, NodeRec> nodes = new HashMap<>();
    private final Map<String, AppRec> apps = new LinkedHashMap<>();
    private final Map<String, RunRec> runs = new HashMap<>();
    private long session;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;
    private long lost;

    void add(TraceEvent e) {
      if (e.t() != null && !TraceEvent.START.equals(e.e())) {
        start = Math.min(start, e.t());
        end = Math.max(end, e.t());
      }
      switch (e.e()) {
        case TraceEvent.START -> session = e.session();
        case TraceEvent.LOST -> lost += e.n();
        case TraceEvent.NODE -> {
          NodeRec last = nodes.get(session + "/" + e.id());
          // A node still there is a carried copy; one that left has joined again.
          if (last == null || last.leave != Long.MAX_VALUE) {
            NodeRec stay = new NodeRec(e);
            stays.add(stay);
            nodes.put(session + "/" + e.id(), stay);
          }
        }
        case TraceEvent.NODE_LEFT -> {
          NodeRec n = nodes.get(session + "/" + e.id());
          if (n != null && n.leave == Long.MAX_VALUE) {
            n.leave = e.t();
          }
        }
        case TraceEvent.APP -> apps.putIfAbsent(session + "/" + e.app(), new AppRec(e));
        case TraceEvent.APP_ENDED -> {
          AppRec a = apps.get(session + "/" + e.app());
          if (a != null) {
            a.end = e.t();
            a.endState = e.state();
          }
        }
        case TraceEvent.ASK -> {
          AppRec a = apps.get(session + "/" + e.app());
          if (a != null) {
            a.asks.add(e);
          }
        }
        case TraceEvent.RUN -> {
          AppRec a = apps.get(session + "/" + e.app());
          if (a != null && runs.putIfAbsent(session + "/" + e.alloc(), new RunRec(e)) == null) {
            a.runs.add(runs.get(session + "/" + e.alloc()));
          }
        }
        case TraceEvent.END -> {
          RunRec r = runs.get(session + "/" + e.alloc());
          if (r != null && r.end < 0) {
            r.end = e.t();
            r.exit = e.exit();
          }
        }
        default -> { }
      }
    }

    Workload build(long heartbeatMs) {
      if (start == Long.MAX_VALUE) {
        start = 0;
        end = 0;
      }
      List<Workload.Node> outNodes = new ArrayList<>();
      for (NodeRec n : stays) {
        outNodes.add(new Workload.Node(n.e.id(), n.e.host(), n.e.rack(),
            ResourceVector.of(n.e.mem(), n.e.vc()), n.e.t(), n.leave));
      }
      List<Workload.App> outApps = new ArrayList<>();
      long key = 1;
      for (AppRec a : apps.values()) {
        outApps.add(a.toApp(key++, end));
      }
      return new Workload(outNodes, outApps, heartbeatMs, start, end, lost);
    }
  }

  private static final class NodeRec {
    final TraceEvent e;
    long leave = Long.MAX_VALUE;

    NodeRec(TraceEvent e) {
      this.e = e;
    }
  }

  private static final class RunRec {
    final TraceEvent e;
    long end = -1;
    int exit;

    RunRec(TraceEvent e) {
      this.e = e;
    }

    long runMs(long traceEnd) {
      return Math.max(0, (end < 0 ? traceEnd : end) - e.t());
    }
  }

  private static final class AppRec {
    final TraceEvent e;
    final List<TraceEvent> asks = new ArrayList<>();
    final List<RunRec> runs = new ArrayList<>();
    long end = -1;
    String endState;

    AppRec(TraceEvent e) {
      this.e = e;
    }

    Workload.App toApp(long key, long traceEnd) {
      RunRec am = null;
      for (RunRec r : runs) {
        if (Boolean.TRUE.equals(r.e.am())) {
          am = r;
          break;
        }
      }
      boolean unmanaged = Boolean.TRUE.equals(e.um());
      long amStart = unmanaged ? e.t() : am == null ? -1 : am.e.t();
      List<Workload.TaskAsk> tasks = amStart < 0 ? List.of() : tasks(amStart, traceEnd);
      long amOnly = -1;
      if (tasks.isEmpty()) {
        long amEnd = am != null && am.end >= 0 ? am.end : end;
        amOnly = amStart < 0 || amEnd < 0 ? Long.MAX_VALUE : Math.max(0, amEnd - amStart);
      }
      long killedAt = "KILLED".equals(endState) ? end : -1;
      return new Workload.App(key, e.q(), e.u(), e.pri(), unmanaged,
          ResourceVector.of(e.amMem(), e.amVc()), e.amPri(), e.t(), killedAt, amOnly,
          amStart >= 0, tasks.isEmpty() ? List.of() : List.of(tasks));
    }

    /** The asks' work, key by key, in time order. */
    private List<Workload.TaskAsk> tasks(long amStart, long traceEnd) {
      Map<String, KeyRec> keys = new LinkedHashMap<>();
      for (RunRec r : runs) {
        if (!Boolean.TRUE.equals(r.e.am())) {
          keys.computeIfAbsent(r.e.pri() + "/" + r.e.rid(), k -> new KeyRec()).runs.add(r);
        }
      }
      List<Workload.TaskAsk> out = new ArrayList<>();
      // One AM call's asks at a key share a time: ANY carries the count, the rest locality.
      int i = 0;
      while (i < asks.size()) {
        TraceEvent first = asks.get(i);
        int j = i;
        TraceEvent any = null;
        List<String> localities = new ArrayList<>();
        while (j < asks.size() && asks.get(j).t().equals(first.t())
            && asks.get(j).pri().equals(first.pri()) && asks.get(j).rid().equals(first.rid())) {
          TraceEvent a = asks.get(j);
          if (Ask.ANY.equals(a.res())) {
            any = a;
          } else if (a.n() > 0) {
            localities.add(a.res());
          }
          j++;
        }
        i = j;
        if (any == null) {
          continue;
        }
        KeyRec k = keys.computeIfAbsent(any.pri() + "/" + any.rid(), x -> new KeyRec());
        int added = k.askAt(any.t(), any.n());
        if (added == 0) {
          continue;
        }
        long[] runMs = new long[Math.max(0, added)];
        for (int u = 0; u < runMs.length; u++) {
          runMs[u] = k.nextRunMs(traceEnd);
        }
        out.add(new Workload.TaskAsk(Math.max(0, any.t() - amStart), any.pri(), any.rid(),
            ResourceVector.of(any.mem(), any.vc()), added, runMs, List.copyOf(localities),
            any.relax()));
      }
      return out;
    }
  }

  /** One key's asks against its containers: how many each ask added, and their run times. */
  private static final class KeyRec {
    final List<RunRec> runs = new ArrayList<>();
    int lastCount;
    /** Runs started before the previous ask (runs are in start order). */
    int startedBeforeLastAsk;
    int nextRun;
    long median = -1;

    /** The containers an ask of {@code count} at {@code t} adds (negative: withdraws). */
    int askAt(long t, int count) {
      // Started from the previous ask (the AM's own call allocates right after its asks are
      // applied, in the same millisecond) up to just before this one.
      int startedBefore = startedBeforeLastAsk;
      while (startedBefore < runs.size() && runs.get(startedBefore).e.t() < t) {
        startedBefore++;
      }
      int outstanding = Math.max(0, lastCount - (startedBefore - startedBeforeLastAsk));
      lastCount = count;
      startedBeforeLastAsk = startedBefore;
      return count - outstanding;
    }

    long nextRunMs(long traceEnd) {
      while (nextRun < runs.size()) {
        RunRec r = runs.get(nextRun++);
        if (r.exit != PREEMPTED) {
          return r.runMs(traceEnd);
        }
      }
      return median(traceEnd);
    }

    private long median(long traceEnd) {
      if (median < 0) {
        long[] all = runs.stream().filter(r -> r.exit != PREEMPTED)
            .mapToLong(r -> r.runMs(traceEnd)).sorted().toArray();
        median = all.length == 0 ? DEFAULT_RUN_MS : all[all.length / 2];
      }
      return median;
    }
  }
}
