package dev.spindle.rm.web.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * A table the browser can sort by clicking a header (the layout's script reads data-sort
 * keys where the shown text would sort wrongly, e.g. times and sizes). Cells are escaped
 * unless added as HTML.
 */
public final class Table {

  private final String id;
  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> numeric = new ArrayList<>();
  private final List<String> rows = new ArrayList<>();
  private StringBuilder row;
  private String empty = "None.";

  public Table(String id) {
    this.id = id;
  }

  /** A column of text. */
  public Table col(String header) {
    headers.add(header);
    numeric.add(false);
    return this;
  }

  /** A column that sorts by number. */
  public Table num(String header) {
    headers.add(header);
    numeric.add(true);
    return this;
  }

  /** What the table says when it has no rows. */
  public Table whenEmpty(String text) {
    empty = text;
    return this;
  }

  /** Starts a row; {@code key} goes into its data-key attribute (tests and links find rows by it). */
  public Table row(String key) {
    end();
    row = new StringBuilder("<tr data-key=\"").append(Html.esc(key)).append("\">");
    return this;
  }

  public Table text(Object value) {
    row.append("<td>").append(Html.esc(value)).append("</td>");
    return this;
  }

  /** A cell shown as {@code shown} and sorted by {@code key}. */
  public Table sorted(Object shown, Object key) {
    row.append("<td data-sort=\"").append(Html.esc(key)).append("\">").append(Html.esc(shown))
        .append("</td>");
    return this;
  }

  /** A cell of ready HTML (escape what goes into it), sorted by {@code key}. */
  public Table html(String html, Object key) {
    row.append("<td data-sort=\"").append(Html.esc(key)).append("\">").append(html)
        .append("</td>");
    return this;
  }

  public Table link(String href, Object text) {
    row.append("<td>").append(href == null ? Html.esc(text) : Html.link(href, text))
        .append("</td>");
    return this;
  }

  public int size() {
    end();
    return rows.size();
  }

  public String render() {
    end();
    if (rows.isEmpty()) {
      return "<p class=\"empty\" id=\"" + Html.esc(id) + "\">" + Html.esc(empty) + "</p>";
    }
    StringBuilder b = new StringBuilder("<table class=\"sortable\" id=\"")
        .append(Html.esc(id)).append("\"><thead><tr>");
    for (int i = 0; i < headers.size(); i++) {
      b.append("<th").append(numeric.get(i) ? " data-type=\"num\"" : "")
          .append(" title=\"Click to sort\">").append(Html.esc(headers.get(i))).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    rows.forEach(b::append);
    return b.append("</tbody></table>").toString();
  }

  private void end() {
    if (row != null) {
      rows.add(row.append("</tr>").toString());
      row = null;
    }
  }
}
