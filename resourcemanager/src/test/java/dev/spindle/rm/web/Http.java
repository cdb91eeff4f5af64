package dev.spindle.rm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the web tests: redirects are not followed. */
public final class Http {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private final String base;

  /** @param address host:port of the RM web server */
  public Http(String address) {
    this.base = "http://" + address;
  }

  String base() {
    return base;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> getXml(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Accept", "application/xml").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> put(String path, String json) throws Exception {
    return put(path, json, "application/json");
  }

  HttpResponse<String> put(String path, String body, String type) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", type).header("Accept", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, String type) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", type).header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET, asserting the status, and the body as JSON. */
  JsonNode json(String path, int status) throws Exception {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != status) {
      throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  public static JsonNode parse(String body) throws Exception {
    return JSON.readTree(body);
  }
}
