package dev.spindle.rm.whatif;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The layout of a workload trace directory, shared by the recorder and the replay. */
public final class WorkloadTrace {

  /** The session's {@link TraceMeta}. */
  public static final String META_FILE = "trace-meta.json";
  /** The recorded config: the policy's files and a filtered {@code yarn-site.xml}. */
  public static final String CONF_DIR = "conf";

  private static final Pattern FILE = Pattern.compile("workload-(\\d{6})\\.jsonl");

  /** One JSON mapper for trace lines; unknown fields are skipped so old readers cope. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private WorkloadTrace() {}

  static String fileName(int index) {
    return String.format("workload-%06d.jsonl", index);
  }

  /** The index of a trace file, or -1 when {@code file} is not one. */
  static int indexOf(Path file) {
    Matcher m = FILE.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The trace files of {@code dir}, oldest first. */
  public static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> indexOf(p) >= 0)
          .sorted((a, b) -> Integer.compare(indexOf(a), indexOf(b))).toList();
    }
  }

  public static TraceMeta readMeta(Path dir) throws IOException {
    return JSON.readValue(dir.resolve(META_FILE).toFile(), TraceMeta.class);
  }
}
