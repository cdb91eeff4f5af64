package dev.spindle.it.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.loadgen.LoadGenerator;
import dev.spindle.loadgen.LoadResult;
import dev.spindle.loadgen.LoadScenario;
import dev.spindle.mini.SpindleCli;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.rm.whatif.WorkloadRecording;
import dev.spindle.rm.whatif.WorkloadTrace;
import dev.spindle.whatif.Replay;
import dev.spindle.whatif.ReplayConfig;
import dev.spindle.whatif.ReplayResult;
import dev.spindle.whatif.TraceLoader;
import dev.spindle.whatif.Workload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spindle whatif} end to end: a real RM records its workload while the load generator
 * plays NodeManagers and AMs over Hadoop RPC; the trace is then replayed through the CLI
 * against the recorded config and a candidate. Also SLS input and unusable input.
 */
@Timeout(300)
class WhatIfCommandTest {

  @TempDir Path trace;
  @TempDir Path rmFiles;
  @TempDir Path work;

  private static String capacity(int a, int b) {
    return "<?xml version=\"1.0\"?>\n<configuration>\n"
        + prop("root.queues", "a,b") + prop("root.a.capacity", a)
        + prop("root.a.maximum-capacity", a) + prop("root.b.capacity", b)
        + "</configuration>\n";
  }

  private static String prop(String key, Object value) {
    return "<property><name>yarn.scheduler.capacity." + key + "</name><value>" + value
        + "</value></property>\n";
  }

  private record Run(int code, String out, String err) {}

  private static Run spindle(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SpindleCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aRealRmRecordsItsWorkloadAndTheCliReplaysIt() throws Exception {
    Files.writeString(rmFiles.resolve("capacity-scheduler.xml"), capacity(50, 50));
    YarnConfiguration conf = new YarnConfiguration();
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.set(YarnConfiguration.RM_SCHEDULER, "capacity");
    conf.set(SchedulerFiles.CONF_DIR_KEY, rmFiles.toString());
    conf.set(WorkloadRecording.DIR_KEY, trace.toString());
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    LoadResult result;
    try {
      // 4 nodes of 8 GB; 3 unmanaged AMs in queue a, 10 containers of 1 GB each.
      LoadScenario scenario = new LoadScenario(4, 8192, 8, 200, 3, 10, 1024, 1, 300, 200,
          "a", 0, 120_000);
      result = new LoadGenerator(new YarnConfiguration(rm.getConfig()), scenario)
          .run(OptionalLong.empty());
      // Then the cluster idles for a while: recorded time with nothing asked for.
      new LoadGenerator(new YarnConfiguration(rm.getConfig()), new LoadScenario(4, 8192, 8,
          200, 0, 0, 1024, 1, 0, 200, "a", 2000, 60_000)).run(OptionalLong.empty());
    } finally {
      rm.stop();
    }
    assertTrue(result.valid(), result.table());
    assertEquals(30, result.completed());

    // The recording: meta, the recorded config, and the workload.
    assertTrue(Files.isRegularFile(trace.resolve(WorkloadTrace.META_FILE)));
    assertTrue(Files.readString(trace.resolve("conf/capacity-scheduler.xml"))
        .contains("root.a.capacity"));
    assertFalse(WorkloadTrace.files(trace).isEmpty());
    Workload w = TraceLoader.load(trace);
    // Each node stayed twice: the idle run re-registered it.
    assertEquals(8, w.nodes().size());
    assertEquals(4, w.nodes().stream().map(Workload.Node::id).distinct().count());
    assertEquals(3, w.apps().size());
    assertEquals(200, w.heartbeatIntervalMs());
    assertEquals(0, w.lostEvents());
    long asked = 0;
    for (Workload.App app : w.apps()) {
      assertEquals("a", app.queue());
      assertTrue(app.unmanaged());
      asked += app.stages().stream().flatMap(List::stream)
          .mapToLong(Workload.TaskAsk::count).sum();
    }
    assertTrue(asked >= 30, asked + " containers asked for");

    // Replayed on the recorded config, every application finishes as it did.
    ReplayConfig recorded = ReplayConfig.recorded(trace);
    ReplayResult replayed = Replay.run(w, recorded.create(), recorded.preemptionIntervalMs());
    assertEquals(3, replayed.queues().get("root.a").appsFinished());
    assertTrue(replayed.queues().get("root.a").containers() >= 30);

    // The CLI against a candidate that shrinks a.
    Path candidate = work.resolve("candidate.xml");
    Files.writeString(candidate, capacity(10, 90));
    Run r = spindle("whatif", "--trace", trace.toString(), "--conf", candidate.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("Workload: 4 nodes, 3 applications"), r.out());
    System.out.println(r.out());
    assertTrue(r.out().contains("root.a"), r.out());
    assertTrue(r.out().contains("wait95"), r.out());
    assertTrue(r.out().contains("replayed twice"), r.out());
  }

  @Test
  void slsJobsReplayThroughTheCli() throws Exception {
    Path jobs = work.resolve("jobs.json");
    Files.writeString(jobs, """
        {"am.type": "mapreduce", "job.start.ms": 0, "job.queue.name": "a",
         "job.tasks": [{"count": 20, "container.duration.ms": 10000,
                        "container.host": "/default-rack/node1"}]}
        {"am.type": "mapreduce", "job.start.ms": 1000, "job.queue.name": "b",
         "job.tasks": [{"count": 20, "container.duration.ms": 10000,
                        "container.host": "/default-rack/node2"}]}
        """);
    Path nodes = work.resolve("nodes.json");
    Files.writeString(nodes, "[{\"rack\": \"default-rack\", \"nodes\": [{\"node\": \"node1\"},"
        + " {\"node\": \"node2\"}]}]");
    Path base = work.resolve("base.xml");
    Files.writeString(base, capacity(50, 50));
    Path candidate = work.resolve("candidate.xml");
    Files.writeString(candidate, capacity(10, 90));
    Run r = spindle("whatif", "--sls", jobs.toString(), "--nodes", nodes.toString(),
        "--baseline", base.toString(), "--conf", candidate.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    System.out.println(r.out());
    assertTrue(r.out().contains("Workload: 2 nodes, 2 applications"), r.out());
    // Each of a's and b's rows: the job finishes either way (a is slower with 10%).
    assertTrue(r.out().contains("root.a"), r.out());
    assertTrue(r.out().matches("(?s).*apps\\s+1\\s+1\\s+\\+0.*"), r.out());
  }

  @Test
  void unusableInputExitsTwo() throws Exception {
    Run missing = spindle("whatif", "--trace", work.resolve("none").toString(), "--conf",
        work.resolve("none.xml").toString());
    assertEquals(2, missing.code(), missing.out());
    assertTrue(missing.err().contains("spindle whatif:"), missing.err());

    Path jobs = work.resolve("jobs.json");
    Files.writeString(jobs, "{\"job.start.ms\": 0, \"job.queue.name\": \"a\","
        + " \"job.tasks\": [{\"container.duration.ms\": 1000}]}");
    Path broken = work.resolve("broken.xml");
    Files.writeString(broken, capacity(60, 60));
    Run refused = spindle("whatif", "--sls", jobs.toString(), "--conf", broken.toString());
    assertEquals(2, refused.code(), refused.out() + refused.err());
  }
}
