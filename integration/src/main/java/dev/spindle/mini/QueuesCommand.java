package dev.spindle.mini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.scheduler.EffectiveQueues;
import dev.spindle.scheduler.QueueCheck;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerConfigSource;
import dev.spindle.scheduler.UserGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spindle queues}: queue configuration tools. */
@Command(name = "queues", mixinStandardHelpOptions = true,
    description = "Queue configuration tools.",
    subcommands = QueuesCommand.Check.class)
public final class QueuesCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.out);
    return 0;
  }

  /** Exit codes a script can use. */
  static final int VALID = 0;
  static final int REFUSED = 1;
  static final int UNUSABLE = 2;

  /**
   * {@code spindle queues check}: tries candidate scheduler files before refreshQueues
   * applies them.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validate candidate scheduler files (capacity-scheduler.xml or the Fair",
          "allocation file) with the validator the RM uses. With --rm-conf, the running RM",
          "tries them against its running applications and prints what would change in the",
          "effective queues and which applications it reaches; nothing is applied.",
          "Exit 0: refreshQueues would apply them; 1: refused; 2: bad usage or RM unreachable."})
  static final class Check implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--conf-dir", required = true,
        description = "Directory holding the candidate files (and, optionally, yarn-site.xml"
            + " naming the scheduler).")
    Path confDir;

    @Option(names = "--rm-conf",
        description = "The running RM's client configuration directory: compare with it.")
    Path rmConf;

    @Option(names = "--cluster-memory-mb",
        description = "Offline only: cluster memory to compute absolute resources on.")
    long clusterMemoryMb;

    @Option(names = "--cluster-vcores",
        description = "Offline only: cluster vcores to compute absolute resources on.")
    long clusterVcores;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.isDirectory(confDir)) {
        err.println("spindle: --conf-dir " + confDir + " is not a directory");
        return UNUSABLE;
      }
      YarnConfiguration conf = ConfDir.load(Files.isRegularFile(confDir.resolve(
          "yarn-site.xml")) ? confDir : rmConf);
      String policy = SpindleResourceManager.schedulerName(conf);
      Map<String, byte[]> files = candidateFiles(conf);
      if (files.isEmpty()) {
        err.println("spindle: no capacity-scheduler.xml or "
            + SchedulerFiles.fairFileName(conf) + " in " + confDir);
        return UNUSABLE;
      }
      out.println("Candidate: " + String.join(", ", files.keySet()) + " in " + confDir);
      return rmConf == null ? offline(conf, policy, out) : online(files, out, err);
    }

    private Map<String, byte[]> candidateFiles(YarnConfiguration conf) throws IOException {
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String name : List.of("capacity-scheduler.xml",
          SchedulerFiles.fairFileName(conf))) {
        Path file = confDir.resolve(name);
        if (Files.isRegularFile(file)) {
          files.put(name, Files.readAllBytes(file));
        }
      }
      return files;
    }

    /** The candidate on its own: valid or not, and its queues as they would take effect. */
    private int offline(YarnConfiguration conf, String policy, PrintWriter out) {
      SchedulerConfigSource source = SchedulerConfigSource.directory(confDir);
      QueueCheck.Outcome outcome = QueueCheck.candidate(policy,
          SpindleResourceManager.schedulerSettings(conf), source, UserGroups.NONE,
          ResourceVector.of(clusterMemoryMb, clusterVcores));
      if (!outcome.valid()) {
        out.println("Refused: " + outcome.rejection().message());
        return REFUSED;
      }
      out.println("Valid (checked offline; name a running RM with --rm-conf to compare and"
          + " to check it against running applications).");
      for (EffectiveQueues.QueueSettings q : outcome.queues()) {
        out.println(q.path());
        q.settings().forEach((k, v) -> out.println("    " + k + ": " + v));
      }
      if (!outcome.placement().isEmpty()) {
        out.println("Placement: " + String.join("; ", outcome.placement()));
      }
      return VALID;
    }

    /** The running RM tries the candidate: its verdict, the diff and the apps reached. */
    private int online(Map<String, byte[]> files, PrintWriter out, PrintWriter err)
        throws Exception {
      YarnConfiguration rm = ConfDir.load(rmConf);
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, String> texts = new LinkedHashMap<>();
      files.forEach((name, bytes) -> texts.put(name, new String(bytes,
          java.nio.charset.StandardCharsets.UTF_8)));
      body.put("files", texts);
      byte[] request = JSON.writeValueAsBytes(body);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      List<String> tried = new ArrayList<>();
      for (String base : ConfDir.rmWebBases(rm)) {
        HttpResponse<byte[]> resp;
        try {
          resp = http.send(HttpRequest.newBuilder(URI.create(base
                  + "/ws/v1/cluster/scheduler/check?user.name="
                  + System.getProperty("user.name")))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          tried.add(base + " (" + e.getMessage() + ")");
          continue;
        }
        if (resp.statusCode() != 200) {
          tried.add(base + " (HTTP " + resp.statusCode() + ")");
          continue;
        }
        return print(JSON.readTree(resp.body()).get("queueCheck"), out);
      }
      err.println("spindle: no active ResourceManager answered: " + String.join(", ", tried));
      return UNUSABLE;
    }

    private static int print(JsonNode r, PrintWriter out) {
      if (!r.get("valid").asBoolean()) {
        out.println("Refused: " + r.get("refusal").asText());
        return REFUSED;
      }
      out.println("Valid: refreshQueues would apply it.");
      JsonNode changes = r.get("changes");
      out.println(changes.isEmpty() ? "No change in the effective queues."
          : "Changes in the effective queues (" + changes.size() + "):");
      for (JsonNode c : changes) {
        out.println("  " + c.get("line").asText());
      }
      JsonNode affected = r.get("affectedApplications");
      if (!affected.isEmpty()) {
        out.println("Applications reached (" + affected.size() + "):");
        for (JsonNode a : affected) {
          out.println("  " + a.get("application").asText() + " in " + a.get("queue").asText()
              + " (" + a.get("state").asText() + "): " + a.get("why").asText());
        }
      }
      return VALID;
    }
  }
}
