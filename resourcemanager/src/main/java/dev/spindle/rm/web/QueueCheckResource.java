package dev.spindle.rm.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.rm.queues.QueueCheckReport;
import dev.spindle.scheduler.QueueDiff;
import javax.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * POST /ws/v1/cluster/scheduler/check: refreshQueues tried before it is applied. The body
 * names candidate files, {@code {"files": {"capacity-scheduler.xml": "<configuration>..."}}};
 * the answer says whether refreshQueues would take them, what changes in the effective
 * queues, and which live applications the change reaches. Nothing is applied. (Stock 3.5's
 * {@code scheduler-conf/validate} validates a mutation of the Capacity store; this takes whole
 * files, as admins edit them, for every policy.)
 */
final class QueueCheckResource {

  private QueueCheckResource() {}

  static Map<String, Object> check(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    Map<String, byte[]> files = files(req);
    QueueCheckReport report;
    try {
      report = rm.checkQueues(files);
    } catch (YarnException e) {
      throw WebError.of(e);
    }
    return json(report);
  }

  private static Map<String, byte[]> files(HttpServletRequest req) throws WebError {
    JsonNode body;
    try {
      body = Web.JSON.readTree(req.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw WebError.badRequest("The body is not JSON: " + e.getMessage());
    }
    JsonNode files = body == null ? null : body.get("files");
    if (files == null || !files.isObject() || files.isEmpty()) {
      throw WebError.badRequest("Expected {\"files\": {\"<file name>\": \"<content>\", ...}}");
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isTextual() || f.getKey().contains("/")) {
        throw WebError.badRequest("File " + f.getKey() + ": expected a plain file name and its"
            + " content as a string");
      }
      out.put(f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static Map<String, Object> json(QueueCheckReport r) {
    Map<String, Object> out = Web.obj();
    out.put("valid", r.valid());
    if (r.refusal() != null) {
      out.put("refusal", r.refusal());
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    for (QueueDiff.Change c : r.changes()) {
      Map<String, Object> m = Web.obj();
      m.put("queue", c.queue());
      m.put("change", c.kind().name());
      if (c.setting() != null) {
        m.put("setting", c.setting());
        m.put("running", c.running());
        m.put("candidate", c.candidate());
      }
      m.put("line", c.line());
      changes.add(m);
    }
    out.put("changes", changes);
    List<Map<String, Object>> affected = new ArrayList<>();
    for (QueueCheckReport.Affected a : r.affected()) {
      Map<String, Object> m = Web.obj();
      m.put("application", a.application());
      m.put("queue", a.queue());
      m.put("state", a.state());
      m.put("why", a.why());
      affected.add(m);
    }
    out.put("affectedApplications", affected);
    return Web.wrap("queueCheck", out);
  }
}
