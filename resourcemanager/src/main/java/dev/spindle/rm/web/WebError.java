package dev.spindle.rm.web;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * An HTTP error with the stock REST body: {@code {"RemoteException":{"exception": simple name,
 * "message", "javaClassName"}}}, the classes of org.apache.hadoop.yarn.webapp (stock
 * GenericExceptionHandler).
 */
public final class WebError extends Exception {

  private static final String PKG = "org.apache.hadoop.yarn.webapp.";

  private final int status;
  private final String exception;

  private WebError(int status, String exception, String message) {
    super(message);
    this.status = status;
    this.exception = exception;
  }

  public static WebError notFound(String message) {
    return new WebError(404, "NotFoundException", message);
  }

  public static WebError badRequest(String message) {
    return new WebError(400, "BadRequestException", message);
  }

  public static WebError forbidden(String message) {
    return new WebError(403, "ForbiddenException", message);
  }

  /** A body type this resource does not read (Jersey answers 415 as a WebApplicationException). */
  public static WebError unsupportedMediaType(String message) {
    return new WebError(415, "WebApplicationException", message);
  }

  /** A plain Java exception class, as stock lets some through (e.g. a malformed node id). */
  public static WebError illegalArgument(String message) {
    return new WebError(400, "IllegalArgumentException", message);
  }

  /** No active RM behind this server (a standby answering a path it does not redirect). */
  public static WebError unavailable(String message) {
    return new WebError(503, "ServiceUnavailableException", message);
  }

  /** The stock mapping of a failed client-protocol call. */
  public static WebError of(Throwable t) {
    if (t instanceof UndeclaredThrowableException u && u.getCause() != null) {
      t = u.getCause();
    }
    if (t instanceof WebError w) {
      return w;
    }
    if (t instanceof ApplicationNotFoundException) {
      return notFound(t.getMessage());
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AccessControlException || c instanceof SecurityException) {
        return forbidden(c.getMessage());
      }
    }
    if (t instanceof YarnException || t instanceof IOException) {
      return new WebError(500, "WebApplicationException", String.valueOf(t.getMessage()));
    }
    return new WebError(500, t.getClass().getSimpleName(), String.valueOf(t));
  }

  public int status() {
    return status;
  }

  public String exception() {
    return exception;
  }

  public String javaClassName() {
    if (exception.equals("IllegalArgumentException")) {
      return "java.lang.IllegalArgumentException";
    }
    return status == 500 || status == 503 || status == 415 ? "javax.ws.rs.WebApplicationException" : PKG + exception;
  }
}
