package dev.spindle.whatif;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.whatif.WorkloadTrace;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerConfigSource;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.UserGroups;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * One side of a comparison: a policy, its files and the scheduler keys of {@code yarn-site.xml}.
 * Builds a fresh scheduler exactly as the RM would from the same files.
 *
 * @param scheduler the policy name or stock class
 * @param files     where the policy reads {@code capacity-scheduler.xml} or its Fair file
 * @param site      the scheduler keys of {@code yarn-site.xml}
 */
public record ReplayConfig(String scheduler, SchedulerConfigSource files, Configuration site) {

  /** Capacity's monitor interval key (stock); Fair preempts on its update interval. */
  static final String CAPACITY_MONITOR_INTERVAL =
      "yarn.resourcemanager.monitor.capacity.preemption.monitoring_interval";
  static final String FAIR_UPDATE_INTERVAL = "yarn.scheduler.fair.update-interval-ms";
  static final String CAPACITY_FILE = "capacity-scheduler.xml";

  /** The configuration a trace was recorded with (its {@code conf} directory). */
  public static ReplayConfig recorded(Path traceDir) throws IOException {
    Path conf = traceDir.resolve(WorkloadTrace.CONF_DIR);
    return new ReplayConfig(WorkloadTrace.readMeta(traceDir).scheduler(),
        SchedulerConfigSource.directory(conf), site(conf.resolve("yarn-site.xml")));
  }

  /** Stock defaults with the policy's files in {@code dir} (or none). */
  public static ReplayConfig of(String scheduler, Path dir) throws IOException {
    SchedulerConfigSource files = dir == null ? SchedulerConfigSource.empty()
        : SchedulerConfigSource.directory(dir);
    Configuration site = dir == null ? new Configuration(false)
        : site(dir.resolve("yarn-site.xml"));
    return new ReplayConfig(scheduler, files, site);
  }

  private static Configuration site(Path file) throws IOException {
    Configuration site = new Configuration(false);
    if (Files.isRegularFile(file)) {
      site.addResource(new ByteArrayInputStream(Files.readAllBytes(file)), file.toString());
      site.size();
    }
    return site;
  }

  /**
   * This configuration with another policy file: {@code file} stands for the policy's file
   * (e.g. a candidate {@code capacity-scheduler.xml} under any name), a directory for all of
   * them; {@code policy}, when given, switches the policy too.
   */
  public ReplayConfig withCandidate(Path file, Optional<String> policy) throws IOException {
    String name = policy.orElse(scheduler);
    if (Files.isDirectory(file)) {
      SchedulerConfigSource dir = SchedulerConfigSource.directory(file);
      SchedulerConfigSource base = files;
      return new ReplayConfig(name, n -> dir.read(n).or(() -> base.read(n)), site);
    }
    byte[] bytes = Files.readAllBytes(file);
    String policyFile = policyFile(name);
    SchedulerConfigSource base = files;
    return new ReplayConfig(name,
        n -> n.equals(policyFile) ? Optional.of(bytes) : base.read(n), site);
  }

  /** The file the policy reads its queues from. */
  String policyFile(String policyName) {
    return switch (policy(policyName)) {
      case "fair" -> {
        String f = site.getTrimmed("yarn.scheduler.fair.allocation.file", "fair-scheduler.xml");
        yield f.substring(f.lastIndexOf('/') + 1);
      }
      case "capacity" -> CAPACITY_FILE;
      default -> "(none)";
    };
  }

  /** fifo, capacity or fair, from a name or a stock or Spindle class. */
  static String policy(String nameOrClass) {
    String n = nameOrClass.toLowerCase(Locale.ROOT);
    return n.contains("fair") ? "fair" : n.contains("capacity") ? "capacity" : "fifo";
  }

  /** A fresh scheduler of this configuration. */
  public Scheduler create() {
    Configuration conf = new Configuration(site);
    conf.set(YarnConfiguration.RM_SCHEDULER, scheduler);
    return SchedulerRegistry.withBuiltins().create(scheduler,
        SpindleResourceManager.schedulerSettings(conf), files, UserGroups.NONE);
  }

  /** How often the RM would run a preemption round with this configuration. */
  public long preemptionIntervalMs() {
    return policy(scheduler).equals("fair") ? site.getLong(FAIR_UPDATE_INTERVAL, 500)
        : site.getLong(CAPACITY_MONITOR_INTERVAL, 3000);
  }

  public String describe() {
    return policy(scheduler);
  }
}
