package dev.spindle.rm.whatif;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes trace lines into {@code workload-NNNNNN.jsonl} files, starting a new file once the
 * current one holds {@code maxFileBytes} and deleting the oldest beyond {@code maxFiles}.
 * Numbering continues after files already in the directory (an RM restarted into the same
 * directory keeps its older sessions until they roll away).
 *
 * <p>Every file is readable on its own: it opens with the session line and then the nodes,
 * applications and containers still live, as they were first recorded, so deleting older
 * files loses only finished work and outstanding asks. Used by one thread (the recorder's).
 */
final class RollingTraceWriter implements Closeable {

  private final Path dir;
  private final long maxFileBytes;
  private final int maxFiles;
  private final TraceEvent sessionLine;
  /** What a new file starts with, by id: live nodes, applications and containers. */
  private final Map<String, TraceEvent> nodes = new LinkedHashMap<>();
  private final Map<Long, TraceEvent> apps = new LinkedHashMap<>();
  private final Map<Long, TraceEvent> containers = new LinkedHashMap<>();
  private OutputStream out;
  private int index;
  private long bytes;

  RollingTraceWriter(Path dir, long maxFileBytes, int maxFiles, TraceEvent sessionLine)
      throws IOException {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = Math.max(1, maxFiles);
    this.sessionLine = sessionLine;
    Files.createDirectories(dir);
    List<Path> existing = WorkloadTrace.files(dir);
    index = existing.isEmpty() ? 0 : WorkloadTrace.indexOf(existing.get(existing.size() - 1));
    open();
  }

  void write(TraceEvent event) throws IOException {
    if (bytes >= maxFileBytes) {
      roll();
    }
    track(event);
    line(event);
  }

  private void track(TraceEvent event) {
    switch (event.e()) {
      case TraceEvent.NODE -> nodes.put(event.id(), event);
      case TraceEvent.NODE_LEFT -> nodes.remove(event.id());
      case TraceEvent.APP -> apps.put(event.app(), event);
      case TraceEvent.APP_ENDED -> apps.remove(event.app());
      case TraceEvent.RUN -> containers.put(event.alloc(), event);
      case TraceEvent.END -> containers.remove(event.alloc());
      default -> { }
    }
  }

  private void line(TraceEvent event) throws IOException {
    byte[] json = WorkloadTrace.JSON.writeValueAsBytes(event);
    out.write(json);
    out.write('\n');
    bytes += json.length + 1;
  }

  void flush() throws IOException {
    out.flush();
  }

  private void open() throws IOException {
    index++;
    out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(
        WorkloadTrace.fileName(index))), 64 * 1024);
    bytes = 0;
    line(sessionLine);
  }

  private void roll() throws IOException {
    out.close();
    open();
    for (Map<?, TraceEvent> live : List.of(nodes, apps, containers)) {
      for (TraceEvent e : live.values()) {
        line(e);
      }
    }
    List<Path> files = WorkloadTrace.files(dir);
    for (int i = 0; i < files.size() - maxFiles; i++) {
      Files.deleteIfExists(files.get(i));
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
