package dev.spindle.rm.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.HttpServer2;
import org.apache.hadoop.security.UserGroupInformation;

/** Shared plumbing of the RM web servlets: the backend, the caller, JSON bodies and errors. */
public final class Web {

  /** Servlet-context attribute holding the {@link WebBackend}. */
  public static final String BACKEND = "spindle.rm.web.backend";
  static final String STATIC_USER = "hadoop.http.staticuser.user";

  /** Null fields are left out, as stock (MOXy) leaves them out. */
  static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Web() {}

  public static WebBackend backend(ServletContext context) {
    return (WebBackend) context.getAttribute(BACKEND);
  }

  public static Configuration conf(ServletContext context) {
    return (Configuration) context.getAttribute(HttpServer2.CONF_CONTEXT_ATTRIBUTE);
  }

  /** http://host:port of this web server as published in the configuration. */
  public static String webBase(ServletContext context) {
    Configuration conf = conf(context);
    return "http://" + (conf == null ? "localhost:8088"
        : conf.get(org.apache.hadoop.yarn.conf.YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  /** The active RM, or a 503 error when this RM is not active. */
  static ActiveRm active(ServletContext context) throws WebError {
    ActiveRm rm = backend(context).active();
    if (rm == null) {
      throw WebError.unavailable("This RM is not active");
    }
    return rm;
  }

  /** The HTTP caller: the filter chain's user, else the static web user (stock dr.who). */
  public static String caller(HttpServletRequest req) {
    String user = req.getRemoteUser();
    if (user == null || user.isEmpty()) {
      Configuration conf = conf(req.getServletContext());
      user = conf == null ? "dr.who" : conf.get(STATIC_USER, "dr.who");
    }
    return user;
  }

  /**
   * Runs a state-changing call as the authenticated HTTP caller. Stock
   * (RMWebServices#initForWritableEndpoints) refuses a request with no user, and with security
   * on also the static web user, rather than act as dr.who.
   */
  static <T> T asWriter(HttpServletRequest req, PrivilegedExceptionAction<T> call)
      throws WebError {
    String user = req.getRemoteUser();
    if (user == null || user.isEmpty()) {
      throw WebError.forbidden("Unable to obtain user name, user not authenticated");
    }
    Configuration conf = conf(req.getServletContext());
    if (UserGroupInformation.isSecurityEnabled()
        && user.equals(conf == null ? "dr.who" : conf.get(STATIC_USER, "dr.who"))) {
      throw WebError.forbidden("The default static user cannot carry out this operation.");
    }
    try {
      return UserGroupInformation.createRemoteUser(user).doAs(call);
    } catch (Exception e) {
      throw WebError.of(e);
    }
  }

  /** Runs a client-protocol call as the HTTP caller, so the RM's ACL checks see that user. */
  static <T> T asCaller(HttpServletRequest req, PrivilegedExceptionAction<T> call)
      throws WebError {
    try {
      return UserGroupInformation.createRemoteUser(caller(req)).doAs(call);
    } catch (Exception e) {
      throw WebError.of(e);
    }
  }

  /** An ordered JSON object builder. */
  static Map<String, Object> obj() {
    return new LinkedHashMap<>();
  }

  static Map<String, Object> wrap(String root, Object value) {
    Map<String, Object> m = obj();
    m.put(root, value);
    return m;
  }

  /**
   * A REST body with stock's headers (no caching, a length rather than chunks): XML when the
   * caller accepts XML and not JSON, else JSON.
   */
  static void write(HttpServletRequest req, HttpServletResponse resp, int status,
      Map<?, ?> body) throws IOException {
    String accept = req.getHeader("Accept");
    boolean xml = accept != null && accept.contains("xml") && !accept.contains("json");
    byte[] bytes = xml ? Xml.render(body).getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType(xml ? "application/xml;charset=utf-8" : "application/json;charset=utf-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("Pragma", "no-cache");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  static void writeError(HttpServletRequest req, HttpServletResponse resp, WebError e)
      throws IOException {
    Map<String, Object> body = obj();
    body.put("exception", e.exception());
    body.put("message", e.getMessage());
    body.put("javaClassName", e.javaClassName());
    write(req, resp, e.status(), wrap("RemoteException", body));
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String html(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
