package dev.spindle.whatif;

import dev.spindle.rm.whatif.FileWorkloadRecorder;
import dev.spindle.rm.whatif.TraceMeta;
import dev.spindle.rm.whatif.WorkloadTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes a trace directory as the RM would record it, from a workload played in simulated
 * time: the replay tells the RM's own file recorder what an RM would see.
 */
public final class TraceFixture {

  private TraceFixture() {}

  /** Plays {@code w} on {@code config} (whose files are {@code files}) into {@code dir}. */
  public static ReplayResult record(Workload w, String scheduler, Map<String, String> files,
      Path dir) throws IOException {
    Path conf = dir.resolve(WorkloadTrace.CONF_DIR);
    Files.createDirectories(conf);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(conf.resolve(f.getKey()), f.getValue());
    }
    WorkloadTrace.JSON.writeValue(dir.resolve(WorkloadTrace.META_FILE).toFile(),
        new TraceMeta(scheduler, w.heartbeatIntervalMs(), w.start()));
    ReplayConfig config = ReplayConfig.recorded(dir);
    ReplayResult result;
    try (FileWorkloadRecorder recorder = new FileWorkloadRecorder(dir, 64L << 20, 64,
        4 << 20, 1, w.start())) {
      result = Replay.run(w, config.create(), config.preemptionIntervalMs(), recorder);
      recorder.stop(w.end());
      if (recorder.dropped() > 0) {
        throw new IllegalStateException("the recorder dropped " + recorder.dropped());
      }
    }
    return result;
  }
}
