package dev.spindle.nm.launch;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running launch script: started with {@code setsid} so it leads its own session and
 * process group, which is what gets signalled on kill (yarn-compat 4.7).
 */
public final class ContainerProcess {
  private final Process process;

  private ContainerProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts {@code bash script} in {@code workDir} with only {@code baseEnv} inherited (the
   * script exports everything else), stdout/stderr appended to the prelaunch files.
   */
  public static ContainerProcess start(File script, File workDir, File logDir,
      Map<String, String> baseEnv) throws IOException {
    // A child of the JVM is never a group leader, so setsid execs in place: pid == pgid.
    ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/bash", script.getPath());
    pb.directory(workDir);
    pb.environment().clear();
    pb.environment().putAll(baseEnv);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(
        new File(logDir, LaunchScriptWriter.PRELAUNCH_OUT)));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(
        new File(logDir, LaunchScriptWriter.PRELAUNCH_ERR)));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new ContainerProcess(pb.start());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the script; 128+n when a signal n ended it (143 TERM, 137 KILL). */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** SIGTERM to the group, then SIGKILL after {@code graceMs} if it is still there. */
  public void kill(long graceMs) throws IOException, InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    signalGroup("TERM");
    if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
      signalGroup("KILL");
    } else {
      // The leader is gone; children that ignored TERM may still hold the group.
      signalGroup("KILL");
    }
  }

  /** Sends a signal to the whole process group (negative pid). */
  public void signalGroup(String signal) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("/bin/bash", "-c",
        "kill -" + signal + " -- -" + process.pid() + " 2>/dev/null || true")
        .redirectErrorStream(true).start();
    k.getInputStream().readAllBytes();
    k.waitFor();
  }
}
