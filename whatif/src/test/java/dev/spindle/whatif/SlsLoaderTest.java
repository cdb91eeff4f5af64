package dev.spindle.whatif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.ResourceVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock Scheduler Load Simulator's input, read with SLS's defaults and replayed. */
class SlsLoaderTest {

  @TempDir
  Path dir;

  /** As in hadoop-sls's sample inputs: concatenated job objects, MR maps then a reduce. */
  static final String JOBS = """
      {
        "am.type" : "mapreduce",
        "job.start.ms" : 0,
        "job.end.ms" : 95375,
        "job.queue.name" : "sls_queue_1",
        "job.id" : "job_1",
        "job.user" : "default",
        "job.tasks" : [ {
          "container.host" : "/default-rack/node1",
          "container.start.ms" : 6664,
          "container.end.ms" : 23707,
          "container.priority" : 20,
          "container.type" : "map"
        }, {
          "container.host" : "/default-rack/node3",
          "container.start.ms" : 6665,
          "container.end.ms" : 21593,
          "container.priority" : 20,
          "container.type" : "map"
        }, {
          "container.host" : "/default-rack/node2",
          "container.start.ms" : 68770,
          "container.end.ms" : 86613,
          "container.priority" : 10,
          "container.type" : "reduce"
        } ]
      }
      {
        "am.type" : "mapreduce",
        "job.start.ms" : 105204,
        "job.end.ms" : 197256,
        "job.queue.name" : "sls_queue_2",
        "job.id" : "job_2",
        "job.user" : "default",
        "am.memory-mb" : 2048,
        "job.tasks" : [ {
          "count" : 4,
          "container.duration.ms" : 5000,
          "container.memory-mb" : 3072,
          "container.vcores" : 2,
          "container.priority" : 20,
          "container.type" : "map"
        } ]
      }
      """;

  static final String NODES = """
      [ {"rack": "default-rack", "nodes": [ {"node": "node1"}, {"node": "node2"},
          {"node": "node3", "resource": {"memory-mb": 20480, "vcores": 20}} ]} ]
      """;

  @Test
  void jobsAndNodesAreReadWithSlsDefaults() throws Exception {
    Files.writeString(dir.resolve("jobs.json"), JOBS);
    Files.writeString(dir.resolve("nodes.json"), NODES);
    Workload w = SlsLoader.load(dir.resolve("jobs.json"), dir.resolve("nodes.json"), 1000);

    assertEquals(3, w.nodes().size());
    assertEquals("/default-rack", w.nodes().get(0).rack());
    assertEquals(ResourceVector.of(10240, 10), w.nodes().get(0).capacity());
    assertEquals(ResourceVector.of(20480, 20), w.nodes().get(2).capacity());

    Workload.App mr = w.apps().get(0);
    assertEquals("sls_queue_1", mr.queue());
    assertEquals(ResourceVector.of(1024, 1), mr.amSize());
    assertEquals(2, mr.stages().size(), "maps, then reduces");
    Workload.TaskAsk maps = mr.stages().get(0).get(0);
    assertEquals(2, maps.count());
    assertEquals(20, maps.priority());
    assertArrayEquals(new long[] {23707 - 6664, 21593 - 6665}, maps.runMs());
    assertTrue(maps.localities().containsAll(List.of("node1", "node3", "/default-rack")));
    assertEquals(10, mr.stages().get(1).get(0).priority());

    Workload.App second = w.apps().get(1);
    assertEquals(105204, second.submit());
    assertEquals(ResourceVector.of(2048, 1), second.amSize());
    Workload.TaskAsk four = second.stages().get(0).get(0);
    assertEquals(4, four.count());
    assertEquals(ResourceVector.of(3072, 2), four.size());
    assertArrayEquals(new long[] {5000, 5000, 5000, 5000}, four.runMs());
  }

  @Test
  void withoutANodesFileTheNodesAreTheJobsHosts() throws Exception {
    Files.writeString(dir.resolve("jobs.json"), JOBS);
    Workload w = SlsLoader.load(dir.resolve("jobs.json"), null, 1000);
    assertEquals(List.of("node1", "node3", "node2"),
        w.nodes().stream().map(Workload.Node::host).toList());
  }

  @Test
  void aTaskWithoutDurationIsRefused() throws Exception {
    Files.writeString(dir.resolve("jobs.json"), "{\"job.start.ms\": 0, \"job.tasks\": [{}]}");
    assertThrows(IllegalArgumentException.class,
        () -> SlsLoader.load(dir.resolve("jobs.json"), null, 1000));
  }

  @Test
  void anSlsWorkloadReplaysOnBothConfigsAndEveryJobFinishes() throws Exception {
    Files.writeString(dir.resolve("jobs.json"), JOBS);
    Files.writeString(dir.resolve("nodes.json"), NODES);
    Files.writeString(dir.resolve("capacity-scheduler.xml"), "<configuration>"
        + CapacityReplayTest.prop("yarn.scheduler.capacity.root.queues",
            "sls_queue_1,sls_queue_2")
        + CapacityReplayTest.prop("yarn.scheduler.capacity.root.sls_queue_1.capacity", 50)
        + CapacityReplayTest.prop("yarn.scheduler.capacity.root.sls_queue_2.capacity", 50)
        + "</configuration>");
    Workload w = SlsLoader.load(dir.resolve("jobs.json"), dir.resolve("nodes.json"), 1000);
    ReplayConfig base = ReplayConfig.of("capacity", null)
        .withCandidate(dir.resolve("capacity-scheduler.xml"), Optional.empty());
    Comparison c = WhatIf.compare(w, base, ReplayConfig.of("fifo", null));
    System.out.println(c.table());
    assertEquals(1, c.baseline().queues().get("root.sls_queue_1").appsFinished());
    assertEquals(1, c.baseline().queues().get("root.sls_queue_2").appsFinished());
    // FIFO has one queue; both jobs land there.
    assertEquals(2, c.candidate().queues().get("root.default").appsFinished());
    // Memory held over time is the jobs' own: 3 GB x 4 x 5 s of tasks at least, in queue 2.
    assertTrue(c.baseline().queues().get("root.sls_queue_2").memMs() >= 3072L * 4 * 5000);
  }
}
