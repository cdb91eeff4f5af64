package dev.spindle.rm.rpc;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.Refusal;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.ContainerNotFoundException;
import org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidContainerReleaseException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;

/**
 * Turns the core's refusals into the exceptions stock clients expect: the class matters,
 * clients catch or unwrap it (AMRMClient re-registers on ApplicationMasterNotRegistered,
 * YarnClient maps ApplicationNotFound to "doesn't exist", ACL failures unwrap to
 * AccessControlException).
 */
public final class Refusals {

  private Refusals() {}

  /** Runs {@code op} on the loop; a refusal comes back as the stock exception. */
  public static <T> T call(EventLoop loop, EventLoop.Op<T> op) throws YarnException {
    try {
      return loop.call(op);
    } catch (Refusal r) {
      throw toYarn(r);
    }
  }

  public static YarnException toYarn(Refusal r) {
    String m = r.getMessage();
    YarnException e = switch (r.kind()) {
      case UNKNOWN_APP -> new ApplicationNotFoundException(m);
      case UNKNOWN_ATTEMPT -> new ApplicationAttemptNotFoundException(m);
      case UNKNOWN_CONTAINER -> new ContainerNotFoundException(m);
      case AM_NOT_REGISTERED -> new ApplicationMasterNotRegisteredException(m);
      case INVALID_AM_REQUEST -> new InvalidApplicationMasterRequestException(m);
      case INVALID_RELEASE -> new InvalidContainerReleaseException(m);
      case ACCESS_DENIED -> RPCUtil.getRemoteException(new AccessControlException(m));
      // The offer adapter answers its own refusals (offerCall); here they read as words.
      case REFUSED, UNAVAILABLE, OFFER -> r.getCause() == null ? new YarnException(m)
          : new YarnException(m, r.getCause());
    };
    return e;
  }
}
