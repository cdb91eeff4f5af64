package dev.spindle.nm;

import dev.spindle.nm.launch.LaunchScriptWriter;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The diagnostics text of a container exit, shaped like the stock NM's: "Exception from
 * container-launch", the id, the exit code and the tail of prelaunch.err and of the newest
 * stderr-like file (Spark and MR show this text to users).
 */
final class FailureDiagnostics {
  private final long tailBytes;
  private final PathMatcher stderrPattern;

  FailureDiagnostics(Configuration conf) {
    this.tailBytes = conf.getLong(YarnConfiguration.NM_CONTAINER_STDERR_BYTES,
        YarnConfiguration.DEFAULT_NM_CONTAINER_STDERR_BYTES);
    this.stderrPattern = FileSystems.getDefault().getPathMatcher("glob:" + conf.get(
        YarnConfiguration.NM_CONTAINER_STDERR_PATTERN,
        YarnConfiguration.DEFAULT_NM_CONTAINER_STDERR_PATTERN));
  }

  String forExit(ContainerId id, int exit, File logDir) {
    if (exit == 0) {
      return "";
    }
    if (exit == 143 || exit == 137) {
      return "Container killed on request. Exit code is " + exit + "\n"
          + "Container exited with a non-zero exit code " + exit + ". ";
    }
    StringBuilder sb = new StringBuilder("Exception from container-launch.\n")
        .append("Container id: ").append(id).append("\n")
        .append("Exit code: ").append(exit).append("\n")
        .append("Container exited with a non-zero exit code ").append(exit).append(". ");
    appendTail(sb, new File(logDir, LaunchScriptWriter.PRELAUNCH_ERR));
    File[] errs = logDir.listFiles(f -> f.isFile()
        && !f.getName().equals(LaunchScriptWriter.PRELAUNCH_ERR)
        && stderrPattern.matches(f.toPath().getFileName()));
    if (errs != null && errs.length > 0) {
      File newest = Arrays.stream(errs).max(Comparator.comparingLong(File::lastModified))
          .orElseThrow();
      appendTail(sb, newest);
    }
    return sb.toString();
  }

  private void appendTail(StringBuilder sb, File f) {
    if (!f.isFile()) {
      return;
    }
    try (RandomAccessFile raf = new RandomAccessFile(f, "r")) {
      long len = raf.length();
      long from = Math.max(0, len - tailBytes);
      byte[] buf = new byte[(int) (len - from)];
      raf.seek(from);
      raf.readFully(buf);
      sb.append("Error file: ").append(f.getName()).append(".\n")
          .append("Last ").append(tailBytes).append(" bytes of ").append(f.getName())
          .append(" :\n").append(new String(buf, StandardCharsets.UTF_8)).append("\n");
    } catch (IOException e) {
      sb.append("(could not read ").append(f.getName()).append(": ").append(e).append(")\n");
    }
  }
}
