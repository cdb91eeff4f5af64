package dev.spindle.it.bench;

import dev.spindle.it.bench.ComparisonScenario.Shape;
import dev.spindle.loadgen.LoadScenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scenarios of the load comparison at full size (issue 9), shrunk or picked by system
 * properties so that one scenario can be run quickly:
 * <ul>
 *   <li>{@code compare.scenarios}: names, comma-separated (default: all of
 *       {@code idle1k, idle10k, containers, storm, storm-unplaced});
 *   <li>{@code compare.scale}: a factor on node, container and storm app counts (default 1);
 *   <li>{@code compare.nodes}, {@code compare.apps}, {@code compare.containersPerApp},
 *       {@code compare.taskMs}, {@code compare.idleMs}, {@code compare.stormApps},
 *       {@code compare.stormThreads}: exact values, after the scale.
 * </ul>
 */
final class ComparisonScenarios {

  static final List<String> NAMES =
      List.of("idle1k", "idle10k", "containers", "storm", "storm-unplaced");
  private static final int GIB = 1024;
  private static final long AM_HEARTBEAT_MS = 1000;
  private static final String QUEUE = "default";

  private ComparisonScenarios() {}

  /** The scenarios the system properties select, in the order of {@link #NAMES}. */
  static List<ComparisonScenario> selected() {
    String wanted = System.getProperty("compare.scenarios", "").trim();
    Set<String> names = wanted.isEmpty() ? Set.copyOf(NAMES)
        : Arrays.stream(wanted.split(",")).map(String::trim).collect(Collectors.toSet());
    for (String name : names) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown scenario " + name + "; known: " + NAMES);
      }
    }
    List<ComparisonScenario> out = new ArrayList<>();
    for (String name : NAMES) {
      if (names.contains(name)) {
        out.add(byName(name));
      }
    }
    return out;
  }

  static ComparisonScenario byName(String name) {
    long idleMs = longProperty("compare.idleMs", 60_000);
    return switch (name) {
      case "idle1k" -> idle(name, scaled("compare.nodes", 1_000), 1_000, idleMs);
      case "idle10k" -> idle(name, scaled("compare.nodes", 10_000), 2_000, idleMs);
      case "containers" -> containers(name);
      case "storm" -> storm(name, true);
      case "storm-unplaced" -> storm(name, false);
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }

  private static ComparisonScenario idle(String name, int nodes, long heartbeatMs, long idleMs) {
    LoadScenario load = new LoadScenario(nodes, 32 * GIB, 8, heartbeatMs, 0, 0, 4 * GIB, 1, 0,
        AM_HEARTBEAT_MS, QUEUE, idleMs, idleMs + 600_000);
    return new ComparisonScenario(name, String.format("%,d idle nodes, %d s heartbeat, %d s",
        nodes, heartbeatMs / 1000, idleMs / 1000), Shape.IDLE, load, 0, 0);
  }

  /** 10,000 nodes of 8 vcores / 32 GiB at 2 s; 50 apps x 2,000 containers of 1 vcore / 4 GiB. */
  private static ComparisonScenario containers(String name) {
    int nodes = scaled("compare.nodes", 10_000);
    int apps = intProperty("compare.apps", 50);
    int perApp = scaled("compare.containersPerApp", 2_000);
    long taskMs = longProperty("compare.taskMs", 5_000);
    LoadScenario load = new LoadScenario(nodes, 32 * GIB, 8, 2_000, apps, perApp, 4 * GIB, 1,
        taskMs, AM_HEARTBEAT_MS, QUEUE, 0, 1_800_000);
    return new ComparisonScenario(name, String.format(
        "%,d nodes 8 vcores/32 GiB, 2 s heartbeat; %d apps x %,d containers 1 vcore/4 GiB,"
            + " %d s tasks", nodes, apps, perApp, taskMs / 1000), Shape.CONTAINERS, load, 0, 0);
  }

  /**
   * {@code kill}: 2,000 managed apps from 16 threads, each killed once ACCEPTED, 100 nodes at
   * 1 s on which the AMs are placed (their launches fail: nothing listens on the fake hosts).
   * Else the same submissions with no node at all: they stay ACCEPTED, and the figure is the
   * submission path alone. (A node too small for the AM would not do: the stock RM caps the
   * allocation at the largest registered node's size and refuses such a submission.)
   */
  private static ComparisonScenario storm(String name, boolean kill) {
    int apps = scaled("compare.stormApps", 2_000);
    int threads = intProperty("compare.stormThreads", 16);
    int nodes = kill ? scaled("compare.nodes", 100) : 0;
    LoadScenario load = new LoadScenario(nodes, 32 * GIB, 8, 1_000, 0, 0, GIB, 1, 0,
        AM_HEARTBEAT_MS, QUEUE, 0, 900_000);
    String title = kill
        ? String.format("storm: %,d submissions from %d threads, each killed once ACCEPTED"
            + " (%,d nodes)", apps, threads, nodes)
        : String.format("storm: %,d submissions from %d threads, no nodes (AMs cannot be"
            + " placed)", apps, threads);
    return new ComparisonScenario(name, title, kill ? Shape.STORM_KILL : Shape.STORM_UNPLACED,
        load, apps, threads);
  }

  /** {@code key} when set, else {@code full} times compare.scale (at least 1). */
  private static int scaled(String key, int full) {
    String exact = System.getProperty(key);
    if (exact != null && !exact.isBlank()) {
      return Integer.parseInt(exact.trim());
    }
    double scale = Double.parseDouble(System.getProperty("compare.scale", "1"));
    return (int) Math.max(1, Math.round(full * scale));
  }

  private static int intProperty(String key, int otherwise) {
    String value = System.getProperty(key);
    return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
  }

  private static long longProperty(String key, long otherwise) {
    String value = System.getProperty(key);
    return value == null || value.isBlank() ? otherwise : Long.parseLong(value.trim());
  }
}
