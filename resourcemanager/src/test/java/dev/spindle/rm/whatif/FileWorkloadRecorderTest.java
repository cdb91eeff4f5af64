package dev.spindle.rm.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.Locality;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWorkloadRecorderTest {

  @TempDir
  Path dir;

  private static List<TraceEvent> read(Path file) throws IOException {
    List<TraceEvent> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(WorkloadTrace.JSON.readValue(line, TraceEvent.class));
    }
    return out;
  }

  private static List<TraceEvent> readAll(Path dir) throws IOException {
    List<TraceEvent> out = new ArrayList<>();
    for (Path f : WorkloadTrace.files(dir)) {
      out.addAll(read(f));
    }
    return out;
  }

  @Test
  void everyKindOfEventIsWrittenAsOneJsonLine() throws Exception {
    try (FileWorkloadRecorder r = new FileWorkloadRecorder(dir, 1 << 20, 4, 1000, 7, 100)) {
      r.nodeJoined(100, new NodeSpec("h1:1", "h1", "/r1", ResourceVector.of(8192, 8)));
      r.appSubmitted(110, new AppSpec(1, "a", "alice", 0), ResourceVector.of(1024, 1), 0);
      r.asked(120, 1, List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(2048, 1), 3, true),
          new Ask(1, 0, "h1", ResourceVector.of(2048, 1), 1, true)));
      r.containerStarted(130, new Allocation(5, 1, "h1:1", ResourceVector.of(2048, 1), 1, 0,
          Locality.NODE_LOCAL, false), false);
      r.containerEnded(190, 5, -102);
      r.appEnded(200, 1, "FINISHED");
      r.nodeLeft(210, "h1:1");
    }
    List<TraceEvent> events = readAll(dir);
    assertEquals(List.of("start", "node", "app", "ask", "ask", "run", "end", "app-", "node-"),
        events.stream().map(TraceEvent::e).toList());
    assertEquals(7L, events.get(0).session());
    TraceEvent ask = events.get(3);
    assertEquals(120L, ask.t());
    assertEquals(2048L, ask.mem());
    assertEquals(3, ask.n());
    assertEquals("*", ask.res());
    assertEquals(-102, events.get(6).exit());
    assertEquals("alice", events.get(2).u());
    // Compact: unused fields are not written.
    assertFalse(Files.readAllLines(WorkloadTrace.files(dir).get(0)).get(6).contains("null"));
  }

  @Test
  void filesRollBySizeKeepAtMostNAndEachCarriesWhatIsStillLive() throws Exception {
    try (FileWorkloadRecorder r = new FileWorkloadRecorder(dir, 2_000, 3, 100_000, 1, 0)) {
      r.nodeJoined(0, new NodeSpec("stays:1", "stays", "/r", ResourceVector.of(8192, 8)));
      r.nodeJoined(0, new NodeSpec("goes:1", "goes", "/r", ResourceVector.of(8192, 8)));
      r.nodeLeft(1, "goes:1");
      r.appSubmitted(2, new AppSpec(1, "a", "u", 0), ResourceVector.of(1024, 1), 0);
      for (int i = 0; i < 500; i++) {
        r.asked(10 + i, 1, List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(1024, 1), i, true)));
      }
    }
    List<Path> files = WorkloadTrace.files(dir);
    assertEquals(3, files.size(), "only the newest files are kept");
    assertTrue(WorkloadTrace.indexOf(files.get(0)) > 3, "older files were deleted: " + files);
    for (Path f : files) {
      assertTrue(Files.size(f) < 2_000 + 500, f + " is bounded");
      List<TraceEvent> events = read(f);
      assertEquals("start", events.get(0).e());
      assertTrue(events.stream().anyMatch(e -> "stays:1".equals(e.id())), f + " carries the node");
      assertTrue(events.stream().noneMatch(e -> "goes:1".equals(e.id())), f + " the left node");
      assertTrue(events.stream().anyMatch(e -> "app".equals(e.e())), f + " carries the app");
    }
    // The last ask is in the newest file.
    List<TraceEvent> last = read(files.get(2));
    assertEquals(499, last.get(last.size() - 1).n());
  }

  @Test
  void aFullQueueDropsEventsInsteadOfBlockingAndTheTraceCountsThem() throws Exception {
    int offered = 50_000;
    long dropped;
    long written;
    try (FileWorkloadRecorder r = new FileWorkloadRecorder(dir, 64 << 20, 2, 4, 1, 0)) {
      for (int i = 0; i < offered; i++) {
        r.containerEnded(i, i, 0);
      }
      r.close();
      dropped = r.dropped();
      written = r.written();
    }
    assertEquals(offered, dropped + written);
    List<TraceEvent> events = readAll(dir);
    long ends = events.stream().filter(e -> "end".equals(e.e())).count();
    long lost = events.stream().filter(e -> "lost".equals(e.e())).mapToLong(TraceEvent::n).sum();
    assertEquals(written, ends);
    assertEquals(dropped, lost);
  }

  @Test
  void numberingContinuesAfterAnEarlierSession() throws Exception {
    try (FileWorkloadRecorder r = new FileWorkloadRecorder(dir, 1 << 20, 4, 10, 1, 0)) {
      r.nodeLeft(0, "x");
    }
    try (FileWorkloadRecorder r = new FileWorkloadRecorder(dir, 1 << 20, 4, 10, 2, 5)) {
      r.nodeLeft(5, "y");
    }
    List<Path> files = WorkloadTrace.files(dir);
    assertEquals(2, files.size());
    assertEquals(2L, read(files.get(1)).get(0).session());
  }
}
