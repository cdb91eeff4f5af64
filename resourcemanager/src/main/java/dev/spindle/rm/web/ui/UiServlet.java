package dev.spindle.rm.web.ui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The web UI under /cluster: finds the {@link Page} named by the first path segment, renders
 * it inside the shared {@link Layout}, and turns a {@link PageError} into its status and a
 * sentence. Everything on a page is read through the web backend as the HTTP caller.
 */
public final class UiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String info = req.getPathInfo() == null ? "" : req.getPathInfo();
    List<String> parts = new ArrayList<>();
    for (String s : info.split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    String name = parts.isEmpty() ? "" : parts.get(0);
    List<String> args = parts.isEmpty() ? List.of() : parts.subList(1, parts.size());
    Page page = Pages.find(name).orElse(null);
    int status = 200;
    String title;
    String body;
    try {
      if (page == null) {
        throw PageError.notFound("No page at " + req.getRequestURI());
      }
      Page.Rendered r = page.render(new UiRequest(req), args);
      title = r.title();
      body = r.body();
    } catch (PageError e) {
      status = e.status();
      title = status == 404 ? "Not found" : "Error " + status;
      body = "<p class=\"error\">" + Html.esc(e.getMessage()) + "</p>";
    }
    byte[] bytes = Layout.page(title, page == null ? "" : page.name(), body, Pages.all())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
