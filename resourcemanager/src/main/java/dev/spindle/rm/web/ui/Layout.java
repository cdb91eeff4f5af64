package dev.spindle.rm.web.ui;

import java.util.List;

/**
 * The frame of every page: title, a little CSS, the nav bar built from {@link Pages} and the
 * few lines of script that sort tables by a clicked header. No build step, no framework.
 */
final class Layout {

  private static final String CSS = """
      body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9;min-width:max-content}
      header{background:#1f3a5f;color:#fff;padding:0 16px;display:flex;align-items:center;gap:24px}
      header .brand{font-weight:600;font-size:16px;padding:10px 0}
      nav a{color:#d6e2f3;text-decoration:none;padding:12px 10px;display:inline-block}
      nav a.on,nav a:hover{color:#fff;background:#2c4f7c}
      main{padding:12px 20px}
      h1{font-size:20px;margin:8px 0 12px}
      h2{font-size:16px;margin:20px 0 8px}
      .row{display:flex;flex-wrap:wrap;gap:0 40px;align-items:flex-start}
      table{border-collapse:collapse;background:#fff;margin-bottom:12px}
      th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:left;vertical-align:top}
      table.sortable th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}
      table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
      table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
      table.sortable tbody tr:nth-child(even){background:#fafbfc}
      table.facts th{background:#eef1f5;font-weight:600;white-space:nowrap}
      table.sortable td{white-space:nowrap}
      .bar{display:inline-block;vertical-align:middle;position:relative;width:160px;height:12px;background:#eceff3;border:1px solid #c9d0da}
      table.sortable .bar{width:70px}
      .bar span{position:absolute;left:0;top:0;bottom:0}
      .bar .max{background:#dfe9f5}
      .bar .guaranteed{background:#a9c4e6}
      .bar .used{background:#2e7d32;opacity:.85}
      .bar .used.over{background:#ef8c00}
      .legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px;border:1px solid #c9d0da}
      .diagnostics{white-space:pre-wrap;background:#fff8e1;border:1px solid #f0d48a;padding:8px;max-width:1000px}
      .error{background:#fdecea;border:1px solid #f5c2bd;padding:8px}
      .empty{color:#5b6472}
      form.filters{margin:0 0 10px}
      form.filters label{margin-right:12px}
      .state-RUNNING{color:#2e7d32;font-weight:600}
      .state-FAILED,.state-KILLED,.state-UNHEALTHY,.state-LOST{color:#c62828;font-weight:600}
      .state-ACCEPTED{color:#ef8c00;font-weight:600}
      """;

  /** Sorts the body rows of a table.sortable by the clicked column (data-sort keys first). */
  private static final String SORT_SCRIPT = """
      document.querySelectorAll('table.sortable th').forEach(function (th) {
        th.addEventListener('click', function () {
          var table = th.closest('table'), body = table.tBodies[0], col = th.cellIndex;
          var asc = th.getAttribute('aria-sort') !== 'ascending';
          var num = th.dataset.type === 'num';
          table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
          function key(tr) {
            var td = tr.cells[col], k = td.getAttribute('data-sort');
            if (k === null) { k = td.textContent.trim(); }
            return num ? (parseFloat(k) || 0) : k.toLowerCase();
          }
          Array.from(body.rows).sort(function (a, b) {
            var x = key(a), y = key(b);
            return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
          }).forEach(function (tr) { body.appendChild(tr); });
        });
      });
      """;

  private Layout() {}

  static String page(String title, String current, String body, List<Page> nav) {
    StringBuilder b = new StringBuilder(body.length() + 4096);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.esc(title)).append(" - Spindle ResourceManager</title>")
        .append("<style>").append(CSS).append("</style></head><body>")
        .append("<header><span class=\"brand\">Spindle ResourceManager</span><nav>");
    for (Page p : nav) {
      if (p.navLabel() != null) {
        b.append("<a href=\"/cluster/").append(Html.esc(p.name())).append('"')
            .append(p.name().equals(current) ? " class=\"on\"" : "").append('>')
            .append(Html.esc(p.navLabel())).append("</a>");
      }
    }
    b.append("</nav></header><main><h1>").append(Html.esc(title)).append("</h1>")
        .append(body).append("<p class=\"empty\">Times are in ")
        .append(Html.esc(java.time.ZoneId.systemDefault().getId()))
        .append(".</p></main><script>").append(SORT_SCRIPT)
        .append("</script></body></html>");
    return b.toString();
  }
}
