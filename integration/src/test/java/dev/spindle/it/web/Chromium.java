package dev.spindle.it.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol
 * from the JDK's WebSocket client: open a page, wait for it to load, read what it shows,
 * click and choose like a person. No driver download and no extra dependency.
 */
public final class Chromium implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  /** Whether this machine has Chromium (the browser tests skip without it). */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts a browser with a fresh profile in {@code profile}. The flags keep Chromium off the
   * network (a closed network refuses its background connections) and out of first-run UI.
   */
  public static Chromium start(Path profile) throws Exception {
    Files.createDirectories(profile);
    // Its singleton socket goes under TMPDIR: keep it beside the profile, not in /tmp.
    Path tmp = Files.createDirectories(profile.resolveSibling(profile.getFileName() + "-tmp"));
    ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1500,900",
        "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile());
    builder.environment().put("TMPDIR", tmp.toString());
    Process p = builder.start();
    try {
      return new Chromium(p, pageSocket(profile));
    } catch (Exception | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private Chromium(Process process, URI pageSocket) throws Exception {
    this.process = process;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(pageSocket, new Listener()).get(60, TimeUnit.SECONDS);
    send("Page.enable", Map.of());
    send("Runtime.enable", Map.of());
  }

  /** The DevTools WebSocket of the first page, from the port Chromium writes into its profile. */
  private static URI pageSocket(Path profile) throws Exception {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      if (Files.isRegularFile(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          JsonNode targets = JSON.readTree(HttpClient.newHttpClient().send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lines.get(0).trim()
                  + "/json/list")).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()).body());
          for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText())) {
              return URI.create(t.path("webSocketDebuggerUrl").asText());
            }
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Chromium did not open its DevTools port in " + WAIT);
      }
      Thread.sleep(100);
    }
  }

  /** Sends a DevTools command and waits for its result. */
  public JsonNode send(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(msg), true).get(60, TimeUnit.SECONDS);
    JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  /** Opens a URL and waits until the page has loaded. */
  public void open(String url) throws Exception {
    andWaitForLoad(() -> send("Page.navigate", Map.of("url", url)));
  }

  /** Evaluates JavaScript in the page and returns its value (promises awaited). */
  public JsonNode eval(String script) throws Exception {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", script, "returnByValue", true,
        "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("Script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** The text a person sees on the page (or in one element), as the browser renders it. */
  public String text(String cssSelector) throws Exception {
    JsonNode v = eval("(function(){var e=document.querySelector(" + quote(cssSelector)
        + ");return e===null?null:e.innerText;})()");
    if (v.isNull() || v.isMissingNode()) {
      throw new AssertionError("Nothing on " + url() + " matches " + cssSelector
          + "; the page shows:\n" + eval("document.body.innerText").asText());
    }
    return v.asText();
  }

  public String url() throws Exception {
    return eval("location.href").asText();
  }

  /** Clicks an element that does not load a new page (a sortable table header). */
  public void click(String cssSelector) throws Exception {
    eval("document.querySelector(" + quote(cssSelector) + ").click()");
  }

  /** Clicks a link (the first matching element) and waits for the page it opens. */
  public void follow(String cssSelector) throws Exception {
    andWaitForLoad(() -> eval("document.querySelector(" + quote(cssSelector) + ").click()"));
  }

  /** Chooses an option of a select, as a person does, and waits for the page that loads. */
  public void choose(String selectSelector, String value) throws Exception {
    andWaitForLoad(() -> eval("(function(){var s=document.querySelector("
        + quote(selectSelector) + ");s.value=" + quote(value)
        + ";s.dispatchEvent(new Event('change'));})()"));
  }

  /** A PNG of the page's content (its width, and its height up to the window's). */
  public byte[] screenshot() throws Exception {
    JsonNode size = eval("[document.body.scrollWidth,"
        + " Math.min(document.body.scrollHeight, window.innerHeight)]");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get(0).asInt(),
        "height", size.get(1).asInt(), "scale", 1);
    return Base64.getDecoder().decode(send("Page.captureScreenshot",
        Map.of("format", "png", "clip", clip, "captureBeyondViewport", true))
        .path("data").asText());
  }

  private interface Action {
    void run() throws Exception;
  }

  private void andWaitForLoad(Action action) throws Exception {
    events.clear();
    action.run();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String e = events.poll(1, TimeUnit.SECONDS);
      if ("Page.loadEventFired".equals(e)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No page loaded within " + WAIT);
      }
    }
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    socket.abort();
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Routes replies to their waiting command and records event names. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = replies.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          } else if (msg.has("method")) {
            events.add(msg.get("method").asText());
          }
        } catch (IOException e) {
          // Not JSON: DevTools sends only JSON, so nothing to route.
        }
      }
      ws.request(1);
      return null;
    }
  }
}
