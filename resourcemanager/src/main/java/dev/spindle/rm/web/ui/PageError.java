package dev.spindle.rm.web.ui;

import java.lang.reflect.UndeclaredThrowableException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
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

  /** What a failed RM call means for the page: not found, forbidden, or a server error. */
  static PageError of(Throwable e) {
    Throwable t = e instanceof UndeclaredThrowableException u && u.getCause() != null
        ? u.getCause() : e;
    if (t instanceof ApplicationNotFoundException || t instanceof ContainerNotFoundException
        || t instanceof ApplicationAttemptNotFoundException) {
      return notFound(t.getMessage());
    }
    if (t instanceof AccessControlException
        || t instanceof org.apache.hadoop.yarn.exceptions.YarnException
            && t.getCause() instanceof AccessControlException) {
      return new PageError(403, t.getMessage());
    }
    return new PageError(500, t.getClass().getSimpleName() + ": " + t.getMessage());
  }
}
