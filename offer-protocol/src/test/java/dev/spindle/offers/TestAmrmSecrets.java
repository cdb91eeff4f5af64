package dev.spindle.offers;

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

/**
 * A one-key AMRM token secret manager for tests, as the RM's checks a token: the password is
 * the HMAC of the identifier under the key. Two instances have different keys, so a token
 * from one is a forgery to the other.
 */
final class TestAmrmSecrets extends SecretManager<AMRMTokenIdentifier> {

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

  /** A user holding an AMRM token for {@code attempt}, aimed at {@code server}'s address. */
  UserGroupInformation amUser(ApplicationAttemptId attempt, Server server) {
    Token<AMRMTokenIdentifier> token = new Token<>(new AMRMTokenIdentifier(attempt, 1), this);
    token.setService(new Text(SecurityUtil.buildTokenService(NetUtils.getConnectAddress(server))));
    UserGroupInformation user = UserGroupInformation.createRemoteUser(attempt.toString());
    user.addToken(token);
    return user;
  }
}
