package dev.spindle.rm.web;

import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.http.IsActiveServlet;

/** /isActive: 200 "I am Active!" on the active RM, 405 on a standby (stock IsActiveServlet). */
public final class RmIsActiveServlet extends IsActiveServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected boolean isActive() {
    WebBackend backend = Web.backend(getServletContext());
    return backend.haState() == HAServiceState.ACTIVE && backend.active() != null;
  }
}
