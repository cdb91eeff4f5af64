package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.WebError;
import java.lang.reflect.UndeclaredThrowableException;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ContainerNotFoundException;

/** A page that cannot be shown: the HTTP status and the sentence the page shows instead. */
public final class PageError extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  public PageError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static PageError notFound(String message) {
    return new PageError(404, message);
  }

  static PageError badRequest(String message) {
    return new PageError(400, message);
  }

  /**
   * What a failed RM call means for the page: the REST API's mapping (unknown app 404, ACL
   * refusal 403, else 500), and 404 for an unknown attempt or container too.
   */
  static PageError of(Throwable e) {
    Throwable t = e instanceof UndeclaredThrowableException u && u.getCause() != null
        ? u.getCause() : e;
    if (t instanceof ContainerNotFoundException
        || t instanceof ApplicationAttemptNotFoundException) {
      return notFound(t.getMessage());
    }
    WebError w = WebError.of(t);
    return new PageError(w.status(), w.getMessage());
  }
}
