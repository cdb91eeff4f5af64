package dev.spindle.rm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.rm.security.AmrmTokenSecretManager;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AMRM master key survives a restart in the store, so a token an AM got from the previous
 * RM still authenticates once the attempt is recovered (work-preserving restart).
 */
class AmrmKeyStoreTest {

  private final TestingServer zk;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  AmrmKeyStoreTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    zk.close();
  }

  private ZkStateStore activated() {
    ZkStateStore s = ZkStores.activated(ZkStores.settings(zk, 1 << 20, 10));
    closeLater.add(s);
    return s;
  }

  @Test
  void aTokenFromTheFirstRmAuthenticatesOnTheNextOne() throws Exception {
    AmrmTokenSecretManager first =
        new AmrmTokenSecretManager(activated().amrmMasterKey(new AmrmTokenSecretManager()
            .encodedKey()));
    ApplicationAttemptId attempt =
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
    Token<AMRMTokenIdentifier> token = first.createToken(attempt);

    byte[] stored = activated().amrmMasterKey(new AmrmTokenSecretManager().encodedKey());
    assertArrayEquals(first.encodedKey(), stored, "the next RM reads the stored key");
    AmrmTokenSecretManager second = new AmrmTokenSecretManager(stored);
    AMRMTokenIdentifier id = token.decodeIdentifier();
    assertThrows(InvalidToken.class, () -> second.retrievePassword(id),
        "only attempts the RM recovered are accepted");
    second.recover(attempt);
    assertArrayEquals(token.getPassword(), second.retrievePassword(id));
  }
}
