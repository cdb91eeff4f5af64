package dev.spindle.scheduler;

import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.List;

/** Small builders shared by the scheduler tests. */
final class Fixtures {

  private Fixtures() {}

  static final String R1 = "/r1";
  static final String R2 = "/r2";

  static ResourceVector mb(long memoryMb, long vcores) {
    return ResourceVector.of(memoryMb, vcores);
  }

  /** A node {@code host:8041} on {@code rack}. */
  static NodeSpec node(String host, String rack, long memoryMb, long vcores) {
    return new NodeSpec(host + ":8041", host, rack, mb(memoryMb, vcores));
  }

  static String id(String host) {
    return host + ":8041";
  }

  static AppSpec app(long key) {
    return new AppSpec(key, "default", "alice", 0);
  }

  static AppSpec app(long key, int priority) {
    return new AppSpec(key, "default", "alice", priority);
  }

  static Ask any(int priority, long memoryMb, int count) {
    return new Ask(priority, -1, Ask.ANY, mb(memoryMb, 1), count, true);
  }

  static Ask ask(int priority, String name, long memoryMb, int count, boolean relax) {
    return new Ask(priority, -1, name, mb(memoryMb, 1), count, relax);
  }

  static SchedulerSettings dominant() {
    return new SchedulerSettings(mb(1024, 1), mb(8192, 4), mb(1024, 1), Calculator.DOMINANT);
  }

  /** A FIFO scheduler with stock defaults and three 4 GB nodes: h1, h2 on /r1, h3 on /r2. */
  static FifoScheduler threeNodes() {
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    s.addNode(node("h1", R1, 4096, 4));
    s.addNode(node("h2", R1, 4096, 4));
    s.addNode(node("h3", R2, 4096, 4));
    return s;
  }

  static void submit(Scheduler s, AppSpec app, Ask... asks) {
    if (s.addApplication(app).isPresent()) {
      throw new AssertionError("rejected " + app);
    }
    s.updateAsks(app.appKey(), List.of(asks));
  }

  /** The live ask group of an application, for checking decrements. */
  static AskGroup group(CoreScheduler s, long appKey, int priority) {
    return s.state.app(appKey).asks.group(new AskKey(priority, -1));
  }

  static int count(CoreScheduler s, long appKey, int priority, String name) {
    AskGroup g = group(s, appKey, priority);
    PendingAsk p = Ask.ANY.equals(name) ? g.any() : g.local(name);
    return p == null ? -1 : p.count();
  }
}
