package dev.spindle.it.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java heap another JVM keeps alive: {@code jcmd <pid> GC.run} (a full collection, as
 * System.gc() is with the default collectors) and then {@code jcmd <pid> GC.heap_info}, whose
 * "used" of the heap's generations (G1: one line; Serial and Parallel: young plus old) is
 * summed. Metaspace is not heap and is left out.
 */
final class HeapProbe {

  /** A heap line: "garbage-first heap   total 20480K, used 2061K [...". */
  private static final Pattern USED = Pattern.compile("^\\s*(.+?)\\s+total \\d+K, used (\\d+)K");
  private static final long TIMEOUT_S = 120;

  private HeapProbe() {}

  /** Bytes of heap in use in process {@code pid} right after a full GC. */
  static long usedAfterFullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    return parseUsedBytes(jcmd(pid, "GC.heap_info"));
  }

  /** The sum of the heap generations' "used" in a GC.heap_info report, in bytes. */
  static long parseUsedBytes(String heapInfo) {
    long kb = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      Matcher m = USED.matcher(line);
      if (m.find()) {
        found = true;
        kb += Long.parseLong(m.group(2));
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap figure in GC.heap_info:\n" + heapInfo);
    }
    return kb * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    File jcmd = new File(System.getProperty("java.home"), "bin/jcmd");
    Process p = new ProcessBuilder(jcmd.getPath(), Long.toString(pid), command)
        .redirectErrorStream(true).start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
