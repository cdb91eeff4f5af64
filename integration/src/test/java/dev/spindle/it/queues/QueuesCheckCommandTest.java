package dev.spindle.it.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.SpindleCli;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spindle queues check}: offline validation with the RM's own validator, and, against
 * a running RM named by its client configuration, the effective differences and the exit
 * codes scripts rely on (0 valid, 1 refused, 2 unusable).
 */
class QueuesCheckCommandTest {

  @TempDir Path rmFiles;
  @TempDir Path rmClientConf;
  @TempDir Path candidate;
  private SpindleResourceManager rm;

  private static String capacity(String... keyValues) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      xml.append("<property><name>yarn.scheduler.capacity.").append(keyValues[i])
          .append("</name><value>").append(keyValues[i + 1]).append("</value></property>\n");
    }
    return xml.append("</configuration>\n").toString();
  }

  @BeforeEach
  void start() throws Exception {
    Files.writeString(rmFiles.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "a,b", "root.a.capacity", "50", "root.b.capacity", "50"));
    YarnConfiguration conf = new YarnConfiguration();
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.set(YarnConfiguration.RM_SCHEDULER, "capacity");
    conf.set(SchedulerFiles.CONF_DIR_KEY, rmFiles.toString());
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    try (OutputStream out = Files.newOutputStream(rmClientConf.resolve("yarn-site.xml"))) {
      rm.getConfig().writeXml(out);
    }
  }

  @AfterEach
  void stop() {
    rm.stop();
  }

  private record Run(int code, String out, String err) {}

  private static Run spindle(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SpindleCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void offlineAValidCandidateListsItsQueuesAndABrokenOneIsRefused() throws Exception {
    Files.writeString(candidate.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "x,y", "root.x.capacity", "30", "root.y.capacity", "70"));
    Run ok = spindle("queues", "check", "--conf-dir", candidate.toString(),
        "--cluster-memory-mb", "10240", "--cluster-vcores", "10");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("root.x"), ok.out());
    assertTrue(ok.out().contains("guaranteed: 3072 MB, 3 vcores"), ok.out());

    Files.writeString(candidate.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "x,y", "root.x.capacity", "30", "root.y.capacity", "80"));
    Run refused = spindle("queues", "check", "--conf-dir", candidate.toString());
    assertEquals(1, refused.code(), refused.out());
    assertTrue(refused.out().contains("Refused: capacity-scheduler.xml"), refused.out());
  }

  @Test
  void againstTheRunningRmTheDifferenceIsPrintedAndNothingApplied() throws Exception {
    Files.writeString(candidate.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "a,b,c", "root.a.capacity", "50", "root.b.capacity", "25", "root.c.capacity", "25"));
    Run r = spindle("queues", "check", "--conf-dir", candidate.toString(), "--rm-conf",
        rmClientConf.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("+ root.c"), r.out());
    assertTrue(r.out().contains("~ root.b  capacity: 50.0% -> 25.0%"), r.out());

    Files.writeString(candidate.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "a,b", "root.a.capacity", "50", "root.b.capacity", "50",
        "resource-calculator",
        "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator"));
    Run refused = spindle("queues", "check", "--conf-dir", candidate.toString(), "--rm-conf",
        rmClientConf.toString());
    assertEquals(1, refused.code(), refused.out() + refused.err());
    assertTrue(refused.out().contains("resource-calculator cannot change"), refused.out());
  }

  @Test
  void noCandidateOrNoRmIsUnusable() throws Exception {
    Run empty = spindle("queues", "check", "--conf-dir", candidate.toString());
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("no capacity-scheduler.xml"), empty.err());

    Files.writeString(candidate.resolve("capacity-scheduler.xml"), capacity("root.queues",
        "a", "root.a.capacity", "100"));
    Path nowhere = candidate.resolve("nowhere");
    Files.createDirectories(nowhere);
    Files.writeString(nowhere.resolve("yarn-site.xml"), "<?xml version=\"1.0\"?>"
        + "<configuration><property><name>yarn.resourcemanager.webapp.address</name>"
        + "<value>localhost:1</value></property></configuration>");
    Run unreachable = spindle("queues", "check", "--conf-dir", candidate.toString(),
        "--rm-conf", nowhere.toString());
    assertEquals(2, unreachable.code(), unreachable.out());
    assertTrue(unreachable.err().contains("no active ResourceManager answered"),
        unreachable.err());
  }
}
