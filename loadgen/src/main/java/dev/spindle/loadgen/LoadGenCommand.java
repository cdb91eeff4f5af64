package dev.spindle.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spindle loadgen}: loads the RM named by a client configuration directory and prints a
 * table, then one JSON line. Exit 0 when the run was valid, 1 when not, 2 on bad usage.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = {"Load any ResourceManager (stock or Spindle) over the wire.",
        "Simulated NodeManagers and unmanaged ApplicationMasters (or a submission storm) in one",
        "JVM; prints a table and one JSON line. Exit 0 when the run is valid, 1 when not, 2 on",
        "bad usage."})
public final class LoadGenCommand implements Callable<Integer> {

  private static final LoadScenario SMALL = LoadScenario.small();

  @Option(names = "--conf-dir", required = true,
      description = "The RM's client configuration directory (core-site.xml, yarn-site.xml).")
  Path confDir;

  @Option(names = "--nodes", description = "Simulated NodeManagers (default: ${DEFAULT-VALUE}).")
  int nodes = SMALL.nodes();

  @Option(names = "--node-memory-mb", description = "Memory per node (default: ${DEFAULT-VALUE}).")
  int nodeMemoryMb = SMALL.nodeMemoryMb();

  @Option(names = "--node-vcores", description = "Vcores per node (default: ${DEFAULT-VALUE}).")
  int nodeVcores = SMALL.nodeVcores();

  @Option(names = "--nm-hb-ms", description = "NM heartbeat interval (default: ${DEFAULT-VALUE}).")
  long nmHeartbeatMs = SMALL.nmHeartbeatMs();

  @Option(names = "--apps",
      description = "Unmanaged AMs; 0 = idle nodes only (default: ${DEFAULT-VALUE}).")
  int apps = SMALL.apps();

  @Option(names = "--containers", description = "Containers per app (default: ${DEFAULT-VALUE}).")
  int containersPerApp = SMALL.containersPerApp();

  @Option(names = "--container-memory-mb",
      description = "Memory per container (default: ${DEFAULT-VALUE}).")
  int containerMemoryMb = SMALL.containerMemoryMb();

  @Option(names = "--container-vcores",
      description = "Vcores per container (default: ${DEFAULT-VALUE}).")
  int containerVcores = SMALL.containerVcores();

  @Option(names = "--task-ms",
      description = "How long each container runs (default: ${DEFAULT-VALUE}).")
  long taskMs = SMALL.taskMs();

  @Option(names = "--am-hb-ms", description = "AM allocate interval (default: ${DEFAULT-VALUE}).")
  long amHeartbeatMs = SMALL.amHeartbeatMs();

  @Option(names = "--queue", description = "Queue the apps go to (default: ${DEFAULT-VALUE}).")
  String queue = SMALL.queue();

  @Option(names = "--idle-ms",
      description = "With --apps 0: how long the nodes heartbeat (default: 30000).")
  long idleMs = 30_000;

  @Option(names = "--timeout-ms",
      description = "Give up (invalid run) after this long (default: ${DEFAULT-VALUE}).")
  long timeoutMs = SMALL.timeoutMs();

  @Option(names = "--rm-pid",
      description = "The RM's process id on this machine: report its CPU and peak RSS.")
  Long rmPid;

  @Option(names = "--storm",
      description = "Submission storm of N managed apps instead of the container load.")
  Integer storm;

  @Option(names = "--storm-threads",
      description = "Client threads of the storm (default: ${DEFAULT-VALUE}).")
  int stormThreads = 16;

  @Option(names = "--kill", description = "Storm: kill each app as soon as it is ACCEPTED.")
  boolean kill;

  @Option(names = "--offers",
      description = "The apps are offer-mode frameworks (Spindle's offer protocol): they take"
          + " their containers out of offers instead of asking. Spindle only.")
  boolean offers;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(confDir)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--conf-dir " + confDir + " is not a directory");
    }
    LoadScenario scenario;
    try {
      scenario = new LoadScenario(nodes, nodeMemoryMb, nodeVcores, nmHeartbeatMs, apps,
          containersPerApp, containerMemoryMb, containerVcores, taskMs, amHeartbeatMs, queue,
          idleMs, timeoutMs);
      if (storm != null && (storm <= 0 || stormThreads <= 0)) {
        throw new IllegalArgumentException("--storm and --storm-threads must be positive");
      }
      if (storm == null && nodes == 0) {
        // Only a storm can do without nodes (its AMs then cannot be placed); containers and
        // idle runs would wait for nodes that never come.
        throw new IllegalArgumentException("--nodes must be positive (0 only with --storm)");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    LoadGenerator generator = new LoadGenerator(load(confDir), scenario);
    if (offers) {
      generator.withOffers();
    }
    OptionalLong pid = rmPid == null ? OptionalLong.empty() : OptionalLong.of(rmPid);
    LoadResult result = storm != null
        ? generator.storm(storm, stormThreads, kill, pid)
        : generator.run(pid);
    System.out.print(result.table());
    System.out.println(result.json());
    return result.valid() ? 0 : 1;
  }

  /** The client configuration in {@code dir}, over the built-in defaults. */
  static Configuration load(Path dir) {
    YarnConfiguration conf = new YarnConfiguration();
    for (String name : new String[] {"core-site.xml", "yarn-site.xml"}) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
      }
    }
    return conf;
  }

  /** Runs the command on its own (picocli maps usage errors to exit 2). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenCommand()).execute(args));
  }
}
