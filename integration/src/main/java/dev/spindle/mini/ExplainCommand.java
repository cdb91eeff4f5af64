package dev.spindle.mini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle explain APP_ID}: why an application waits, one line per outstanding ask, read
 * from the RM's stock app-activities endpoint (which Spindle serves for every policy).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Why is my application waiting? One line per outstanding ask.",
        "Each line gives the latest reason the scheduler did not place the ask.",
        "Exit 0: the application is known (waiting or not); 1: no such application;",
        "2: bad usage or no ResourceManager answered."})
public final class ExplainCommand implements Callable<Integer> {

  static final int KNOWN = 0;
  static final int UNKNOWN_APP = 1;
  static final int UNUSABLE = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "APP_ID", description = "e.g. application_1700000000000_0001")
  String appId;

  @Option(names = "--conf-dir",
      description = "Client configuration directory naming the RM (default: $HADOOP_CONF_DIR,"
          + " else the built-in defaults).")
  Path confDir;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = confDir;
    if (dir == null && System.getenv("HADOOP_CONF_DIR") != null) {
      dir = Path.of(System.getenv("HADOOP_CONF_DIR"));
    }
    YarnConfiguration conf = ConfDir.load(dir);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String id = URLEncoder.encode(appId, StandardCharsets.UTF_8);
    String user = "user.name=" + URLEncoder.encode(System.getProperty("user.name"),
        StandardCharsets.UTF_8);
    List<String> tried = new ArrayList<>();
    for (String base : ConfDir.rmWebBases(conf)) {
      HttpResponse<byte[]> app;
      try {
        app = get(http, base + "/ws/v1/cluster/apps/" + id + "?" + user);
      } catch (IOException e) {
        tried.add(base + " (" + e.getMessage() + ")");
        continue;
      }
      if (app.statusCode() == 404 || app.statusCode() == 400) {
        err.println("spindle: no application " + appId + " in the ResourceManager at " + base
            + ": " + message(app.body()));
        return UNKNOWN_APP;
      }
      if (app.statusCode() != 200) {
        tried.add(base + " (HTTP " + app.statusCode() + ")");
        continue;
      }
      HttpResponse<byte[]> why = get(http, base + "/ws/v1/cluster/scheduler/app-activities/"
          + id + "?" + user);
      if (why.statusCode() != 200) {
        tried.add(base + " (app-activities: HTTP " + why.statusCode() + ")");
        continue;
      }
      print(JSON.readTree(app.body()).get("app"), JSON.readTree(why.body())
          .get("appActivities"), out);
      return KNOWN;
    }
    err.println("spindle: no active ResourceManager answered: " + String.join(", ", tried));
    return UNUSABLE;
  }

  private static HttpResponse<byte[]> get(HttpClient http, String url) throws IOException,
      InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The RemoteException message of an error body, or the body. */
  private static String message(byte[] body) {
    try {
      JsonNode e = JSON.readTree(body).get("RemoteException");
      return e == null ? new String(body, StandardCharsets.UTF_8) : e.get("message").asText();
    } catch (IOException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A header line, then one line per ask (each resource name of each request). */
  static void print(JsonNode app, JsonNode activities, PrintWriter out) {
    out.println(app.get("id").asText() + " (" + app.get("state").asText() + ") in queue "
        + app.get("queue").asText() + ", user " + app.get("user").asText());
    JsonNode allocations = activities.get("allocations");
    if (allocations == null || allocations.isEmpty()) {
      JsonNode diagnostic = activities.get("diagnostic");
      out.println(diagnostic == null ? "Nothing waits: no outstanding asks."
          : "Nothing to explain: " + diagnostic.asText());
      return;
    }
    for (JsonNode request : allocations.get(0).get("children")) {
      for (JsonNode ask : request.get("children")) {
        out.println(line(ask));
      }
    }
  }

  private static String line(JsonNode ask) {
    JsonNode cap = ask.get("capability");
    String what = "offers".equals(ask.get("name").asText())
        ? "offers: " + ask.get("count").asInt() + " outstanding"
        : "priority " + ask.get("requestPriority").asInt() + ", allocationRequestId "
            + ask.get("allocationRequestId").asLong() + ", " + ask.get("name").asText() + " x"
            + ask.get("count").asInt() + " of <memory:" + cap.get("memory").asLong()
            + ", vCores:" + cap.get("vCores").asLong() + ">";
    String since = ask.has("since") ? " (since "
        + Instant.ofEpochMilli(ask.get("since").asLong()) + ")" : "";
    return "  " + what + "  [" + ask.get("reason").asText() + "] "
        + ask.get("diagnostic").asText() + since;
  }
}
