package dev.spindle.mini;

import dev.spindle.scheduler.InvalidSchedulerConfigException;
import dev.spindle.whatif.Comparison;
import dev.spindle.whatif.ReplayConfig;
import dev.spindle.whatif.SlsLoader;
import dev.spindle.whatif.TraceLoader;
import dev.spindle.whatif.WhatIf;
import dev.spindle.whatif.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spindle whatif}: replays a recorded workload (or an SLS job file) in simulated time
 * against the recorded configuration and a candidate, and prints per queue what changes.
 */
@Command(name = "whatif", mixinStandardHelpOptions = true,
    description = {"Replay a workload against a candidate scheduler configuration.",
        "It runs in simulated time against both configurations and prints, per queue,",
        "wait p50/p95 (ask to allocation), utilisation (share of the cluster's memory over",
        "time), applications finished and preemptions, side by side. The workload is a trace the RM",
        "recorded (spindle.rm.whatif.record.dir) or an SLS job file.",
        "Exit 0: compared; 2: unusable input."})
public final class WhatIfCommand implements Callable<Integer> {

  static final int UNUSABLE = 2;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--trace", description = "A trace directory the RM recorded.")
    Path trace;

    @Option(names = "--sls", description = "An SLS JSON jobs file (the SLS trace type).")
    Path sls;
  }

  @Option(names = "--nodes", description = "With --sls: the SLS nodes file (else the jobs'"
      + " container.host entries, 10240 MB / 10 vcores each).")
  Path nodes;

  @Option(names = "--conf", required = true, description = "The candidate policy file"
      + " (capacity-scheduler.xml or a Fair allocation file, any name) or a directory of them.")
  Path conf;

  @Option(names = "--scheduler", description = "The candidate's policy: fifo, capacity or fair"
      + " (default: the baseline's).")
  String scheduler;

  @Option(names = "--baseline", description = "The baseline policy file or directory"
      + " (default: the configuration the trace was recorded with; stock defaults for SLS).")
  Path baseline;

  @Option(names = "--baseline-scheduler", description = "With --sls: the baseline's policy"
      + " (default: capacity).")
  String baselineScheduler = "capacity";

  @Option(names = "--heartbeat-ms", description = "With --sls: the NM heartbeat interval"
      + " (default: ${DEFAULT-VALUE}).")
  long heartbeatMs = 1000;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      long loadStart = System.nanoTime();
      Workload w;
      ReplayConfig base;
      if (input.trace != null) {
        w = TraceLoader.load(input.trace);
        base = ReplayConfig.recorded(input.trace);
      } else {
        w = SlsLoader.load(input.sls, nodes, heartbeatMs);
        base = ReplayConfig.of(baselineScheduler, null);
      }
      if (baseline != null) {
        base = base.withCandidate(existing(baseline), Optional.empty());
      }
      ReplayConfig candidate = base.withCandidate(existing(conf), Optional.ofNullable(scheduler));
      long loaded = System.nanoTime();
      long span = w.end() - w.start();
      out.printf(Locale.ROOT, "Workload: %d nodes, %d applications over %s"
          + " (NM heartbeat %d ms); baseline %s, candidate %s%n",
          w.nodes().stream().map(Workload.Node::id).distinct().count(), w.apps().size(),
          span >= 3_600_000 ? String.format(Locale.ROOT, "%.1f h", span / 3_600_000.0)
              : String.format(Locale.ROOT, "%.1f s", span / 1000.0), w.heartbeatIntervalMs(),
          base.describe(), candidate.describe());
      if (w.lostEvents() > 0) {
        out.printf(Locale.ROOT, "Warning: the recorder dropped %d events; the trace is"
            + " incomplete%n", w.lostEvents());
      }
      Comparison c = WhatIf.compare(w, base, candidate);
      long done = System.nanoTime();
      out.print(c.table());
      out.printf(Locale.ROOT, "Loaded in %.1f s, replayed twice in %.1f s%n",
          (loaded - loadStart) / 1e9, (done - loaded) / 1e9);
      out.flush();
      return 0;
    } catch (IOException | InvalidSchedulerConfigException | IllegalArgumentException e) {
      err.println("spindle whatif: " + e.getMessage());
      return UNUSABLE;
    }
  }

  private static Path existing(Path p) throws IOException {
    if (!Files.exists(p)) {
      throw new IOException("no such file: " + p);
    }
    return p;
  }
}
