package dev.spindle.whatif;

import dev.spindle.rm.core.WorkloadRecorder;
import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AmContainerAware;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.PreemptionDecision;
import dev.spindle.scheduler.Preempting;
import dev.spindle.scheduler.Rejection;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Replays a workload against one scheduler in simulated time: a discrete-event loop of node
 * joins and leaves, submissions, asks, container ends and kills, merged with every node's
 * heartbeat at the recorded interval (each an {@code allocateOn}, as the RM does on a real
 * heartbeat). As in the RM, asks and submissions are followed by an {@code allocateAll},
 * a container's end reaches the scheduler on its node's next heartbeat, and a preempting
 * policy gets a round on its monitoring interval. The scheduler is deterministic and so is
 * this loop: the same workload and configuration always give the same numbers.
 *
 * <p>Rationale: heartbeats are by far the most frequent event, so they are not queued one by
 * one; a cursor walks the nodes in a fixed staggered order, and skips ahead while nothing is
 * outstanding (a heartbeat with nothing wanted cannot allocate).
 */
public final class Replay {

  /** Exit statuses an RM would record (stock ContainerExitStatus). */
  private static final int ABORTED = -100;
  private static final int PREEMPTED = -102;
  private static final int LOST = -100;

  private final Workload w;
  private final Scheduler s;
  private final long preemptionIntervalMs;
  /** Told what an RM would record (to make a trace from a synthetic workload). */
  private final WorkloadRecorder recorder;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long seq;
  private long now;

  private final Map<String, Integer> nodeIndex = new HashMap<>();
  private final boolean[] live;
  private final HeartbeatWheel wheel;

  private final Map<Long, AppRun> apps = new HashMap<>();
  private final Map<Long, Run> runs = new HashMap<>();
  private final Map<String, QueueStats> queues = new TreeMap<>();
  /** Containers (AMs included) asked for and not yet allocated, over every application. */
  private long outstanding;
  /** Of those, the ones at keys preferring hosts or racks (delay scheduling counts them). */
  private long localOutstanding;
  /** Bumped on every change to the scheduler's state (see {@link #heartbeat}). */
  private long version;
  /** Per node: the {@link #version} at which its last heartbeat placed nothing, or -1. */
  private final long[] quietAt;
  private long clusterMem;
  private long clusterMemMs;
  private long lastCapacityChange;

  /** False only in tests that check skipping changes nothing. */
  private final boolean skipQuietHeartbeats;

  private Replay(Workload w, Scheduler s, long preemptionIntervalMs,
      WorkloadRecorder recorder, boolean skipQuietHeartbeats) {
    this.skipQuietHeartbeats = skipQuietHeartbeats;
    this.w = w;
    this.s = s;
    this.preemptionIntervalMs = preemptionIntervalMs;
    this.recorder = recorder;
    int n = w.nodes().size();
    this.live = new boolean[n];
    this.quietAt = new long[n];
    java.util.Arrays.fill(quietAt, -1);
    this.wheel = new HeartbeatWheel(w.start(), w.heartbeatIntervalMs(), n);
  }

  /**
   * Replays {@code w} against {@code s} (a fresh scheduler, used up by the replay).
   *
   * @param preemptionIntervalMs how often a preempting policy gets a round
   */
  public static ReplayResult run(Workload w, Scheduler s, long preemptionIntervalMs) {
    return run(w, s, preemptionIntervalMs, WorkloadRecorder.OFF);
  }

  /** As {@link #run(Workload, Scheduler, long)}, telling {@code recorder} what an RM would. */
  public static ReplayResult run(Workload w, Scheduler s, long preemptionIntervalMs,
      WorkloadRecorder recorder) {
    return new Replay(w, s, preemptionIntervalMs, recorder, true).run();
  }

  /** As {@link #run(Workload, Scheduler, long)}, with every heartbeat delivered. */
  static ReplayResult runEveryHeartbeat(Workload w, Scheduler s, long preemptionIntervalMs) {
    return new Replay(w, s, preemptionIntervalMs, WorkloadRecorder.OFF, false).run();
  }

  private ReplayResult run() {
    now = w.start();
    lastCapacityChange = now;
    for (int i = 0; i < w.nodes().size(); i++) {
      Workload.Node n = w.nodes().get(i);
      int idx = i;
      at(n.join(), () -> nodeJoined(idx));
      if (n.leave() != Long.MAX_VALUE) {
        at(n.leave(), () -> nodeLeft(idx));
      }
    }
    for (Workload.App a : w.apps()) {
      at(a.submit(), () -> submit(a));
    }
    if (s instanceof Preempting && preemptionIntervalMs > 0) {
      at(w.start() + preemptionIntervalMs, this::preemptionRound);
    }
    loop();
    finish();
    return new ReplayResult(queues, clusterMemMs, s.nodeVisits(), w.end() - w.start());
  }

  private void loop() {
    long end = w.end();
    boolean wheelIdle = true;
    while (true) {
      long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.peek().time;
      long nextBeat = Long.MAX_VALUE;
      if (outstanding > 0 && !wheel.isEmpty()) {
        if (wheelIdle) {
          wheel.seek(now);
          wheelIdle = false;
        }
        nextBeat = wheel.time();
      } else {
        wheelIdle = true;
      }
      long next = Math.min(nextEvent, nextBeat);
      if (next > end) {
        now = end;
        return;
      }
      now = next;
      if (nextEvent <= nextBeat) {
        events.poll().action.run();
      } else {
        heartbeat(wheel.node());
        wheel.advance();
      }
    }
  }

  /**
   * One node's heartbeat: an {@code allocateOn}, skipped when it cannot place anything. It
   * cannot when nothing changed in the scheduler since this node's last heartbeat placed
   * nothing, and no outstanding ask prefers hosts or racks: a heartbeat that places nothing
   * then changes nothing (without such asks there are no missed opportunities to count), so
   * skipping it leaves every later decision the same.
   */
  private void heartbeat(int node) {
    if (!live[node]
        || (skipQuietHeartbeats && quietAt[node] == version && localOutstanding == 0)) {
      return;
    }
    List<Allocation> placed = s.allocateOn(w.nodes().get(node).id());
    if (placed.isEmpty()) {
      quietAt[node] = version;
    } else {
      handle(placed);
    }
  }

  // --- events -------------------------------------------------------------------------------

  private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private void at(long time, Runnable action) {
    events.add(new Event(Math.max(time, now), seq++, action));
  }

  private void capacityChanged(long delta) {
    clusterMemMs += clusterMem * (now - lastCapacityChange);
    lastCapacityChange = now;
    clusterMem += delta;
  }

  private void nodeJoined(int i) {
    Workload.Node n = w.nodes().get(i);
    NodeSpec spec = new NodeSpec(n.id(), n.host(), n.rack(), n.capacity());
    s.addNode(spec);
    version++;
    // A node that left and joined again is a later entry under the same id.
    nodeIndex.put(n.id(), i);
    recorder.nodeJoined(now, spec);
    live[i] = true;
    capacityChanged(n.capacity().memoryMb());
  }

  private void nodeLeft(int i) {
    Workload.Node n = w.nodes().get(i);
    if (!live[i]) {
      return;
    }
    live[i] = false;
    capacityChanged(-n.capacity().memoryMb());
    recorder.nodeLeft(now, n.id());
    version++;
    for (long id : s.removeNode(n.id())) {
      Run r = runs.get(id);
      if (r != null) {
        lost(r, LOST);
      }
    }
    scheduleAll();
  }

  private void submit(Workload.App a) {
    AppSpec spec = new AppSpec(a.key(), a.queue(), a.user(), a.priority(), a.unmanaged());
    recorder.appSubmitted(now, spec, s.normalize(a.amSize()), a.amPriority());
    Optional<Rejection> rejected = s.addApplication(spec);
    version++;
    if (rejected.isPresent()) {
      QueueStats q = stats(a.queue());
      q.appsSubmitted++;
      q.appsRejected++;
      return;
    }
    AppRun app = new AppRun(a, s.application(a.key()).orElseThrow().queuePath());
    apps.put(a.key(), app);
    stats(app.queue).appsSubmitted++;
    if (a.killedAt() >= 0) {
      at(a.killedAt(), () -> kill(app));
    }
    if (a.unmanaged()) {
      amStarted(app);
    } else {
      askForAm(app);
    }
    scheduleAll();
  }

  private void askForAm(AppRun app) {
    app.amAskedAt = now;
    outstanding++;
    version++;
    s.updateAsks(app.spec.key(), List.of(new Ask(app.spec.amPriority(), 0, Ask.ANY,
        app.spec.amSize(), 1, true)));
  }

  private void amStarted(AppRun app) {
    if (app.stageStarted) {
      return;
    }
    app.stageStarted = true;
    if (!app.spec.workKnown()) {
      at(now, () -> {
        if (!app.over) {
          remove(app, "UNKNOWN");
          scheduleAll();
        }
      });
      return;
    }
    if (app.spec.stages().isEmpty()) {
      long ms = app.spec.amOnlyMs();
      if (ms != Long.MAX_VALUE) {
        at(now + Math.max(0, ms), () -> appDone(app));
      }
      return;
    }
    startStage(app);
  }

  private void startStage(AppRun app) {
    List<Workload.TaskAsk> stage = app.spec.stages().get(app.stage);
    app.stageAsksLeft = stage.size();
    for (Workload.TaskAsk t : stage) {
      at(now + t.offsetMs(), () -> asked(app, t));
    }
  }

  private void asked(AppRun app, Workload.TaskAsk t) {
    if (app.over) {
      return;
    }
    app.stageAsksLeft--;
    KeyWork k = app.keys.computeIfAbsent(AppRun.key(t.priority(), t.allocationRequestId()),
        x -> new KeyWork(t));
    boolean local = !t.localities().isEmpty();
    if (local != k.local) {
      localOutstanding += (local ? 1 : -1) * k.units.size();
      k.local = local;
    }
    k.localities = t.localities();
    k.relax = t.relax();
    if (t.count() > 0) {
      for (long ms : t.runMs()) {
        k.units.addLast(new long[] {now, ms});
      }
      outstanding += t.count();
      localOutstanding += k.local ? t.count() : 0;
    } else {
      int withdraw = Math.min(-t.count(), k.units.size());
      for (int i = 0; i < withdraw; i++) {
        k.units.pollLast();
      }
      outstanding -= withdraw;
      localOutstanding -= k.local ? withdraw : 0;
    }
    sendAsks(app, k);
    scheduleAll();
    checkStageDone(app);
  }

  /** The key's asks as an AM would send them: the count still wanted, where it prefers. */
  private void sendAsks(AppRun app, KeyWork k) {
    int n = k.units.size();
    List<Ask> asks = new ArrayList<>(1 + k.localities.size());
    asks.add(new Ask(k.priority, k.rid, Ask.ANY, k.size, n, k.relax));
    for (String name : k.localities) {
      asks.add(new Ask(k.priority, k.rid, name, k.size, n, true));
    }
    s.updateAsks(app.spec.key(), asks);
    version++;
    recorder.asked(now, app.spec.key(), asks);
  }

  private void scheduleAll() {
    if (outstanding > 0) {
      handle(s.allocateAll());
    }
  }

  private void handle(List<Allocation> placed) {
    version += placed.isEmpty() ? 0 : 1;
    for (Allocation a : placed) {
      AppRun app = apps.get(a.appKey());
      if (app == null || app.over) {
        s.release(a.allocationId());
        continue;
      }
      int node = nodeIndex.get(a.nodeId());
      QueueStats q = stats(app.queue);
      if (app.amAlloc < 0 && !app.spec.unmanaged()) {
        outstanding--;
        q.waited(now - app.amAskedAt);
        app.amAlloc = a.allocationId();
        if (s instanceof AmContainerAware aware) {
          aware.markAmContainer(a.allocationId());
        }
        runs.put(a.allocationId(), new Run(a.allocationId(), app, node,
            a.resource().memoryMb(), now, null, 0));
        recorder.containerStarted(now, a, true);
        q.containers++;
        amStarted(app);
        continue;
      }
      KeyWork k = app.keys.get(AppRun.key(a.priority(), a.allocationRequestId()));
      long[] unit = k == null ? null : k.units.pollFirst();
      localOutstanding -= unit != null && k.local ? 1 : 0;
      if (unit == null) {
        // More than asked for (cannot happen with counts kept in step): give it back.
        s.release(a.allocationId());
        continue;
      }
      outstanding--;
      q.waited(now - unit[0]);
      q.containers++;
      Run r = new Run(a.allocationId(), app, node, a.resource().memoryMb(), now, k, unit[1]);
      runs.put(r.id, r);
      recorder.containerStarted(now, a, false);
      app.liveTasks++;
      at(wheel.nextBeat(node, now + unit[1]), () -> taskDone(r));
    }
  }

  private void taskDone(Run r) {
    if (r.over || !s.release(r.id)) {
      return;
    }
    end(r, 0);
    r.app.liveTasks--;
    checkStageDone(r.app);
  }

  private void checkStageDone(AppRun app) {
    if (app.over || app.stageAsksLeft > 0 || app.liveTasks > 0 || !app.stageStarted
        || app.spec.stages().isEmpty()) {
      return;
    }
    for (KeyWork k : app.keys.values()) {
      if (!k.units.isEmpty()) {
        return;
      }
    }
    if (++app.stage < app.spec.stages().size()) {
      startStage(app);
    } else {
      appDone(app);
    }
  }

  /** Its work is done: the AM unregisters and the application leaves the scheduler. */
  private void appDone(AppRun app) {
    if (app.over) {
      return;
    }
    stats(app.queue).appsFinished++;
    remove(app, "FINISHED");
    scheduleAll();
  }

  private void kill(AppRun app) {
    if (!app.over) {
      remove(app, "KILLED");
      scheduleAll();
    }
  }

  private void remove(AppRun app, String finalState) {
    app.over = true;
    for (KeyWork k : app.keys.values()) {
      outstanding -= k.units.size();
      localOutstanding -= k.local ? k.units.size() : 0;
      k.units.clear();
    }
    if (app.amAlloc < 0 && !app.spec.unmanaged()) {
      outstanding--;
    }
    version++;
    for (long id : s.removeApplication(app.spec.key())) {
      Run r = runs.get(id);
      if (r != null) {
        end(r, ABORTED);
      }
    }
    recorder.appEnded(now, app.spec.key(), finalState);
  }

  /** Charges a container's memory-time to its queue and forgets it. */
  private void end(Run r, int exitStatus) {
    version++;
    r.over = true;
    runs.remove(r.id);
    stats(r.app.queue).memMs += r.memMb * (now - r.start);
    recorder.containerEnded(now, r.id, exitStatus);
  }

  /** Charges a container still running when the replay ends (it has not ended). */
  private void charge(Run r) {
    stats(r.app.queue).memMs += r.memMb * (now - r.start);
  }

  /** A container lost with its node or preempted: its work is asked for again. */
  private void lost(Run r, int exitStatus) {
    end(r, exitStatus);
    AppRun app = r.app;
    if (app.over) {
      return;
    }
    if (r.key == null) {
      app.amAlloc = -1;
      askForAm(app);
      return;
    }
    app.liveTasks--;
    r.key.units.addFirst(new long[] {now, r.runMs});
    outstanding++;
    localOutstanding += r.key.local ? 1 : 0;
    sendAsks(app, r.key);
  }

  private void preemptionRound() {
    PreemptionDecision d = ((Preempting) s).preemptionRound(now);
    for (long id : d.kill()) {
      Run r = runs.get(id);
      if (r != null && s.release(id)) {
        stats(r.app.queue).preemptions++;
        lost(r, PREEMPTED);
      }
    }
    if (!d.kill().isEmpty()) {
      scheduleAll();
    }
    at(now + preemptionIntervalMs, this::preemptionRound);
  }

  /** At the end: charge what still runs and count what still waits as waited so far. */
  private void finish() {
    capacityChanged(0);
    for (Run r : new ArrayList<>(runs.values())) {
      charge(r);
    }
    for (AppRun app : apps.values()) {
      if (app.over) {
        continue;
      }
      QueueStats q = stats(app.queue);
      if (app.amAlloc < 0 && !app.spec.unmanaged()) {
        q.waited(now - app.amAskedAt);
      }
      for (KeyWork k : app.keys.values()) {
        for (long[] unit : k.units) {
          q.waited(now - unit[0]);
        }
      }
    }
  }

  private QueueStats stats(String queue) {
    return queues.computeIfAbsent(queue, x -> new QueueStats());
  }

  // --- replay-side state ----------------------------------------------------------------

  private static final class AppRun {
    final Workload.App spec;
    final String queue;
    final Map<Long, KeyWork> keys = new HashMap<>();
    long amAlloc = -1;
    long amAskedAt;
    boolean stageStarted;
    int stage;
    int stageAsksLeft;
    int liveTasks;
    boolean over;

    AppRun(Workload.App spec, String queue) {
      this.spec = spec;
      this.queue = queue;
    }

    static long key(int priority, long rid) {
      return ((long) priority << 40) ^ rid;
    }
  }

  /** One key's outstanding containers, oldest first: {arrival, run ms}. */
  private static final class KeyWork {
    final int priority;
    final long rid;
    final ResourceVector size;
    final ArrayDeque<long[]> units = new ArrayDeque<>();
    List<String> localities = List.of();
    /** Whether its asks prefer hosts or racks. */
    boolean local;
    boolean relax;

    KeyWork(Workload.TaskAsk t) {
      this.priority = t.priority();
      this.rid = t.allocationRequestId();
      this.size = t.size();
    }
  }

  private static final class Run {
    final long id;
    final AppRun app;
    final int node;
    final long memMb;
    final long start;
    /** Null for an AM container. */
    final KeyWork key;
    final long runMs;
    boolean over;

    Run(long id, AppRun app, int node, long memMb, long start, KeyWork key, long runMs) {
      this.id = id;
      this.app = app;
      this.node = node;
      this.memMb = memMb;
      this.start = start;
      this.key = key;
      this.runMs = runMs;
    }
  }
}
