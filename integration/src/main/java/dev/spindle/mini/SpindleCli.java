package dev.spindle.mini;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/spindle}: the single entry point of the Spindle launcher. */
@Command(
    name = "spindle",
    mixinStandardHelpOptions = true,
    versionProvider = SpindleCli.Version.class,
    description = "Spindle: a drop-in replacement for the Hadoop YARN ResourceManager.",
    subcommands = {
      DemoCommand.class,
      ClusterCommand.class,
      DaemonCommand.ResourceManagerCommand.class,
      DaemonCommand.NodeManagerCommand.class,
      dev.spindle.loadgen.LoadGenCommand.class,
      QueuesCommand.class,
      OfferShellCommand.class,
      ExplainCommand.class,
      WhatIfCommand.class
    })
public final class SpindleCli implements Callable<Integer> {

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new SpindleCli())
        .setExecutionExceptionHandler(SpindleCli::reportError)
        .execute(args);
    System.exit(code);
  }

  /** Known user errors print one line; anything else is a bug and keeps its stack trace. */
  private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult result) {
    if (e instanceof ConfDir.BadConfigException) {
      cmd.getErr().println("spindle: " + e.getMessage());
      return 2;
    }
    cmd.getErr().println("spindle: " + e);
    e.printStackTrace(cmd.getErr());
    return 1;
  }

  /** Default place for a cluster's files. */
  static Path defaultDataDir() {
    return Path.of(System.getProperty("java.io.tmpdir"),
        "spindle-" + System.getProperty("user.name"), "cluster");
  }

  /** Reports the Hadoop version Spindle speaks. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Spindle " + SpindleCli.class.getPackage().getImplementationVersion()
            + " (Hadoop protocols " + org.apache.hadoop.util.VersionInfo.getVersion() + ")"
      };
    }
  }
}
