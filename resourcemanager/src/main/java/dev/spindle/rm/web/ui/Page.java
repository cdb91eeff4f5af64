package dev.spindle.rm.web.ui;

import java.util.List;

/**
 * One page of the UI under /cluster/{name}/... A new page is one class implementing this,
 * listed once in {@link Pages}; the layout, navigation, escaping helpers and table sorting
 * come with it.
 */
public interface Page {

  /** The first path segment after /cluster ("apps" for /cluster/apps/RUNNING). */
  String name();

  /** The nav bar's label, or null for pages reached only through links (an app's page). */
  String navLabel();

  /**
   * Renders the page body.
   *
   * @param args the path segments after the name (["RUNNING"] for /cluster/apps/RUNNING)
   */
  Rendered render(UiRequest req, List<String> args) throws PageError;

  /** A page's title (the window title and heading) and its escaped HTML body. */
  record Rendered(String title, String body) {}
}
