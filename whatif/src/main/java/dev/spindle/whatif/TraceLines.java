package dev.spindle.whatif;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spindle.rm.whatif.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads trace lines with Jackson's streaming parser, field by field: a day's trace has
 * millions of lines, and binding each to the record through databind costs several times
 * more. Unknown fields are skipped, as the databind reader would.
 */
final class TraceLines {

  private static final JsonFactory JSON = new JsonFactory();

  private TraceLines() {}

  /** Calls {@code sink} with every event of a JSON-lines stream, in order. */
  static void read(InputStream in, Consumer<TraceEvent> sink) throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        sink.accept(event(p));
      }
    }
  }

  private static TraceEvent event(JsonParser p) throws IOException {
    String e = null;
    Long t = null;
    Long session = null;
    String id = null;
    String host = null;
    String rack = null;
    Long mem = null;
    Long vc = null;
    Long app = null;
    String q = null;
    String u = null;
    Integer pri = null;
    Boolean um = null;
    Long amMem = null;
    Long amVc = null;
    Integer amPri = null;
    String state = null;
    Long rid = null;
    String res = null;
    Integer n = null;
    Boolean relax = null;
    Long alloc = null;
    String node = null;
    Boolean am = null;
    Integer exit = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "e" -> e = p.getText();
        case "t" -> t = p.getLongValue();
        case "session" -> session = p.getLongValue();
        case "id" -> id = p.getText();
        case "host" -> host = p.getText();
        case "rack" -> rack = p.getText();
        case "mem" -> mem = p.getLongValue();
        case "vc" -> vc = p.getLongValue();
        case "app" -> app = p.getLongValue();
        case "q" -> q = p.getText();
        case "u" -> u = p.getText();
        case "pri" -> pri = p.getIntValue();
        case "um" -> um = p.getBooleanValue();
        case "amMem" -> amMem = p.getLongValue();
        case "amVc" -> amVc = p.getLongValue();
        case "amPri" -> amPri = p.getIntValue();
        case "state" -> state = p.getText();
        case "rid" -> rid = p.getLongValue();
        case "res" -> res = p.getText();
        case "n" -> n = p.getIntValue();
        case "relax" -> relax = p.getBooleanValue();
        case "alloc" -> alloc = p.getLongValue();
        case "node" -> node = p.getText();
        case "am" -> am = p.getBooleanValue();
        case "exit" -> exit = p.getIntValue();
        default -> p.skipChildren();
      }
    }
    return new TraceEvent(e, t, session, id, host, rack, mem, vc, app, q, u, pri, um, amMem,
        amVc, amPri, state, rid, res, n, relax, alloc, node, am, exit);
  }
}
