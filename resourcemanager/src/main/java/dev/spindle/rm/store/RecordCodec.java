package dev.spindle.rm.store;

import dev.spindle.rm.core.AppFacts;
import dev.spindle.rm.core.AppState;
import dev.spindle.rm.core.AppSubmission;
import dev.spindle.rm.core.AttemptFacts;
import dev.spindle.rm.core.AttemptState;
import dev.spindle.rm.core.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.api.records.impl.pb.ResourceRequestPBImpl;
import org.apache.hadoop.yarn.proto.YarnProtos.ApplicationSubmissionContextProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceRequestProto;

/**
 * The byte layout of the znodes Spindle's store writes: an application node holds the
 * submission and, once it changed, the application facts; an attempt node holds the attempt
 * facts. Hadoop's own protobuf records carry the submission context and AM request, so every
 * field a client submitted (launch context, tokens, tags...) survives a restart.
 *
 * <p>Every layout starts with a version byte so a later format can still read this one; enums
 * are stored by name, so reordering them changes nothing stored.
 * Diagnostics are capped on write ({@link #capDiagnostics}) because they are the one field an
 * application can grow without bound.
 */
final class RecordCodec {

  private static final byte VERSION = 1;

  private RecordCodec() {}

  /** An application node: its submission and its facts (null while just submitted). */
  record AppNode(AppSubmission submission, AppFacts facts) {}

  static byte[] encodeSubmission(AppSubmission s) {
    return write(out -> {
      out.writeByte(VERSION);
      writeString(out, s.appId().toString());
      writeString(out, s.user());
      writeString(out, s.queue());
      out.writeLong(s.submitTime());
      out.writeInt(s.maxAttempts());
      writeBytes(out, ((ResourceRequestPBImpl) s.amRequest()).getProto().toByteArray());
      writeBytes(out, ((ApplicationSubmissionContextPBImpl) s.context()).getProto()
          .toByteArray());
    });
  }

  /** An application node: the encoded submission followed by the optional facts. */
  static byte[] encodeApp(byte[] submission, AppFacts facts, int diagnosticsCap) {
    return write(out -> {
      writeBytes(out, submission);
      out.writeBoolean(facts != null);
      if (facts != null) {
        writeString(out, facts.state().name());
        writeString(out, facts.finalStatus().name());
        writeString(out, capDiagnostics(facts.diagnostics(), diagnosticsCap));
        out.writeLong(facts.finishTime());
        out.writeBoolean(facts.killRequested());
      }
    });
  }

  /**
   * The encoded submission at the head of an application node, as {@link #encodeSubmission}
   * wrote it: the write side keeps it to rewrite the node, without encoding it again.
   */
  static byte[] submissionOf(byte[] appNode) throws IOException {
    return readBytes(new DataInputStream(new ByteArrayInputStream(appNode)));
  }

  static AppNode decodeApp(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    AppSubmission submission = decodeSubmission(readBytes(in));
    AppFacts facts = null;
    if (in.readBoolean()) {
      facts = new AppFacts(AppState.valueOf(readString(in)),
          FinalApplicationStatus.valueOf(readString(in)), readString(in), in.readLong(),
          in.readBoolean());
    }
    return new AppNode(submission, facts);
  }

  private static AppSubmission decodeSubmission(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    checkVersion(in);
    ApplicationId appId = ApplicationId.fromString(readString(in));
    String user = readString(in);
    String queue = readString(in);
    long submitTime = in.readLong();
    int maxAttempts = in.readInt();
    ResourceRequestPBImpl am = new ResourceRequestPBImpl(
        ResourceRequestProto.parseFrom(readBytes(in)));
    ApplicationSubmissionContextPBImpl ctx = new ApplicationSubmissionContextPBImpl(
        ApplicationSubmissionContextProto.parseFrom(readBytes(in)));
    return new AppSubmission(appId, ctx, user, queue, submitTime, maxAttempts, am);
  }

  /** Attempt nodes from version 2 on end with the attempt's usage. */
  private static final byte ATTEMPT_WITH_USAGE = 2;

  static byte[] encodeAttempt(AttemptFacts f, int diagnosticsCap) {
    return write(out -> {
      out.writeByte(ATTEMPT_WITH_USAGE);
      writeString(out, f.state().name());
      writeString(out, f.amContainerId() == null ? "" : f.amContainerId().toString());
      // Host and tracking URL come from the AM: capped like diagnostics so the node fits.
      writeString(out, capDiagnostics(f.host(), diagnosticsCap));
      out.writeInt(f.rpcPort());
      writeString(out, capDiagnostics(f.trackingUrl(), diagnosticsCap));
      writeString(out, f.finalStatus().name());
      writeString(out, capDiagnostics(f.diagnostics(), diagnosticsCap));
      out.writeLong(f.startTime());
      out.writeLong(f.finishTime());
      out.writeInt(f.amExitStatus());
      writeUsage(out, f.usage());
    });
  }

  static AttemptFacts decodeAttempt(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    byte version = in.readByte();
    if (version != VERSION && version != ATTEMPT_WITH_USAGE) {
      throw new IOException("Unknown state store record version " + version);
    }
    AttemptState state = AttemptState.valueOf(readString(in));
    String am = readString(in);
    return new AttemptFacts(state, am.isEmpty() ? null : ContainerId.fromString(am),
        readString(in), in.readInt(), readString(in),
        FinalApplicationStatus.valueOf(readString(in)), readString(in), in.readLong(),
        in.readLong(), in.readInt(), version == VERSION ? Usage.NONE : readUsage(in));
  }

  private static void writeUsage(DataOutputStream out, Usage u) throws IOException {
    writeMap(out, u.resourceMs());
    writeMap(out, u.preemptedMs());
    out.writeLong(u.preemptedMemoryMb());
    out.writeLong(u.preemptedVcores());
    out.writeInt(u.preemptedAm());
    out.writeInt(u.preemptedNonAm());
  }

  private static Usage readUsage(DataInputStream in) throws IOException {
    return new Usage(readMap(in), readMap(in), in.readLong(), in.readLong(), in.readInt(),
        in.readInt());
  }

  private static void writeMap(DataOutputStream out, Map<String, Long> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, Long> e : m.entrySet()) {
      writeString(out, e.getKey());
      out.writeLong(e.getValue());
    }
  }

  private static Map<String, Long> readMap(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.put(readString(in), in.readLong());
    }
    return m;
  }

  static byte[] encodeLong(long value) {
    return write(out -> out.writeLong(value));
  }

  static long decodeLong(byte[] data) throws IOException {
    return new DataInputStream(new ByteArrayInputStream(data)).readLong();
  }

  /**
   * Diagnostics cut to at most {@code capBytes} UTF-8 bytes, keeping the head (where stock
   * messages say what happened) and marking the cut.
   */
  static String capDiagnostics(String diagnostics, int capBytes) {
    String d = diagnostics == null ? "" : diagnostics;
    if (d.length() * 3L <= capBytes) {
      return d;
    }
    byte[] utf8 = d.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= capBytes) {
      return d;
    }
    String marker = "... (diagnostics truncated)";
    int budget = Math.max(0, capBytes - marker.length());
    String head = new String(utf8, 0, budget, StandardCharsets.UTF_8);
    // A cut inside a multi-byte character decodes as a replacement character: drop it.
    while (!head.isEmpty() && head.charAt(head.length() - 1) == '\uFFFD') {
      head = head.substring(0, head.length() - 1);
    }
    return head + marker;
  }

  private static void checkVersion(DataInputStream in) throws IOException {
    byte v = in.readByte();
    if (v != VERSION) {
      throw new IOException("Unknown state store record version " + v);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  // Length-prefixed byte strings: writeUTF stops at 64 KiB, diagnostics and contexts do not.
  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, (s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
