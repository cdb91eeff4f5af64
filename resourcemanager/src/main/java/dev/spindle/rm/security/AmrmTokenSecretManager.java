package dev.spindle.rm.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.MasterKeyData;

/**
 * Issues and checks AMRM tokens, the only credential an ApplicationMaster has on the scheduler
 * port (SASL DIGEST with TOKEN auth forced there). A token is accepted only for an attempt the
 * RM issued one to and has not retired, and only under the current key (yarn-compat 2.1).
 *
 * <p>Thread-safe: RPC reader threads call {@link #retrievePassword} during SASL; the core thread
 * issues and retires attempts.
 */
public class AmrmTokenSecretManager extends SecretManager<AMRMTokenIdentifier>
    implements MasterKeys {

  private final MasterKeyData current;
  private final Set<ApplicationAttemptId> attempts = ConcurrentHashMap.newKeySet();

  public AmrmTokenSecretManager() {
    SecretKey key = generateSecret();
    this.current = new MasterKeyData(new java.security.SecureRandom().nextInt(), key);
  }

  /**
   * A manager under a stored key (work-preserving restart), so tokens running AMs already
   * hold keep authenticating; {@code encoded} is what {@link #encodedKey} gave.
   */
  public AmrmTokenSecretManager(byte[] encoded) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(encoded);
    int keyId = b.getInt();
    byte[] secret = new byte[b.remaining()];
    b.get(secret);
    this.current = new MasterKeyData(keyId, createSecretKey(secret));
  }

  /** The current key as bytes for the state store: key id, then the secret. */
  public byte[] encodedKey() {
    byte[] secret = current.getSecretKey().getEncoded();
    return java.nio.ByteBuffer.allocate(4 + secret.length)
        .putInt(current.getMasterKey().getKeyId()).put(secret).array();
  }

  /** Accepts the token of an attempt that outlived an RM restart (issued before it). */
  public void recover(ApplicationAttemptId attemptId) {
    attempts.add(attemptId);
  }

  @Override
  public MasterKey currentKey() {
    return current.getMasterKey();
  }

  /** Mints the token for an attempt (empty service: the AM's RM proxy fills it in). */
  public Token<AMRMTokenIdentifier> createToken(ApplicationAttemptId attemptId) {
    attempts.add(attemptId);
    AMRMTokenIdentifier id =
        new AMRMTokenIdentifier(attemptId, current.getMasterKey().getKeyId());
    return new Token<>(id.getBytes(), createPassword(id), id.getKind(), new Text());
  }

  /** Stops accepting the attempt's token (the attempt ended). */
  public void retire(ApplicationAttemptId attemptId) {
    attempts.remove(attemptId);
  }

  @Override
  protected byte[] createPassword(AMRMTokenIdentifier identifier) {
    return createPassword(identifier.getBytes(), current.getSecretKey());
  }

  @Override
  public byte[] retrievePassword(AMRMTokenIdentifier identifier) throws InvalidToken {
    ApplicationAttemptId attemptId = identifier.getApplicationAttemptId();
    if (!attempts.contains(attemptId)) {
      throw new InvalidToken("Password not found for ApplicationAttempt " + attemptId);
    }
    if (identifier.getKeyId() != current.getMasterKey().getKeyId()) {
      throw new InvalidToken("Invalid AMRMToken from " + attemptId);
    }
    return createPassword(identifier);
  }

  @Override
  public AMRMTokenIdentifier createIdentifier() {
    return new AMRMTokenIdentifier();
  }
}
