package dev.spindle.rm.web;

import java.io.IOException;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;

/**
 * Sends requests to a standby RM on to the active one (stock RMWebAppFilter): 307 with
 * Location = active web base + the same path and query. Cluster info, the About page,
 * /isActive and the daemon pages stay local. With no active known it answers 307 with a
 * Refresh header back to the same URL, as stock does.
 */
public final class StandbyRedirectFilter implements Filter {

  /** Seconds a browser waits before asking again when no active RM is known. */
  static final int RETRY_SECONDS = 5;

  private static final Set<String> LOCAL = Set.of("/ws/v1/cluster/info", "/cluster/cluster",
      "/isActive", "/conf", "/stacks", "/logLevel", "/logs", "/jmx", "/prom");

  @Override
  public void init(FilterConfig config) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    WebBackend backend = Web.backend(req.getServletContext());
    if (backend == null || backend.haState() != HAServiceState.STANDBY
        || !redirected(req.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    String uri = req.getRequestURI()
        + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    String active = backend.activeWebBase();
    resp.setContentType("text/plain;charset=utf-8");
    resp.setStatus(HttpServletResponse.SC_TEMPORARY_REDIRECT);
    if (active != null) {
      resp.setHeader("Location", active + uri);
      resp.getWriter().println("This is standby RM. The redirect url is: " + Web.html(uri));
    } else {
      resp.setHeader("Refresh", RETRY_SECONDS + ";url=" + uri);
      resp.getWriter().println("Can not find any active RM. Will retry in next "
          + RETRY_SECONDS + " seconds.");
    }
  }

  static boolean redirected(String uri) {
    return uri != null && !LOCAL.contains(uri);
  }

  @Override
  public void destroy() {}
}
