package dev.spindle.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The RM's CPU and memory as Linux reports them in /proc: CPU from {@code /proc/PID/stat}
 * (utime + stime, in clock ticks of 1/100 s, USER_HZ on every mainstream Linux build), the peak
 * resident set from {@code VmHWM} in {@code /proc/PID/status}.
 */
final class RmProcess {

  /** USER_HZ: the unit of utime and stime. */
  static final double TICKS_PER_SECOND = 100.0;

  private final long pid;

  RmProcess(long pid) {
    this.pid = pid;
  }

  /** User + system CPU seconds the process has used so far. */
  double cpuSeconds() throws IOException {
    return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
        / TICKS_PER_SECOND;
  }

  /** Peak resident set size in MB. */
  long peakRssMb() throws IOException {
    OptionalLong kb = vmHwmKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    if (kb.isEmpty()) {
      throw new IOException("no VmHWM in /proc/" + pid + "/status");
    }
    return kb.getAsLong() / 1024;
  }

  /** utime + stime from a stat line; the command name in parentheses may hold spaces. */
  static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // After the name: state is field 3 of the man page, utime 14 and stime 15.
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  static OptionalLong vmHwmKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
      }
    }
    return OptionalLong.empty();
  }
}
