package dev.spindle.rm.web;

import dev.spindle.metrics.Metrics2Bridge;
import dev.spindle.metrics.PromText;
import dev.spindle.rm.metrics.RmMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /prom}: the Prometheus text exposition, as stock serves it with
 * hadoop.prometheus.endpoint.enabled (here always on): the active RM's metrics
 * ({@link RmMetrics#prometheus()}); on a standby, only the JVM's Hadoop metrics2 sources.
 */
public final class PromServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ActiveRm rm = Web.backend(getServletContext()).active();
    RmMetrics metrics = rm == null ? null : rm.metrics();
    String page;
    if (metrics != null) {
      page = metrics.prometheus();
    } else {
      PromText standby = new PromText();
      Metrics2Bridge.addTo(standby);
      page = standby.render();
    }
    resp.setStatus(200);
    resp.setContentType(PromText.CONTENT_TYPE);
    resp.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
  }
}
