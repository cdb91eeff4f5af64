package dev.spindle.offers;

import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * The application attempt an offer-protocol call acts for, read from the AMRM token the caller
 * authenticated with (as the RM does for allocate). The RPC layer has already checked the
 * token's password against the server's secret manager, so the identifier can be trusted; a
 * caller that connected without a token is refused here.
 */
public final class CallerAttempt {

  private CallerAttempt() {}

  /** The calling attempt; must run on the RPC handler thread of the call. */
  public static ApplicationAttemptId current() throws AccessControlException {
    UserGroupInformation caller = Server.getRemoteUser();
    if (caller == null) {
      throw new AccessControlException("not an RPC call: no caller");
    }
    AMRMTokenIdentifier found = null;
    for (TokenIdentifier id : caller.getTokenIdentifiers()) {
      if (id instanceof AMRMTokenIdentifier amrm) {
        if (found != null) {
          throw new AccessControlException("more than one AMRM token for " + caller);
        }
        found = amrm;
      }
    }
    if (found == null || found.getApplicationAttemptId() == null) {
      throw new AccessControlException("no AMRM token found for " + caller.getUserName()
          + ": the offer protocol is only for an application attempt's AM");
    }
    return found.getApplicationAttemptId();
  }
}
