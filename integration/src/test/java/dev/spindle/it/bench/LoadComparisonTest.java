package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.bench.SingleRm.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock ResourceManager 3.5.0 (CapacityScheduler synchronous, its fastest setting on two
 * cores, and asynchronous, its default) against Spindle's under the same over-the-wire load:
 * for each scenario ({@link ComparisonScenarios}) the three RMs run one after the other as
 * child JVMs with the same heap and configuration ({@link LoadRmConf}), each loaded by the
 * load generator in this JVM. Prints a Markdown table and writes it to
 * {@code integration/target/load-comparison.md}; asserts that every run was valid (the same
 * containers requested, allocated and completed, no RPC error), never a figure.
 *
 * <p>Heavy (not in CI), about 25 minutes at full size:
 * {@code mvn -o -Pheavy -pl integration -am test -Dtest=LoadComparisonTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; one scenario quickly:
 * {@code -Dcompare.scenarios=containers -Dcompare.scale=0.01}. Also {@code compare.kinds}
 * (e.g. {@code STOCK_SYNC,SPINDLE}), {@code compare.heap} (default 4g) and {@code compare.dir}
 * (keep each RM's conf dir, output and GC log there).
 */
@EnabledIfSystemProperty(named = "spindle.heavy", matches = "true")
class LoadComparisonTest {

  @TempDir
  File dir;

  @Test
  void stockAgainstSpindle() throws Exception {
    String heap = System.getProperty("compare.heap", "4g");
    List<Kind> kinds = kinds();
    List<ComparisonScenario> scenarios = ComparisonScenarios.selected();
    File runs = runDirectory();
    ComparisonTable table = new ComparisonTable(kinds);
    List<String> invalid = new ArrayList<>();
    StringBuilder json = new StringBuilder();
    for (ComparisonScenario scenario : scenarios) {
      Map<Kind, LoadRun> byKind = new EnumMap<>(Kind.class);
      for (Kind kind : kinds) {
        System.out.printf("%s: %s against %s (-Xmx%s)%n", Instant.now(), scenario.title(),
            kind.label, heap);
        LoadRun run = LoadRun.play(kind, scenario, runs, heap);
        byKind.put(kind, run);
        if (run.result() != null) {
          System.out.println(run.result().table());
          json.append(String.format("- %s, %s: `%s`%n", scenario.name(), kind.label,
              run.result().json()));
        }
        if (!run.valid()) {
          invalid.add(scenario.name() + " " + kind.label + ": " + run.brief());
          System.out.println("INVALID " + invalid.get(invalid.size() - 1));
        }
        // What the generator left behind is not the next RM's cost.
        System.gc();
      }
      table.add(scenario, byKind);
    }
    String report = "# Load comparison, stock RM 3.5.0 vs Spindle\n\n" + machine(heap) + "\n\n"
        + table.markdown() + "\nResults:\n\n" + json;
    System.out.println(report);
    write(report);
    assertTrue(invalid.isEmpty(), "invalid runs: " + invalid);
  }

  /**
   * Where the RMs' conf dirs, output and GC logs go: a temporary directory, or a new one under
   * {@code compare.dir} that is kept for a look afterwards.
   */
  private File runDirectory() throws IOException {
    String keep = System.getProperty("compare.dir", "").trim();
    if (keep.isEmpty()) {
      return dir;
    }
    Path kept = Path.of(keep).resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(kept);
    System.out.println("RM conf dirs, output and GC logs in " + kept.toAbsolutePath());
    return kept.toFile();
  }

  private static List<Kind> kinds() {
    String wanted = System.getProperty("compare.kinds", "").trim();
    return wanted.isEmpty() ? List.of(Kind.values())
        : Arrays.stream(wanted.split(",")).map(String::trim).map(Kind::valueOf).sorted()
            .toList();
  }

  private static String machine(String heap) {
    return String.format("Run %s on %d cores, %s %s, RM heap -Xmx%s; load generator in the"
        + " test JVM on the same machine.", Instant.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), heap);
  }

  private static void write(String report) throws IOException {
    Path out = Path.of(System.getProperty("basedir", "."), "target", "load-comparison.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println("written to " + out.toAbsolutePath());
  }
}
