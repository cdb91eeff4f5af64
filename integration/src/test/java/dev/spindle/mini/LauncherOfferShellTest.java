package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offer mode as a user meets it: {@code bin/spindle cluster} starts a single-node cluster and
 * {@code bin/spindle offer-shell} runs copies of a command through offers against it,
 * printing each task's exit status; its exit code says whether all succeeded.
 */
class LauncherOfferShellTest {

  @TempDir Path dir;

  @Test
  void offerShellRunsCommandsOnTheCluster() throws Exception {
    Path conf = dir.resolve("conf");
    Path clusterLog = dir.resolve("cluster.log");
    ProcessBuilder pb = Launcher.command("-Xmx768m", "cluster", "--nodes", "1",
        "--ephemeral-ports", "--data-dir", dir.resolve("data").toString(), "--conf-dir",
        conf.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(clusterLog.toFile());
    Process cluster = pb.start();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (!Files.readString(clusterLog).contains("Press Ctrl-C to stop.")) {
        assertTrue(cluster.isAlive(), () -> "the cluster ended: " + read(clusterLog));
        assertTrue(System.currentTimeMillis() < deadline, () -> read(clusterLog));
        Thread.sleep(200);
      }
      Configuration client = ConfDir.load(conf);
      assertTrue(Launcher.rmAnswers(client), "the cluster's RM does not answer");

      Run ok = offerShell("-n", "3", "--memory", "256", "--", "echo", "hello");
      assertEquals(0, ok.exit(), ok.output());
      assertEquals(3, count(ok.output(), "exited with status 0"), ok.output());
      assertTrue(ok.output().contains("3 of 3 tasks succeeded"), ok.output());

      Run failing = offerShell("-n", "2", "--", "exit", "3");
      assertEquals(1, failing.exit(), failing.output());
      assertEquals(2, count(failing.output(), "exited with status 3"), failing.output());

      Run bad = offerShell("-n", "0", "--", "true");
      assertEquals(2, bad.exit(), bad.output());
    } finally {
      cluster.destroy();
      if (!cluster.waitFor(60, TimeUnit.SECONDS)) {
        cluster.destroyForcibly().waitFor();
      }
    }
  }

  private record Run(int exit, String output) {}

  private Run offerShell(String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "offer-shell";
    all[1] = "--conf-dir";
    all[2] = dir.resolve("conf").toString();
    System.arraycopy(args, 0, all, 3, args.length);
    Path log = Files.createTempFile(dir, "offer-shell", ".log");
    ProcessBuilder pb = Launcher.command("-Xmx256m", all);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), () -> "offer-shell hung: " + read(log));
    return new Run(p.exitValue(), read(log));
  }

  private static int count(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
