package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/spindle demo}, end to end as a user runs it: the
 * script starts a single-node cluster and the stock MapReduce pi example succeeds on it.
 */
class LauncherDemoTest {

  @TempDir
  Path dir;

  @Test
  void theDemoRunsThePiJobToSuccess() throws Exception {
    Path out = dir.resolve("demo.out");
    ProcessBuilder pb = Launcher.command("-Xmx512m", "demo");
    // The demo's temp dir (and the pi job's) under the test's, removed with it.
    pb.environment().put("SPINDLE_OPTS", "-Xmx512m -Djava.io.tmpdir=" + dir);
    pb.redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the demo did not finish");
    } finally {
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("Estimated value of Pi is"), output);
    assertTrue(output.contains("Spindle demo: the pi job succeeded; the cluster is stopped."),
        output);
  }
}
