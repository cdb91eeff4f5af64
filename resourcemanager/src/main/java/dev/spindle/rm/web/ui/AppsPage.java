package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationsRequest;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * /cluster/apps and /cluster/apps/{STATE} (stock paths): the applications the caller may see,
 * newest first, filtered by state, queue and user (query parameters, so a filtered view is a
 * link) and sortable by any column in the browser.
 */
final class AppsPage implements Page {

  @Override
  public String name() {
    return "apps";
  }

  @Override
  public String navLabel() {
    return "Applications";
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (args.size() > 1) {
      throw PageError.notFound("No page at /cluster/apps/" + String.join("/", args));
    }
    String stateName = args.isEmpty() ? req.param("state") : args.get(0);
    YarnApplicationState state = state(stateName);
    String queue = req.param("queue");
    String user = req.param("user");
    ActiveRm rm = req.rm();
    GetApplicationsRequest q = GetApplicationsRequest.newInstance();
    if (state != null) {
      q.setApplicationStates(EnumSet.of(state));
    }
    List<ApplicationReport> all = new ArrayList<>(req.asCaller(
        () -> rm.client().getApplications(q).getApplicationList()));
    all.sort(Comparator.comparing(ApplicationReport::getApplicationId).reversed());
    List<ApplicationReport> shown = new ArrayList<>();
    for (ApplicationReport a : all) {
      if ((queue.isEmpty() || inQueue(a.getQueue(), queue))
          && (user.isEmpty() || user.equals(a.getUser()))) {
        shown.add(a);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(filters(all, state, queue, user));
    b.append("<p id=\"app-count\">").append(shown.size()).append(shown.size() == 1
        ? " application" : " applications").append(shown.size() == all.size() ? ""
        : " of " + all.size() + " match the filters").append(".</p>");
    b.append(table(shown));
    String title = state == null ? "Applications"
        : "Applications " + state.name().toLowerCase(Locale.ROOT);
    return new Rendered(title, b.toString());
  }

  private static YarnApplicationState state(String name) throws PageError {
    if (name.isEmpty()) {
      return null;
    }
    try {
      return YarnApplicationState.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw PageError.badRequest("No application state " + name + "; one of "
          + java.util.Arrays.toString(YarnApplicationState.values()));
    }
  }

  /**
   * Whether an app's queue is the wanted one: reports name a queue by its path or, for some
   * finished apps, by its leaf name, so "a" and "root.a" are the same queue here.
   */
  static boolean inQueue(String appQueue, String wanted) {
    return appQueue != null && (appQueue.equals(wanted) || appQueue.endsWith("." + wanted)
        || wanted.endsWith("." + appQueue));
  }

  /** The filter form: choosing a value reloads the page with it (a plain GET without JS). */
  private static String filters(List<ApplicationReport> apps, YarnApplicationState state,
      String queue, String user) {
    TreeSet<String> queues = new TreeSet<>();
    TreeSet<String> users = new TreeSet<>();
    for (ApplicationReport a : apps) {
      queues.add(a.getQueue());
      users.add(a.getUser());
    }
    if (!queue.isEmpty()) {
      queues.add(queue);
    }
    // One option per queue: a leaf name goes when its full path is listed too.
    queues.removeIf(q -> queues.stream().anyMatch(other -> other.endsWith("." + q)));
    if (!user.isEmpty()) {
      users.add(user);
    }
    List<String> states = new ArrayList<>();
    for (YarnApplicationState s : YarnApplicationState.values()) {
      states.add(s.name());
    }
    return "<form class=\"filters\" method=\"get\" action=\"/cluster/apps\">"
        + select("State", "state", states, state == null ? "" : state.name())
        + select("Queue", "queue", queues, queue)
        + select("User", "user", users, user)
        + "<noscript><button type=\"submit\">Filter</button></noscript>"
        + " <a href=\"/cluster/apps\">Clear filters</a></form>";
  }

  private static String select(String label, String name, Iterable<String> values,
      String chosen) {
    StringBuilder b = new StringBuilder("<label>").append(Html.esc(label))
        .append(" <select name=\"").append(name).append("\" id=\"filter-").append(name)
        .append("\" onchange=\"this.form.submit()\"><option value=\"\">All</option>");
    for (String v : values) {
      b.append("<option").append(v.equals(chosen) ? " selected" : "").append(" value=\"")
          .append(Html.esc(v)).append("\">").append(Html.esc(v)).append("</option>");
    }
    return b.append("</select></label>").toString();
  }

  private static String table(List<ApplicationReport> apps) {
    Table t = new Table("apps").num("ID").col("User").col("Name").col("Type").col("Queue")
        .col("State").col("Final status").num("Started").num("Finished").num("Elapsed")
        .num("Progress").num("Containers").num("Memory").num("vCores")
        .col("Tracking UI").whenEmpty("No applications.");
    long now = System.currentTimeMillis();
    for (ApplicationReport a : apps) {
      String id = a.getApplicationId().toString();
      boolean done = EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
          YarnApplicationState.KILLED).contains(a.getYarnApplicationState());
      ApplicationResourceUsageReport u = a.getApplicationResourceUsageReport();
      long mb = u == null || done || u.getUsedResources() == null ? 0
          : Math.max(0, u.getUsedResources().getMemorySize());
      long cores = u == null || done || u.getUsedResources() == null ? 0
          : Math.max(0, u.getUsedResources().getVirtualCores());
      int containers = u == null || done ? 0 : Math.max(0, u.getNumUsedContainers());
      long end = a.getFinishTime() > 0 ? a.getFinishTime() : now;
      long elapsed = a.getStartTime() > 0 ? end - a.getStartTime() : 0;
      float progress = done ? 1f : a.getProgress();
      String s = a.getYarnApplicationState().name();
      t.row(id).html(Html.link("/cluster/app/" + id, id), a.getApplicationId().getId())
          .text(a.getUser()).text(a.getName()).text(a.getApplicationType())
          .text(a.getQueue())
          .html("<span class=\"state-" + s + "\">" + s + "</span>", s)
          .text(a.getFinalApplicationStatus())
          .sorted(Html.time(a.getStartTime()), a.getStartTime())
          .sorted(Html.time(a.getFinishTime()), a.getFinishTime())
          .sorted(Html.duration(elapsed), elapsed)
          .html(Html.bar(progress, -1, -1) + " " + Html.percent(progress), progress)
          .sorted(containers, containers)
          .sorted(Html.mb(mb), mb)
          .sorted(cores, cores)
          .html(tracking(a, done), "");
    }
    return t.render();
  }

  /** As stock: the AM's UI while it runs, History once done, UNASSIGNED before. */
  private static String tracking(ApplicationReport a, boolean done) {
    String url = a.getTrackingUrl();
    boolean hasUrl = url != null && !url.isEmpty() && !"N/A".equals(url);
    String full = hasUrl && !url.contains("://") ? "http://" + url : url;
    if (done) {
      return Html.link(hasUrl ? full : "/cluster/app/" + a.getApplicationId(), "History");
    }
    return a.getYarnApplicationState() == YarnApplicationState.RUNNING && hasUrl
        ? Html.link(full, "ApplicationMaster") : "UNASSIGNED";
  }
}
