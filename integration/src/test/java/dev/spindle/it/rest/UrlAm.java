package dev.spindle.it.rest;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An ApplicationMaster that serves a one-line web page and registers its URL as the tracking
 * URL, so that the RM's {@code trackingUI}, {@code trackingUrl} and {@code /proxy/<appId>/}
 * can be observed for a running app that has one. Heartbeats until it is killed.
 */
public final class UrlAm {

  private UrlAm() {}

  public static void main(String[] args) throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    HttpServer web = HttpServer.create(new InetSocketAddress(0), 0);
    web.createContext("/", exchange -> {
      byte[] page = "url-am\n".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    web.start();
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(new YarnConfiguration());
    amrm.start();
    String url = "http://" + host + ":" + web.getAddress().getPort() + "/";
    amrm.registerApplicationMaster(host, -1, url);
    System.out.println("registered with tracking URL " + url);
    while (true) {
      amrm.allocate(0.25f);
      Thread.sleep(300);
    }
  }
}
