package dev.spindle.rm.web.ui;

/** A two-column "label: value" table, for an object's details (an app, the cluster). */
public final class Facts {

  private final StringBuilder b;

  public Facts(String id) {
    b = new StringBuilder("<table class=\"facts\" id=\"").append(Html.esc(id)).append("\">");
  }

  public Facts add(String label, Object value) {
    return addHtml(label, Html.esc(value));
  }

  /** A row whose value is ready HTML (escape what goes into it). */
  public Facts addHtml(String label, String html) {
    b.append("<tr><th>").append(Html.esc(label)).append("</th><td>").append(html)
        .append("</td></tr>");
    return this;
  }

  public String render() {
    return b + "</table>";
  }
}
