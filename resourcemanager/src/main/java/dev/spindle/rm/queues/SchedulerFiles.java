package dev.spindle.rm.queues;

import dev.spindle.scheduler.SchedulerConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Where the RM's scheduler reads its files: {@code yarn-site.xml} is the RM's own live
 * configuration (so keys set programmatically count, as they do for the stock RM); the
 * policy's files ({@code capacity-scheduler.xml}, the Fair allocation file) come from the
 * configuration directory in {@value #CONF_DIR_KEY} when set, else from the classpath, which
 * is where the stock RM looks (HADOOP_CONF_DIR is on its classpath).
 */
public final class SchedulerFiles {

  /** The configuration directory the launcher read; the stock RM has it on its classpath. */
  public static final String CONF_DIR_KEY = "spindle.conf.dir";

  static final String YARN_SITE = "yarn-site.xml";
  static final String FAIR_FILE_KEY = "yarn.scheduler.fair.allocation.file";

  private SchedulerFiles() {}

  /** A source reading the current state of {@code conf} and of the files, at each read. */
  public static SchedulerConfigSource of(Configuration conf) {
    return name -> {
      if (YARN_SITE.equals(name)) {
        return Optional.of(siteBytes(conf));
      }
      Optional<Path> absolute = absoluteAllocationFile(conf, name);
      if (absolute.isPresent()) {
        return SchedulerConfigSource.directory(absolute.get().getParent()).read(name);
      }
      String dir = conf.getTrimmed(CONF_DIR_KEY, "");
      if (!dir.isEmpty()) {
        return SchedulerConfigSource.directory(Path.of(dir)).read(name);
      }
      return SchedulerConfigSource.classpath(conf.getClassLoader()).read(name);
    };
  }

  /**
   * The file a policy file name stands for, when it is on disk: the absolute allocation file,
   * else the file in the conf dir. Empty when it comes from the classpath or does not exist.
   */
  public static Optional<Path> pathOf(Configuration conf, String name) {
    Optional<Path> absolute = absoluteAllocationFile(conf, name);
    if (absolute.isPresent()) {
      return absolute;
    }
    String dir = conf.getTrimmed(CONF_DIR_KEY, "");
    Path file = dir.isEmpty() ? null : Path.of(dir).resolve(name);
    return file != null && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** The Fair allocation file's name as the policy asks for it (its last path element). */
  public static String fairFileName(Configuration conf) {
    String name = conf.getTrimmed(FAIR_FILE_KEY, "fair-scheduler.xml");
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** yarn.scheduler.fair.allocation.file may be an absolute path, as stock allows. */
  private static Optional<Path> absoluteAllocationFile(Configuration conf, String name) {
    String configured = conf.getTrimmed(FAIR_FILE_KEY, "");
    if (configured.startsWith("file:")) {
      configured = configured.substring("file:".length());
    }
    if (!configured.startsWith("/")) {
      return Optional.empty();
    }
    Path path = Path.of(configured);
    return path.getFileName().toString().equals(name) ? Optional.of(path) : Optional.empty();
  }

  private static byte[] siteBytes(Configuration conf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      synchronized (conf) {
        conf.writeXml(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise the RM configuration", e);
    }
    return out.toByteArray();
  }
}
