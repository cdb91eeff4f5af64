package dev.spindle.it.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/** Plain HTTP GETs against RM web endpoints, as a browser or a REST tool would make them. */
public final class Http {

  private static final HttpClient FOLLOWING = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
  private static final HttpClient NOT_FOLLOWING = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  /** The RM web base (scheme://host:port) a client configuration points at. */
  public static String rmWeb(Configuration conf) {
    return WebAppUtils.getRMWebAppURLWithScheme(conf);
  }

  /** GET asking for JSON, following redirects like a browser. */
  public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return FOLLOWING.send(request(url), HttpResponse.BodyHandlers.ofString());
  }

  /** GET asking for JSON, answering the first response as is (redirects included). */
  public static HttpResponse<String> getOnce(String url)
      throws IOException, InterruptedException {
    return NOT_FOLLOWING.send(request(url), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").GET().build();
  }
}
