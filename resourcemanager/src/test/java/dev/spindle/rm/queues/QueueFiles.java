package dev.spindle.rm.queues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes scheduler configuration files for tests. */
final class QueueFiles {

  private QueueFiles() {}

  /** A capacity-scheduler.xml from name/value pairs under yarn.scheduler.capacity. */
  static void capacity(Path dir, String... keyValues) throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      xml.append("  <property><name>yarn.scheduler.capacity.").append(keyValues[i])
          .append("</name><value>").append(keyValues[i + 1]).append("</value></property>\n");
    }
    xml.append("</configuration>\n");
    write(dir.resolve("capacity-scheduler.xml"), xml.toString());
  }

  /** Writes through a temp file and a move, so a poller never sees half a file. */
  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
