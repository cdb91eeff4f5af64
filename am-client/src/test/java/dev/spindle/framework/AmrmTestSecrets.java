package dev.spindle.framework;

import javax.crypto.SecretKey;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/** A one-key AMRM token secret manager standing in for the RM's, and AM users holding its tokens. */
final class AmrmTestSecrets extends SecretManager<AMRMTokenIdentifier> {

  private final SecretKey key = generateSecret();

  @Override
  protected byte[] createPassword(AMRMTokenIdentifier identifier) {
    return createPassword(identifier.getBytes(), key);
  }

  @Override
  public byte[] retrievePassword(AMRMTokenIdentifier identifier) {
    return createPassword(identifier.getBytes(), key);
  }

  @Override
  public AMRMTokenIdentifier createIdentifier() {
    return new AMRMTokenIdentifier();
  }

  /** The AM's user as YARN sets it up: holding the attempt's AMRM token for the server. */
  UserGroupInformation amUser(ApplicationAttemptId attempt, Server server) {
    Token<AMRMTokenIdentifier> token = new Token<>(new AMRMTokenIdentifier(attempt, 1), this);
    token.setService(new Text(SecurityUtil.buildTokenService(NetUtils.getConnectAddress(server))));
    UserGroupInformation user = UserGroupInformation.createRemoteUser(attempt.toString());
    user.addToken(token);
    return user;
  }
}
