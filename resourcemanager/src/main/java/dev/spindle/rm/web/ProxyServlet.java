package dev.spindle.rm.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.HttpServer2;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationReportRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

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

  /** Connect and read timeout towards the AM (0 = none), from the stock proxy keys. */
  private int timeoutMs;

  @Override
  public void init() {
    Configuration conf = (Configuration) getServletContext()
        .getAttribute(HttpServer2.CONF_CONTEXT_ATTRIBUTE);
    if (conf == null) {
      conf = new YarnConfiguration();
    }
    timeoutMs = conf.getBoolean("yarn.resourcemanager.proxy.timeout.enabled", true)
        ? conf.getInt("yarn.resourcemanager.proxy.connection.timeout", 60_000) : 0;
  }

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
    URI target = null;
    if (hasUrl) {
      try {
        target = target(amUrl, rest, req.getQueryString());
      } catch (URISyntaxException | IllegalArgumentException e) {
        resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Cannot proxy " + info + ": "
            + e.getMessage());
        return;
      }
    }
    if (state == YarnApplicationState.RUNNING && hasUrl) {
      forward(req, resp, target);
    } else if (isFinal(state) && hasUrl && !amUrl.contains("/proxy/" + id)) {
      // Stock keeps the path and query on the way to the final (history) URL.
      resp.sendRedirect(target.toASCIIString());
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

  /**
   * &lt;AM URL&gt;&lt;rest&gt;?&lt;query&gt;. {@code rest} is the decoded request path, so it is
   * quoted again here; the query is passed on as the caller sent it (already encoded).
   */
  static URI target(String amUrl, String rest, String query) throws URISyntaxException {
    URI base = new URI(withScheme(amUrl));
    String path = (base.getPath() == null ? "" : base.getPath()).replaceAll("/+$", "") + rest;
    String encoded = new URI(base.getScheme(), base.getRawAuthority(), path, null, null)
        .toASCIIString();
    return URI.create(query == null ? encoded : encoded + "?" + query);
  }

  /**
   * Sends the request on to the AM and streams the answer back: bodies are never held whole in
   * memory, and connect and every read wait at most the stock proxy timeout.
   */
  private void forward(HttpServletRequest req, HttpServletResponse resp, URI target)
      throws IOException {
    HttpURLConnection conn = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
    try {
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout(timeoutMs);
      conn.setReadTimeout(timeoutMs);
      try {
        conn.setRequestMethod(req.getMethod());
      } catch (java.net.ProtocolException e) {
        resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, e.getMessage());
        return;
      }
      for (String h : PASS_THROUGH) {
        String v = req.getHeader(h);
        if (v != null) {
          conn.setRequestProperty(h, v);
        }
      }
      String user = req.getRemoteUser();
      if (user != null && !user.isEmpty()) {
        conn.setRequestProperty("Cookie", PROXY_USER_COOKIE + "="
            + URLEncoder.encode(user, StandardCharsets.US_ASCII));
      }
      int status;
      try {
        sendBody(req, conn);
        status = conn.getResponseCode();
      } catch (IOException e) {
        resp.sendError(HttpServletResponse.SC_BAD_GATEWAY,
            "Could not reach the application master at " + target + ": " + e);
        return;
      }
      resp.setStatus(status);
      for (Map.Entry<String, List<String>> h : conn.getHeaderFields().entrySet()) {
        if (h.getKey() == null || DROPPED.contains(h.getKey().toLowerCase())) {
          continue; // null: the status line
        }
        for (String v : h.getValue()) {
          resp.addHeader(h.getKey(), v);
        }
      }
      InputStream body = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
      if (body != null) {
        try (InputStream in = body; OutputStream sink = resp.getOutputStream()) {
          in.transferTo(sink);
        }
      }
    } finally {
      conn.disconnect();
    }
  }

  /** Streams a POST or PUT body to the AM as it arrives. */
  private static void sendBody(HttpServletRequest req, HttpURLConnection conn)
      throws IOException {
    String method = req.getMethod();
    if (!method.equals("POST") && !method.equals("PUT")) {
      return;
    }
    conn.setDoOutput(true);
    long length = req.getContentLengthLong();
    if (length >= 0) {
      conn.setFixedLengthStreamingMode(length);
    } else {
      conn.setChunkedStreamingMode(8192);
    }
    try (InputStream in = req.getInputStream(); OutputStream out = conn.getOutputStream()) {
      in.transferTo(out);
    }
  }

  private static void notFound(HttpServletResponse resp, String message) throws IOException {
    resp.sendError(HttpServletResponse.SC_NOT_FOUND, message);
  }
}
