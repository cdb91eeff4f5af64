package dev.spindle.scheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a policy reads its configuration files ({@code capacity-scheduler.xml},
 * {@code fair-scheduler.xml}, {@code yarn-site.xml}) by name. The RM hands one to the factory
 * and to {@link Reconfigurable#reconfigure}; the scheduler itself still does no I/O of its
 * own beyond asking this source.
 */
@FunctionalInterface
public interface SchedulerConfigSource {

  /** The bytes of the named file, or empty when there is no such file. */
  Optional<byte[]> read(String fileName);

  /** A source with no files: every policy then runs on its stock defaults. */
  static SchedulerConfigSource empty() {
    return name -> Optional.empty();
  }

  /** Files in a directory (e.g. {@code HADOOP_CONF_DIR}). */
  static SchedulerConfigSource directory(Path dir) {
    return name -> {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    };
  }

  /** Resources at the root of a class loader, as the stock RM finds its XML files. */
  static SchedulerConfigSource classpath(ClassLoader loader) {
    return name -> {
      try (InputStream in = loader.getResourceAsStream(name)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read classpath resource " + name, e);
      }
    };
  }

  /** Files given as text, by name: for tests and for configurations built in memory. */
  static SchedulerConfigSource of(Map<String, String> files) {
    return name -> Optional.ofNullable(files.get(name))
        .map(text -> text.getBytes(StandardCharsets.UTF_8));
  }
}
