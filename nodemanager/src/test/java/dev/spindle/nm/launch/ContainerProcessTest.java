package dev.spindle.nm.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** launch_container.sh run for real with bash under setsid; signals to the group. */
class ContainerProcessTest {
  @TempDir File tmp;

  private ContainerProcess launch(String command, Map<String, File> links) throws Exception {
    File work = new File(tmp, "work");
    File logs = new File(tmp, "logs");
    Files.createDirectories(work.toPath());
    Files.createDirectories(logs.toPath());
    File script = new File(tmp, LaunchScriptWriter.SCRIPT);
    new LaunchScriptWriter(true).write(script, logs,
        List.of(new EnvEntry("GREETING", "hello", false),
            new EnvEntry("FROM_NM", "nm-default", true)),
        links, List.of(command));
    return ContainerProcess.start(script, work, logs, Map.of("PATH", System.getenv("PATH")));
  }

  private String logFile(String name) throws Exception {
    return Files.readString(new File(tmp, "logs/" + name).toPath());
  }

  @Test
  void theScriptExportsTheEnvironmentLinksResourcesAndRunsTheCommand() throws Exception {
    File target = new File(tmp, "data.txt");
    Files.writeString(target.toPath(), "payload");
    ContainerProcess p = launch("echo $GREETING $FROM_NM; cat sub/dir/link.txt",
        Map.of("sub/dir/link.txt", target));
    assertEquals(0, p.waitFor());
    assertTrue(logFile("prelaunch.out").contains("hello nm-default\npayload"),
        logFile("prelaunch.out"));
    assertTrue(logFile("launch_container.sh").contains("exec /bin/bash -c"));
    assertTrue(logFile("directory.info").contains("link.txt"));
  }

  @Test
  void exitCodesZeroOneTermAndKill() throws Exception {
    assertEquals(0, launch("exit 0", Map.of()).waitFor());
    assertEquals(1, launch("exit 1", Map.of()).waitFor());
    assertEquals(143, launch("kill -TERM $$", Map.of()).waitFor());
    assertEquals(137, launch("kill -KILL $$", Map.of()).waitFor());
  }

  @Test
  void killSendsTermToTheGroupFirst() throws Exception {
    ContainerProcess p = launch("touch ready; sleep 60", Map.of());
    awaitStarted();
    p.kill(5_000);
    assertEquals(143, p.waitFor());
  }

  @Test
  void aProcessIgnoringTermIsKilledAfterTheDelay() throws Exception {
    ContainerProcess p = launch("trap '' TERM; touch ready; sleep 60 & wait", Map.of());
    awaitStarted();
    long t0 = System.nanoTime();
    p.kill(250);
    assertEquals(137, p.waitFor());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 250, "SIGKILL only after the delay, took " + ms + " ms");
  }

  /** Polls until the command itself is running (it touches work/ready first). */
  private void awaitStarted() throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    File ready = new File(tmp, "work/ready");
    while (!ready.exists()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("command did not start");
      }
      Thread.sleep(10);
    }
  }
}
