package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/spindle} refuses to start without a usable JDK, with a message saying so. */
class LauncherScriptTest {

  private static final Path SCRIPT = Path.of("..", "bin", "spindle").toAbsolutePath().normalize();

  @Test
  void noJavaAnywhereIsReportedInOneLine() throws Exception {
    Result result = run(Map.of("PATH", "/nonexistent"));

    assertEquals(1, result.exit);
    assertTrue(result.stderr.contains("no Java found: install a JDK 17 or newer"), result.stderr);
  }

  @Test
  void aJavaHomeWithoutJavaIsRefusedBeforeContainersInheritIt() throws Exception {
    Result result = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "/nonexistent-jdk"));

    assertEquals(1, result.exit);
    assertTrue(result.stderr.contains("JAVA_HOME=/nonexistent-jdk has no bin/java"), result.stderr);
  }

  private record Result(int exit, String stderr) {}

  private static Result run(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "demo");
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "launcher did not stop");
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), stderr);
  }
}
