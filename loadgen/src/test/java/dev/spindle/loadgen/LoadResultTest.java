package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadResultTest {

  private static LoadResult result(long requested, long allocated, long completed,
      long rpcErrors, long resyncs, long nodeOver, long appOver, List<String> failures) {
    return new LoadResult("containers", 200, 20, requested, allocated, completed,
        1234.5678, 2000, 1500, 3000, new Latency(10, 1.5, 9.25, 12), new Latency(99, 0.5, 2, 3), 0,
        4.0, 1.3333, 512L, rpcErrors, resyncs, 0, nodeOver, appOver, 7, 0, 0, 0, 0, 0, failures);
  }

  @Test
  void validWhenEverythingAllocatedAndCompletedCleanly() {
    LoadResult ok = result(2000, 2000, 2000, 0, 0, 0, 0, List.of());
    assertTrue(ok.valid());
    assertTrue(ok.problems().isEmpty());
  }

  @Test
  void eachFaultIsAProblem() {
    assertEquals(List.of("allocated 1999 of 2000 requested containers",
            "completed 1999 of 2000 requested containers"),
        result(2000, 1999, 1999, 0, 0, 0, 0, List.of()).problems());
    assertEquals(List.of("completed 1990 of 2000 requested containers"),
        result(2000, 2000, 1990, 0, 0, 0, 0, List.of()).problems());
    assertEquals(List.of("3 RPC errors"), result(1, 1, 1, 3, 0, 0, 0, List.of()).problems());
    assertEquals(List.of("2 resyncs ordered"), result(1, 1, 1, 0, 2, 0, 0, List.of()).problems());
    assertEquals(List.of("1 containers placed on a full node"),
        result(1, 1, 1, 0, 0, 1, 0, List.of()).problems());
    assertEquals(List.of("4 containers given to an app beyond its asks"),
        result(1, 1, 1, 0, 0, 0, 4, List.of()).problems());
    LoadResult timedOut = result(1, 1, 1, 0, 0, 0, 0, List.of("timed out"));
    assertFalse(timedOut.valid());
    assertEquals(List.of("timed out"), timedOut.problems());
  }

  @Test
  void jsonIsOneLineWithEveryFigure() throws Exception {
    LoadResult bad = result(2000, 1999, 1999, 1, 0, 0, 0, List.of());
    String json = bad.json();
    assertFalse(json.contains("\n"));
    JsonNode root = new ObjectMapper().readTree(json);
    assertFalse(root.get("valid").asBoolean());
    assertEquals(2000, root.get("requested").asLong());
    assertEquals(1999, root.get("allocated").asLong());
    assertEquals(1234.568, root.get("allocationsPerSecond").asDouble());
    assertEquals(9.25, root.get("allocateMs").get("p99").asDouble());
    assertEquals(99, root.get("heartbeatMs").get("count").asLong());
    assertEquals(1.333, root.get("rmCores").asDouble());
    assertEquals(512, root.get("rmPeakRssMb").asLong());
    assertEquals(7, root.get("surplusReleased").asLong());
    assertEquals(3, root.get("problems").size());
  }

  @Test
  void withoutAPidTheRmFiguresAreNull() throws Exception {
    LoadResult noPid = new LoadResult("idle", 10, 0, 0, 0, 0, 0, 0, 0, 1000, Latency.NONE,
        new Latency(5, 1, 2, 3), 0, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    JsonNode root = new ObjectMapper().readTree(noPid.json());
    assertTrue(root.get("rmCpuSeconds").isNull());
    assertTrue(root.get("rmPeakRssMb").isNull());
    assertTrue(root.get("valid").asBoolean());
    assertTrue(noPid.table().contains("n/a (no --rm-pid)"));
  }
}
