package dev.spindle.mini;

import dev.spindle.framework.examples.OfferShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spindle offer-shell}: runs N copies of a command as an offer-mode framework (the
 * counterpart of DistributedShell), printing each task's exit status.
 */
@Command(name = "offer-shell", mixinStandardHelpOptions = true,
    description = {"Run N copies of a shell command through offer mode.",
        "It runs as a framework whose AM is this process, launching tasks out of the offers",
        "the RM makes.",
        "With --prefer it is the locality-aware example: delay scheduling by declining offers",
        "of other nodes. Exit 0 when every task exited 0, 1 otherwise, 2 on bad usage."})
public final class OfferShellCommand implements Callable<Integer> {

  @Option(names = "--conf-dir", required = true,
      description = "The cluster's client configuration directory (yarn-site.xml).")
  Path confDir;

  @Option(names = {"-n", "--tasks"}, defaultValue = "1", description = "How many copies.")
  int tasks;

  @Option(names = "--memory", defaultValue = "256", description = "MB per task.")
  long memoryMb;

  @Option(names = "--vcores", defaultValue = "1", description = "vcores per task.")
  long vcores;

  @Option(names = "--queue", description = "The queue to submit the framework to.")
  String queue;

  @Option(names = "--prefer", split = ",",
      description = "Nodes (host or host:port) the tasks' data is on: the framework does"
          + " delay scheduling, declining other nodes' offers until --locality-wait passes.")
  List<String> prefer = List.of();

  @Option(names = "--locality-wait", defaultValue = "5",
      description = "Seconds to wait for a preferred node before taking any (with --prefer).")
  double localityWaitSeconds;

  @Option(names = "--timeout", defaultValue = "600",
      description = "Seconds to wait for all tasks.")
  long timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "COMMAND",
      description = "The command and its arguments (after --).")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    if (tasks < 1 || memoryMb < 1 || vcores < 0) {
      System.err.println("spindle: offer-shell needs -n >= 1, --memory >= 1, --vcores >= 0");
      return 2;
    }
    OfferShell shell = new OfferShell(tasks, memoryMb, vcores, String.join(" ", command),
        System.out);
    if (!prefer.isEmpty()) {
      shell.preferring(prefer, Duration.ofMillis((long) (localityWaitSeconds * 1000)));
    }
    int failed = shell.run(ConfDir.load(confDir), queue, Duration.ofSeconds(timeoutSeconds));
    return failed == 0 ? 0 : 1;
  }
}
