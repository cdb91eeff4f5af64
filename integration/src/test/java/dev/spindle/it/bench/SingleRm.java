package dev.spindle.it.bench;

import dev.spindle.mini.FixedPorts;
import dev.spindle.mini.Launcher;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * One ResourceManager (no HA) in a child JVM for the load comparison: the stock 3.5.0 RM by
 * its main class on the test classpath, or Spindle's through {@code bin/spindle
 * resourcemanager --conf-dir}; either with the same heap and the same conf dir
 * ({@link LoadRmConf}), on free ports of its own. Its pid is exposed for CPU, RSS and heap
 * figures; {@link #close} stops it with SIGTERM as an operator would, SIGKILL if that hangs.
 */
final class SingleRm implements AutoCloseable {

  private static final String STOCK_MAIN =
      "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager";
  private static final long START_TIMEOUT_MS = 120_000;
  private static final long STOP_TIMEOUT_S = 60;
  private static final List<String> ADDRESS_KEYS = List.of(YarnConfiguration.RM_ADDRESS,
      YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
      YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS,
      YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS);

  /** The RMs compared, in the order they run; label is the table's column. */
  enum Kind {
    /** CapacityScheduler scheduling on heartbeats only: the fastest stock setting on 2 cores. */
    STOCK_SYNC("stock sync"),
    /** The 3.5.0 default: a scheduling thread besides the heartbeats. */
    STOCK_ASYNC("stock async"),
    SPINDLE("Spindle");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean stock() {
      return this != SPINDLE;
    }
  }

  private final Kind kind;
  private final Configuration clientConf;
  private final File log;
  private final Process process;

  private SingleRm(Kind kind, Configuration clientConf, File log, Process process) {
    this.kind = kind;
    this.clientConf = clientConf;
    this.log = log;
    this.process = process;
  }

  /**
   * Writes {@code site} plus free ports into {@code <dir>/<kind>-conf}, starts the RM with
   * {@code -Xmx<heap>} (and a GC log, {@code <dir>/<kind>-gc.log}) and returns once it answers
   * a client call.
   */
  static SingleRm start(Kind kind, File dir, Configuration site, String heap)
      throws IOException, InterruptedException {
    Configuration own = new Configuration(site);
    for (String key : ADDRESS_KEYS) {
      // Written before the RM binds them: ports below the ephemeral range stay free meanwhile.
      own.set(key, "localhost:" + FixedPorts.pick());
    }
    String name = kind.name().toLowerCase();
    File confDir = LoadRmConf.write(new File(dir, name + "-conf"), own,
        kind == Kind.STOCK_ASYNC);
    File log = new File(dir, name + ".log");
    // A GC log beside the RM's output, to tell a collector's pause from a stall of the RM.
    // compare.jvmOpts adds options to every RM (a profiler: -XX:StartFlightRecording=...).
    String extra = System.getProperty("compare.jvmOpts", "").trim().replace("{name}", name);
    String[] jvm = java.util.stream.Stream.of("-Xmx" + heap,
        "-Xlog:gc:file=" + new File(dir, name + "-gc.log").getAbsolutePath(), extra)
        .filter(o -> !o.isEmpty()).toArray(String[]::new);
    Process p = kind.stock() ? ChildRms.startStock(confDir, log, STOCK_MAIN, jvm)
        : Launcher.startResourceManager(confDir.toPath(), log.toPath(), String.join(" ", jvm));
    Configuration client = new YarnConfiguration();
    for (var e : own) {
      client.set(e.getKey(), e.getValue());
    }
    SingleRm rm = new SingleRm(kind, client, log, p);
    try {
      rm.awaitServing();
    } catch (IOException | InterruptedException | RuntimeException e) {
      rm.close();
      throw e;
    }
    return rm;
  }

  Kind kind() {
    return kind;
  }

  /** The RM's JVM (bin/spindle execs java, so its pid is the JVM's). */
  long pid() {
    return process.pid();
  }

  /** A client configuration with the RM's addresses, for YarnClient and the load generator. */
  Configuration clientConf() {
    return new YarnConfiguration(clientConf);
  }

  File log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Heap in use after a full GC in the RM, in bytes. */
  long heapAfterFullGc() throws IOException, InterruptedException {
    return HeapProbe.usedAfterFullGc(pid());
  }

  /** SIGTERM and a wait for the RM's own shutdown; SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
      System.err.println(kind.label + " RM did not stop on SIGTERM in " + STOP_TIMEOUT_S
          + " s; killing it");
      process.destroyForcibly().waitFor();
    }
  }

  /** The last lines of the RM's output, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitServing() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IOException(kind.label + " RM exited with " + process.exitValue()
            + "; " + log + " ends with:\n" + logTail(30));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(kind.label + " RM did not answer within " + START_TIMEOUT_MS
            + " ms; " + log + " ends with:\n" + logTail(30));
      }
      Thread.sleep(200);
    }
  }

  /** Whether getClusterMetrics is answered, trying once without the client's long retries. */
  private boolean answers() {
    return Launcher.rmAnswers(clientConf);
  }
}
