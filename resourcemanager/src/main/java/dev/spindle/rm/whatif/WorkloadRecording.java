package dev.spindle.rm.whatif;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.scheduler.SchedulerConfigSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Turns workload recording on from the RM configuration. Off unless
 * {@value #DIR_KEY} names a directory; the other keys bound what it keeps.
 */
public final class WorkloadRecording {

  /** The one key that turns recording on: the trace directory. */
  public static final String DIR_KEY = "spindle.rm.whatif.record.dir";
  /** A file is closed and a new one started at this size. */
  public static final String MAX_FILE_BYTES_KEY = "spindle.rm.whatif.record.max-file-bytes";
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  /** Older files beyond this many are deleted. */
  public static final String MAX_FILES_KEY = "spindle.rm.whatif.record.max-files";
  public static final int DEFAULT_MAX_FILES = 16;
  /** Events waiting for the writer; beyond this they are dropped (and counted). */
  public static final String QUEUE_KEY = "spindle.rm.whatif.record.queue-capacity";
  public static final int DEFAULT_QUEUE = 100_000;

  /** yarn-site keys a replay needs to build the same scheduler; nothing else is copied. */
  private static final List<String> SCHEDULER_KEY_PREFIXES = List.of("yarn.scheduler.",
      "yarn.resourcemanager.scheduler.", "yarn.resource-types",
      "yarn.resourcemanager.monitor.", "yarn.resourcemanager.nodemanagers.heartbeat-interval-ms",
      "yarn.cluster.max-application-priority");

  private WorkloadRecording() {}

  /**
   * Starts recording when the configuration asks for it: writes the session's meta file and
   * the recorded config, then returns the running recorder; empty when recording is off.
   */
  public static Optional<FileWorkloadRecorder> start(Configuration conf, long now)
      throws IOException {
    String dir = conf.getTrimmed(DIR_KEY, "");
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(dir);
    Files.createDirectories(path.resolve(WorkloadTrace.CONF_DIR));
    String scheduler = SpindleResourceManager.schedulerName(conf);
    long heartbeat = conf.getLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS,
        YarnConfiguration.DEFAULT_RM_NM_HEARTBEAT_INTERVAL_MS);
    WorkloadTrace.JSON.writeValue(path.resolve(WorkloadTrace.META_FILE).toFile(),
        new TraceMeta(scheduler, heartbeat, now));
    copyConfig(conf, path.resolve(WorkloadTrace.CONF_DIR));
    return Optional.of(new FileWorkloadRecorder(path,
        conf.getLong(MAX_FILE_BYTES_KEY, DEFAULT_MAX_FILE_BYTES),
        conf.getInt(MAX_FILES_KEY, DEFAULT_MAX_FILES),
        conf.getInt(QUEUE_KEY, DEFAULT_QUEUE), now, now));
  }

  /** The policy files as the scheduler reads them, and the scheduler keys of yarn-site. */
  private static void copyConfig(Configuration conf, Path confDir) throws IOException {
    SchedulerConfigSource source = SchedulerFiles.of(conf);
    for (String name : List.of("capacity-scheduler.xml", SchedulerFiles.fairFileName(conf))) {
      Optional<byte[]> bytes = source.read(name);
      if (bytes.isPresent()) {
        Files.write(confDir.resolve(name), bytes.get());
      }
    }
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : conf) {
      if (SCHEDULER_KEY_PREFIXES.stream().anyMatch(e.getKey()::startsWith)) {
        site.set(e.getKey(), e.getValue());
      }
    }
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      site.writeXml(out);
    }
  }
}
