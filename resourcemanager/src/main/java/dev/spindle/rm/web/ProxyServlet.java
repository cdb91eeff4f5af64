package dev.spindle.rm.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationReportRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * The web proxy at /proxy/&lt;appId&gt;/&lt;rest&gt; (stock WebAppProxyServlet): a running app's
 * request goes to &lt;AM tracking URL&gt;/&lt;rest&gt;?&lt;query&gt; from this host (so the AM's
 * AmIpFilter trusts it), with the caller in the "proxy-user" cookie; an app without an AM URL
 * yet goes to its /cluster/app page; a finished one to its final tracking URL.
 */
public final class ProxyServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Request headers passed to the AM, as stock passes them. */
  private static final List<String> PASS_THROUGH = List.of("User-Agent", "Accept",
      "Accept-Encoding", "Accept-Language", "Accept-Charset", "Content-Type", "Origin",
      "Access-Control-Request-Method", "Access-Control-Request-Headers");
  /** Response headers not copied back (hop-by-hop, or set by this server). */
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
      "transfer-encoding", "upgrade", "content-length", "date", "server");
  static final String PROXY_USER_COOKIE = "proxy-user";
  private static final String REDIRECT = "/redirect";

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(20))
      .build();

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String info = req.getPathInfo() == null ? "" : req.getPathInfo();
    // AmIpFilter sends browsers that hit the AM directly to /proxy/redirect/<appId>/...
    boolean amRedirect = info.startsWith(REDIRECT + "/");
    if (amRedirect) {
      info = info.substring(REDIRECT.length());
    }
    String[] parts = info.replaceFirst("^/", "").split("/", 2);
    ApplicationId id;
    try {
      id = ApplicationId.fromString(parts[0]);
    } catch (RuntimeException e) {
      notFound(resp, "Invalid application id in " + info);
      return;
    }
    if (amRedirect && fromThisHost(req)) {
      // The AM sent the proxy's own request back here: stop the loop (stock handleRedirect).
      resp.sendRedirect("/cluster/app/" + id);
      return;
    }
    ActiveRm rm = Web.backend(req.getServletContext()).active();
    if (rm == null) {
      resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "This RM is not active");
      return;
    }
    ApplicationReport report;
    try {
      // As the RM itself, as stock's AppReportFetcher: the caller's rights do not hide the URL.
      report = rm.client().getApplicationReport(GetApplicationReportRequest.newInstance(id))
          .getApplicationReport();
    } catch (Exception e) {
      notFound(resp, "Application " + id + " could not be found");
      return;
    }
    String rest = parts.length > 1 ? "/" + parts[1] : "/";
    String amUrl = report.getOriginalTrackingUrl();
    boolean hasUrl = amUrl != null && !amUrl.isEmpty() && !"N/A".equals(amUrl);
    YarnApplicationState state = report.getYarnApplicationState();
    if (state == YarnApplicationState.RUNNING && hasUrl) {
      forward(req, resp, target(amUrl, rest, req.getQueryString()));
    } else if (isFinal(state) && hasUrl && !amUrl.contains("/proxy/" + id)) {
      resp.sendRedirect(withScheme(amUrl));
    } else {
      resp.sendRedirect("/cluster/app/" + id);
    }
  }

  private static boolean fromThisHost(HttpServletRequest req) {
    try {
      return NetUtils.getLocalInetAddress(req.getRemoteHost()) != null;
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  private static boolean isFinal(YarnApplicationState s) {
    return s == YarnApplicationState.FINISHED || s == YarnApplicationState.FAILED
        || s == YarnApplicationState.KILLED;
  }

  static String withScheme(String url) {
    return url.contains("://") ? url : "http://" + url;
  }

  static URI target(String amUrl, String rest, String query) {
    String base = withScheme(amUrl).replaceAll("/+$", "");
    return URI.create(base + rest + (query == null ? "" : "?" + query));
  }

  private void forward(HttpServletRequest req, HttpServletResponse resp, URI target)
      throws IOException {
    HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5));
    for (String h : PASS_THROUGH) {
      String v = req.getHeader(h);
      if (v != null) {
        out.header(h, v);
      }
    }
    String user = req.getRemoteUser();
    if (user != null && !user.isEmpty()) {
      out.header("Cookie", PROXY_USER_COOKIE + "="
          + URLEncoder.encode(user, StandardCharsets.US_ASCII));
    }
    String method = req.getMethod();
    if (method.equals("POST") || method.equals("PUT")) {
      byte[] body = req.getInputStream().readAllBytes();
      out.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      out.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> in;
    try {
      in = CLIENT.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while proxying to " + target, e);
    } catch (IOException e) {
      resp.sendError(HttpServletResponse.SC_BAD_GATEWAY,
          "Could not reach the application master at " + target + ": " + e);
      return;
    }
    resp.setStatus(in.statusCode());
    for (Map.Entry<String, List<String>> h : in.headers().map().entrySet()) {
      if (h.getKey().startsWith(":") || DROPPED.contains(h.getKey().toLowerCase())) {
        continue;
      }
      for (String v : h.getValue()) {
        resp.addHeader(h.getKey(), v);
      }
    }
    try (InputStream body = in.body(); OutputStream sink = resp.getOutputStream()) {
      body.transferTo(sink);
    }
  }

  private static void notFound(HttpServletResponse resp, String message) throws IOException {
    resp.sendError(HttpServletResponse.SC_NOT_FOUND, message);
  }
}
