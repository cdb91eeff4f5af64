package dev.spindle.rm.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's pages by name, in nav-bar order. Adding a page is one line here; names must be
 * unique.
 */
final class Pages {

  private static final List<Page> ALL = List.of(
      new OverviewPage(),
      new AppsPage(),
      new AppPage(),
      new SchedulerPage(),
      new NodesPage(),
      new FrameworksPage(),
      new AggregatedLogsPage());

  private static final Map<String, Page> BY_NAME = index(ALL);

  private Pages() {}

  static List<Page> all() {
    return ALL;
  }

  /** The page for a first path segment; "" is the overview, as stock's /cluster. */
  static Optional<Page> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name.isEmpty() ? OverviewPage.NAME : name));
  }

  private static Map<String, Page> index(List<Page> pages) {
    Map<String, Page> out = new LinkedHashMap<>();
    for (Page p : pages) {
      if (out.put(p.name(), p) != null) {
        throw new IllegalStateException("Two UI pages named " + p.name());
      }
    }
    return out;
  }
}
