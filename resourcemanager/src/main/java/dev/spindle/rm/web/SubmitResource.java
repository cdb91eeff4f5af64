package dev.spindle.rm.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.GetNewApplicationRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetNewApplicationResponse;
import org.apache.hadoop.yarn.api.protocolrecords.SubmitApplicationRequest;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * REST application submission (stock RMWebServices#createNewApplication, #submitApplication):
 * POST /apps/new-application and POST /apps, both run as the authenticated caller.
 */
final class SubmitResource {

  /** Stock's wording, sent as a bare text entity rather than a RemoteException. */
  static final String DISABLED = "App submission via REST is disabled.";

  private SubmitResource() {}

  /** False when yarn.webapp.enable-rest-app-submissions is off: the caller gets a bare 403. */
  static boolean enabled(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Configuration conf = Web.conf(req.getServletContext());
    if (conf == null || conf.getBoolean(YarnConfiguration.ENABLE_REST_APP_SUBMISSIONS,
        YarnConfiguration.DEFAULT_ENABLE_REST_APP_SUBMISSIONS)) {
      return true;
    }
    byte[] bytes = DISABLED.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(403);
    resp.setContentType("text/plain;charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
    return false;
  }

  /** The new id and the maximum capability, unwrapped (stock NewApplication). */
  static Map<String, Object> newApplication(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    GetNewApplicationResponse r = Web.asWriter(req,
        () -> rm.client().getNewApplication(GetNewApplicationRequest.newInstance()));
    Map<String, Object> body = Web.obj();
    body.put("application-id", r.getApplicationId().toString());
    body.put("maximum-resource-capability",
        NodesResource.resource(r.getMaximumResourceCapability()));
    return body;
  }

  /** application/json, with or without parameters (charset=utf-8), or a +json type. */
  static boolean isJson(String contentType) {
    String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return base.equals("application/json") || base.endsWith("+json");
  }

  /** 202 with Location: this URL + "/" + id; a YarnException from the RM is a 400. */
  static void submit(HttpServletRequest req, HttpServletResponse resp)
      throws WebError, IOException {
    String type = req.getContentType();
    if (type == null || !isJson(type)) {
      // Stock @Consumes JSON and XML: Jersey answers 415 to anything else, a missing type too.
      throw WebError.unsupportedMediaType(type != null && type.contains("xml")
          ? "Spindle reads JSON application submissions only; send Content-Type: application/json"
          : "Unsupported Content-Type " + type + ": send application/json");
    }
    ActiveRm rm = Web.active(req.getServletContext());
    // The caller is checked before the body is read, as stock checks it first.
    Web.asWriter(req, () -> null);
    byte[] raw = req.getInputStream().readAllBytes();
    Configuration conf = Web.conf(req.getServletContext());
    ApplicationSubmissionContext ctx;
    try {
      ctx = SubmissionJson.parse(raw, conf == null ? new YarnConfiguration() : conf);
    } catch (IllegalArgumentException e) {
      // Record setters refuse some values themselves (e.g. non-ASCII tags): the caller's fault.
      throw WebError.badRequest(e.getMessage());
    }
    Web.asWriter(req, () -> {
      try {
        return rm.client().submitApplication(SubmitApplicationRequest.newInstance(ctx));
      } catch (YarnException | IllegalArgumentException e) {
        throw WebError.badRequest(e.getMessage());
      }
    });
    resp.setStatus(202);
    resp.setHeader("Location", req.getRequestURL() + "/" + ctx.getApplicationId());
    resp.setContentLength(0);
  }
}
