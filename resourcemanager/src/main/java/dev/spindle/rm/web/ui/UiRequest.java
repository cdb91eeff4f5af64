package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import dev.spindle.rm.web.Web;
import dev.spindle.rm.web.WebBackend;
import java.security.PrivilegedExceptionAction;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.HtmlQuoting;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * One page request: its parameters, and the RM read through the web backend as the HTTP
 * caller, so the client protocol's view ACLs decide what the page may show.
 */
public final class UiRequest {

  private final HttpServletRequest http;

  UiRequest(HttpServletRequest http) {
    this.http = http;
  }

  /** The active RM, or a 503 page when this RM is not active. */
  public ActiveRm rm() throws PageError {
    ActiveRm rm = backend().active();
    if (rm == null) {
      throw new PageError(503, "This ResourceManager is not active.");
    }
    return rm;
  }

  public WebBackend backend() {
    return Web.backend(http.getServletContext());
  }

  public Configuration conf() {
    return Web.conf(http.getServletContext());
  }

  /** The HTTP caller's user name (stock dr.who when nobody logged in). */
  public String user() {
    return Web.caller(http);
  }

  /** Runs a call to the RM as the HTTP caller (stock dr.who when nobody logged in). */
  public <T> T asCaller(PrivilegedExceptionAction<T> call) throws PageError {
    try {
      return UserGroupInformation.createRemoteUser(Web.caller(http)).doAs(call);
    } catch (Exception e) {
      throw PageError.of(e);
    }
  }

  /**
   * A trimmed query parameter, or "" when absent. HttpServer2's quoting filter hands
   * parameters over HTML-escaped; they are unescaped here and escaped again where shown.
   */
  public String param(String name) {
    String v = http.getParameter(name);
    return v == null ? "" : HtmlQuoting.unquoteHtmlChars(v).trim();
  }
}
