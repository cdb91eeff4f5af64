package dev.spindle.mini;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spindle demo}: brings up a single-node cluster on free ports, runs the stock
 * MapReduce pi example against it as a separate client process (configured only through the
 * written client configuration directory, as any user's job would be), prints the result and
 * shuts the cluster down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a single-node cluster, run the stock MapReduce pi example on it, stop.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--maps", defaultValue = "2", description = "Map tasks of the pi job (default 2).")
  int maps;

  @Option(names = "--samples", defaultValue = "1000",
      description = "Samples per map (default 1000).")
  long samples;

  @Option(names = "--keep", description = "Keep the demo's data directory afterwards.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("spindle-demo-");
    Path confDir = work.resolve("conf");
    System.out.println("Starting a single-node Spindle cluster under " + work + " ...");
    int exit;
    try (LocalCluster cluster =
        LocalCluster.start(new YarnConfiguration(), 1, work.resolve("data"), confDir)) {
      System.out.println("ResourceManager at "
          + cluster.cluster().getConfig().get(YarnConfiguration.RM_ADDRESS) + ", web UI at "
          + WebAppUtils.getRMWebAppURLWithScheme(cluster.cluster().getConfig()) + "/cluster"
          + "; running the MapReduce pi example (" + maps + " maps x " + samples
          + " samples)...");
      exit = runPi(confDir, work);
    } finally {
      if (!keep) {
        FileUtil.fullyDelete(work.toFile());
      }
    }
    System.out.println(exit == 0
        ? "Spindle demo: the pi job succeeded; the cluster is stopped."
        : "Spindle demo: the pi job failed with exit code " + exit + ".");
    return exit;
  }

  /** Runs {@code ExampleDriver pi} in a child JVM that sees only the client configuration. */
  private int runPi(Path confDir, Path work) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(confDir + File.pathSeparator + System.getProperty("java.class.path"));
    command.add("-Dlog4j.configuration=spindle-conf/log4j-client.properties");
    command.add("org.apache.hadoop.examples.ExampleDriver");
    command.add("pi");
    command.add(Integer.toString(maps));
    command.add(Long.toString(samples));
    Process process = new ProcessBuilder(command)
        .directory(work.toFile())
        .inheritIO()
        .start();
    return process.waitFor();
  }
}
