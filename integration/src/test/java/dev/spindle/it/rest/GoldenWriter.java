package dev.spindle.it.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Performs one HTTP exchange against an RM web server and writes it as a golden pair:
 * {@code <name>.json} (the body, pretty-printed when it is JSON) and {@code <name>.meta}
 * (status line and headers). Redirects are never followed: the redirect itself is the fact.
 */
final class GoldenWriter {

  /** Headers whose values change on every request and would only add noise to diffs. */
  private static final List<String> VOLATILE = List.of("date", "expires", "last-modified");

  /** Non-JSON bodies of status-only captures are cut here: the page text is not the fact. */
  private static final int MAX_TEXT = 2000;

  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path dir;
  /** Literal text (host:port of each RM) replaced by a placeholder in .meta files. */
  private final Map<String, String> placeholders = new LinkedHashMap<>();

  GoldenWriter(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Replaces {@code literal} with {@code placeholder} in recorded headers (Location). */
  void placeholder(String literal, String placeholder) {
    placeholders.put(literal, placeholder);
  }

  /** GET with Accept: application/json. */
  HttpResponse<String> get(String name, String url) throws Exception {
    return send(name, HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "application/json").GET(), true);
  }

  /** GET with an explicit Accept header; {@code withBody} false marks only status + headers as
   * the contract (a non-JSON body is then truncated). */
  HttpResponse<String> get(String name, String url, String accept, boolean withBody)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return send(name, b, withBody);
  }

  /** PUT of a JSON body with Accept: application/json. */
  HttpResponse<String> putJson(String name, String url, String body) throws Exception {
    return send(name, HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "application/json").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)), true);
  }

  private HttpResponse<String> send(String name, HttpRequest.Builder b, boolean withBody)
      throws Exception {
    HttpRequest request = b.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    StringBuilder meta = new StringBuilder();
    meta.append("request: ").append(request.method()).append(' ')
        .append(redact(request.uri().getRawPath()
            + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery())))
        .append('\n');
    request.headers().map().forEach((k, v) -> meta.append("request-header: ").append(k)
        .append(": ").append(String.join(", ", v)).append('\n'));
    meta.append("status: ").append(response.statusCode()).append('\n');
    new TreeMap<>(response.headers().map()).forEach((k, v) -> {
      if (!VOLATILE.contains(k.toLowerCase()) && !k.startsWith(":")) {
        meta.append("header: ").append(k.toLowerCase()).append(": ")
            .append(redact(String.join(", ", v))).append('\n');
      }
    });
    meta.append("body-length: ").append(response.body().length()).append('\n');
    Files.writeString(dir.resolve(name + ".meta"), meta.toString(), StandardCharsets.UTF_8);
    String body = response.body();
    if (!body.isEmpty() && isJson(body)) {
      if (withBody) { // a status-only JSON body (/jmx) is large and says nothing we match
        Files.writeString(dir.resolve(name + ".json"), pretty(body), StandardCharsets.UTF_8);
      }
    } else if (!body.isEmpty()) {
      // HTML/XML/text: kept for reading, but only status and headers are the contract.
      String kept = withBody || body.length() <= MAX_TEXT ? body : body.substring(0, MAX_TEXT);
      Files.writeString(dir.resolve(name + ".body.txt"), kept, StandardCharsets.UTF_8);
    }
    return response;
  }

  private boolean isJson(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.isContainerNode();
    } catch (IOException notJson) {
      return false;
    }
  }

  private String pretty(String body) throws IOException {
    return json.writeValueAsString(json.readTree(body)) + "\n";
  }

  private String redact(String text) {
    String out = text;
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
