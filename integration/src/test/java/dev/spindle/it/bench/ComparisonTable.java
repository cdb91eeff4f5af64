package dev.spindle.it.bench;

import dev.spindle.it.bench.SingleRm.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Markdown table of the comparison: per scenario and figure, each RM's value and the ratio
 * of the best valid stock value to Spindle's, oriented so that above 1 means Spindle did better.
 * Invalid runs show their values in parentheses and count for no ratio.
 */
final class ComparisonTable {

  private final List<Kind> kinds;
  private final StringBuilder rows = new StringBuilder();
  private final StringBuilder notes = new StringBuilder();

  ComparisonTable(List<Kind> kinds) {
    this.kinds = List.copyOf(kinds);
  }

  /** The rows of one scenario, from its runs by kind. */
  void add(ComparisonScenario scenario, Map<Kind, LoadRun> runs) {
    String title = scenario.title();
    for (LoadFigure figure : LoadFigure.of(scenario.shape())) {
      // The scenario is named on its first row only, so that the figures stand out.
      List<String> cells = new ArrayList<>(List.of(title, figure.name()));
      title = "";
      for (Kind kind : kinds) {
        cells.add(cell(figure, runs.get(kind)));
      }
      cells.add(ratio(figure, runs));
      rows.append(row(cells));
    }
    List<String> valid = new ArrayList<>(List.of("", "valid run"));
    for (Kind kind : kinds) {
      LoadRun run = runs.get(kind);
      valid.add(run == null ? "" : run.valid() ? "yes" : "**NO**");
    }
    valid.add("");
    rows.append(row(valid));
    for (Kind kind : kinds) {
      LoadRun run = runs.get(kind);
      if (run != null) {
        notes.append(String.format("- %s, %s: load average before %s%s%n", scenario.name(),
            kind.label, run.loadBefore(), run.valid() ? ""
                : "; INVALID: " + run.brief()));
      }
    }
  }

  /** The table, then one line per run with the machine's load before it and any problems. */
  String markdown() {
    List<String> header = new ArrayList<>(List.of("scenario", "figure"));
    kinds.forEach(k -> header.add(k.label));
    header.add("ratio (best stock / Spindle, >1 = Spindle better)");
    List<String> rule = new ArrayList<>();
    header.forEach(h -> rule.add("---"));
    return row(header) + row(rule) + rows + "\n" + notes;
  }

  private static String cell(LoadFigure figure, LoadRun run) {
    Double value = run == null ? null : figure.read().apply(run);
    if (value == null) {
      return run == null ? "" : "n/a";
    }
    String text = format(value, figure.decimals());
    return run.valid() ? text : "(" + text + ")";
  }

  private String ratio(LoadFigure figure, Map<Kind, LoadRun> runs) {
    LoadRun spindle = runs.get(Kind.SPINDLE);
    Double ours = spindle != null && spindle.valid() ? figure.read().apply(spindle) : null;
    Double best = kinds.stream().filter(Kind::stock).map(runs::get)
        .filter(r -> r != null && r.valid()).map(r -> figure.read().apply(r))
        .filter(Objects::nonNull)
        .reduce((a, b) -> figure.higherIsBetter() ? Math.max(a, b) : Math.min(a, b))
        .orElse(null);
    if (ours == null || best == null) {
      return "n/a";
    }
    double ratio = figure.higherIsBetter() ? ours / best : best / ours;
    return Double.isFinite(ratio) ? format(ratio, 2) + "x" : "n/a";
  }

  private static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
