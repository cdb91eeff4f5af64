package dev.spindle.rm.web;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The web root: "/" goes to the cluster overview; any other unmapped path is 404. */
public final class RootServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String uri = req.getRequestURI();
    if (uri == null || uri.equals("/") || uri.isEmpty()) {
      resp.sendRedirect("/cluster");
    } else {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }
}
