package dev.spindle.it.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.mini.Launcher;
import dev.spindle.mini.MiniCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/spindle loadgen} as a user runs it, against a {@code bin/spindle resourcemanager}
 * process: the table, one JSON line last, and the exit status (0 valid, 1 invalid, 2 usage).
 */
@Timeout(300)
class LoadGenCommandTest {

  private static MiniCluster cluster;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    cluster = new MiniCluster("loadgen-cli", 0).withResourceManagerProcess();
    cluster.init(new YarnConfiguration());
    cluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** The RM daemon this JVM started (bash execs java, so it is the child itself). */
  private static long rmPid() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("resourcemanager"))
        .findFirst().orElseThrow().pid();
  }

  private record Run(int exit, List<String> lines) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
  }

  private Run loadgen(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("loadgen", "--conf-dir",
        cluster.getConfDir().toString()));
    all.addAll(List.of(args));
    ProcessBuilder pb = Launcher.command("-Xmx256m", all.toArray(String[]::new));
    Path out = tmp.resolve("out.txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(tmp.resolve("err.txt").toFile());
    Process process = pb.start();
    assertTrue(process.waitFor(240, TimeUnit.SECONDS), "loadgen did not end");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    System.out.println(String.join("\n", lines));
    return new Run(process.exitValue(), lines);
  }

  @Test
  void aValidRunPrintsTheTableThenOneJsonLineAndExitsZero() throws Exception {
    Run run = loadgen("--nodes", "20", "--apps", "2", "--containers", "50",
        "--task-ms", "200", "--nm-hb-ms", "200", "--am-hb-ms", "200",
        "--timeout-ms", "120000", "--rm-pid", Long.toString(rmPid()));
    assertEquals(0, run.exit(), String.join("\n", run.lines()));
    assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("valid") && l.endsWith("yes")));
    JsonNode json = run.json();
    assertTrue(json.get("valid").asBoolean());
    assertEquals(100, json.get("allocated").asLong());
    assertEquals(100, json.get("completed").asLong());
    assertTrue(json.get("rmCpuSeconds").isNumber(), json.toString());
    assertTrue(json.get("rmPeakRssMb").asLong() > 0, json.toString());
  }

  @Test
  void anInvalidRunSaysWhyAndExitsOne() throws Exception {
    Run run = loadgen("--nodes", "2", "--apps", "1", "--containers", "1",
        "--queue", "no-such-queue", "--timeout-ms", "60000");
    assertEquals(1, run.exit(), String.join("\n", run.lines()));
    JsonNode json = run.json();
    assertFalse(json.get("valid").asBoolean());
    assertFalse(json.get("problems").isEmpty());
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    assertEquals(2, loadgen("--nodes", "0").exit());
  }
}
