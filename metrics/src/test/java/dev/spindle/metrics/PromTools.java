package dev.spindle.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Prometheus text-format parsers for the tests: Prometheus' own (Go) parser through
 * {@code promtool check metrics}, and the Python client's parser to read values back. Both
 * come from Debian ({@code prometheus}, {@code python3-prometheus-client}; .ci/run installs
 * them); a test that needs one is skipped, saying so, where it is missing.
 */
public final class PromTools {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PARSE = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for f in text_string_to_metric_families(sys.stdin.read()):",
      "    out.append({'name': f.name, 'type': f.type, 'samples': [",
      "        {'name': s.name, 'labels': s.labels, 'value': repr(float(s.value))}",
      "        for s in f.samples]})",
      "print(json.dumps(out))");

  /** Debian's python3, where python3-prometheus-client installs (not a pyenv on PATH). */
  private static final String PYTHON =
      new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";

  private PromTools() {}

  /** One parsed sample. */
  public record Sample(String family, String type, String name, Map<String, String> labels,
      double value) {}

  /** Skips the calling test unless promtool is installed. */
  public static void assumePromtool() {
    Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian package"
        + " 'prometheus'; .ci/run installs it): skipping the Prometheus-parser check");
  }

  /** Skips the calling test unless Python's prometheus_client is installed. */
  public static void assumePythonParser() throws Exception {
    boolean ok = (PYTHON.startsWith("/") || onPath(PYTHON))
        && run(List.of(PYTHON, "-c", "import prometheus_client"), "").exit() == 0;
    Assumptions.assumeTrue(ok, "python3-prometheus-client is not installed (.ci/run installs"
        + " it): skipping the parse of /prom");
  }

  /**
   * Runs {@code promtool check metrics} on {@code page}; returns its lint findings (stock's
   * counter names without _total are findings, not errors). Fails on a parse error.
   */
  public static List<String> promtoolFindings(String page) throws Exception {
    Result r = run(List.of("promtool", "check", "metrics"), page);
    if (r.exit() != 0 && r.exit() != 3 || r.output().contains("error while linting")) {
      throw new AssertionError("promtool rejected the page (exit " + r.exit() + "): "
          + r.output());
    }
    List<String> findings = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      if (!line.isBlank()) {
        findings.add(line.trim());
      }
    }
    return findings;
  }

  /** Every sample of {@code page}, as the Python client parses it. */
  public static List<Sample> parse(String page) throws Exception {
    Result r = run(List.of(PYTHON, "-c", PARSE), page);
    if (r.exit() != 0) {
      throw new AssertionError("prometheus_client could not parse the page: " + r.output());
    }
    List<Sample> out = new ArrayList<>();
    for (JsonNode f : JSON.readTree(r.output())) {
      for (JsonNode s : f.get("samples")) {
        Map<String, String> labels = JSON.convertValue(s.get("labels"),
            JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        out.add(new Sample(f.get("name").asText(), f.get("type").asText(),
            s.get("name").asText(), labels, Double.parseDouble(s.get("value").asText())));
      }
    }
    return out;
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, String stdin) throws Exception {
    Path out = Files.createTempFile("prom", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish");
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
