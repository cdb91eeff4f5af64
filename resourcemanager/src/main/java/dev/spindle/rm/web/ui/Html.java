package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.Web;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and formatting shared by the pages: every text that reaches HTML goes through here. */
public final class Html {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private Html() {}

  /** Escapes text for element content and attribute values. */
  public static String esc(Object value) {
    return value == null ? "" : Web.html(value);
  }

  /** A link; both the target and the text are escaped. */
  public static String link(String href, Object text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  /** A query-parameter value. */
  public static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A wall-clock time, or "N/A" for the 0 or -1 of a time not reached yet. */
  public static String time(long millis) {
    return millis <= 0 ? "N/A" : TIME.format(Instant.ofEpochMilli(millis));
  }

  /** A duration as "1h 2m 3s". */
  public static String duration(long millis) {
    if (millis < 0) {
      return "N/A";
    }
    long s = millis / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    return s / 3600 + "h " + s % 3600 / 60 + "m " + s % 60 + "s";
  }

  /** Memory in MB as people read it: "512 MB", "4 GB", "1.5 TB". */
  public static String mb(long mb) {
    if (mb < 0) {
      return "N/A";
    }
    if (mb < 1024) {
      return mb + " MB";
    }
    double gb = mb / 1024.0;
    if (gb < 1024) {
      return trim(gb) + " GB";
    }
    return trim(gb / 1024) + " TB";
  }

  /** A fraction 0..1 as a percentage with one decimal. */
  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /**
   * A horizontal bar over 0..100% of its width: the used share solid, and for queues the
   * guaranteed share and the maximum as marks behind it.
   *
   * @param used       the solid part, 0..1 (clipped at 1; more shows in the text)
   * @param guaranteed a lighter part behind it, or negative for none
   * @param maximum    the reachable part, or negative for none
   */
  public static String bar(double used, double guaranteed, double maximum) {
    StringBuilder b = new StringBuilder("<div class=\"bar\">");
    if (maximum >= 0) {
      b.append("<span class=\"max\" style=\"width:").append(width(maximum)).append("\"></span>");
    }
    if (guaranteed >= 0) {
      b.append("<span class=\"guaranteed\" style=\"width:").append(width(guaranteed))
          .append("\"></span>");
    }
    b.append("<span class=\"used").append(guaranteed >= 0 && used > guaranteed + 1e-6
        ? " over" : "").append("\" style=\"width:").append(width(used)).append("\"></span>");
    return b.append("</div>").toString();
  }

  private static String width(double fraction) {
    double clipped = Math.max(0, Math.min(1, fraction));
    return String.format(Locale.ROOT, "%.2f%%", clipped * 100);
  }
}
