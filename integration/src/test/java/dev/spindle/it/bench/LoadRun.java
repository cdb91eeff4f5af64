package dev.spindle.it.bench;

import dev.spindle.loadgen.LoadGenerator;
import dev.spindle.loadgen.LoadResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One scenario played against one RM: what the load generator measured, the RM's heap after
 * a full GC at the end, and what went wrong outside the generator (the RM did not start, died,
 * or a call threw).
 *
 * @param result null when the run did not get that far
 * @param heapAfterGcBytes null when it could not be read
 * @param error null when nothing failed outside the generator
 * @param loadBefore /proc/loadavg just before the RM started: what else the machine was doing
 */
record LoadRun(SingleRm.Kind kind, LoadResult result, Long heapAfterGcBytes, String error,
    String loadBefore) {

  /** A valid generator result and no error. */
  boolean valid() {
    return error == null && result != null && result.valid();
  }

  /** Why the run is not valid; empty when it is. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (error != null) {
      problems.add(error);
    }
    if (result != null) {
      problems.addAll(result.problems());
    }
    return problems;
  }

  /**
   * The problems cut to their first line and 300 characters: an RPC error's message carries
   * the server's stack trace.
   */
  String brief() {
    return problems().stream().map(p -> {
      String first = p.split("\n|\tat ", 2)[0].trim();
      return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }).collect(Collectors.joining("; "));
  }

  /**
   * Starts {@code kind} with {@code heap} and the configuration the scenario calls for, plays
   * it, reads the heap after a full GC, and stops the RM. The RM's or the generator's failures
   * do not throw: they end up in {@link #error}, so that the other runs still happen.
   */
  static LoadRun play(SingleRm.Kind kind, ComparisonScenario scenario, File dir, String heap)
      throws InterruptedException {
    String loadBefore = loadAverage();
    var load = scenario.load();
    var site = LoadRmConf.yarnSite(load.nmHeartbeatMs(), load.nodeMemoryMb(), load.nodeVcores(),
        load.containerMemoryMb());
    File runDir = new File(dir, scenario.name());
    SingleRm rm;
    try {
      rm = SingleRm.start(kind, runDir, site, heap);
    } catch (IOException e) {
      return new LoadRun(kind, null, null, "did not start: " + e.getMessage(), loadBefore);
    }
    LoadResult result = null;
    Long heapAfterGc = null;
    String error = null;
    try {
      LoadGenerator generator = new LoadGenerator(rm.clientConf(), load);
      OptionalLong pid = OptionalLong.of(rm.pid());
      result = scenario.shape().storm()
          ? generator.storm(scenario.stormApps(), scenario.stormThreads(),
              scenario.shape() == ComparisonScenario.Shape.STORM_KILL, pid)
          : generator.run(pid);
      if (!rm.alive()) {
        error = "the RM died during the run; " + rm.log() + " ends with:\n" + rm.logTail(20);
      } else {
        heapAfterGc = rm.heapAfterFullGc();
      }
    } catch (Exception e) {
      error = "the run threw " + e + (rm.alive() ? ""
          : "; the RM died, " + rm.log() + " ends with:\n" + rm.logTail(20));
    } finally {
      rm.close();
    }
    return new LoadRun(kind, result, heapAfterGc, error, loadBefore);
  }

  /** The 1, 5 and 15 minute load averages, or "?" off Linux. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
