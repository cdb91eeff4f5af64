package dev.spindle.nm.security;

import dev.spindle.nm.NmContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.exceptions.InvalidAuxServiceException;
import org.apache.hadoop.yarn.exceptions.InvalidContainerException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;
import org.apache.hadoop.yarn.server.utils.BuilderUtils;

/**
 * The checks a startContainers request must pass, in the stock NM's order and with its
 * exception classes (yarn-compat 4.1): a bad signature or wrong node is an
 * {@link InvalidToken} that fails the whole call; everything else fails one request.
 */
public final class ContainerTokenVerifier {
  public static final String INVALID_NMTOKEN_MSG = "Invalid NMToken";
  public static final String INVALID_CONTAINERTOKEN_MSG =
      "Invalid ContainerToken, ContainerToken is null";

  private final NmContext ctx;

  public ContainerTokenVerifier(NmContext ctx) {
    this.ctx = ctx;
  }

  /** Decodes the container token and checks its password and node. */
  public ContainerTokenIdentifier verifyToken(Token token) throws IOException {
    if (token == null || token.getIdentifier() == null) {
      throw new IOException(INVALID_CONTAINERTOKEN_MSG);
    }
    ContainerTokenIdentifier id = BuilderUtils.newContainerTokenIdentifier(token);
    byte[] expected = ctx.containerTokens().retrievePassword(id);
    ByteBuffer pass = token.getPassword();
    byte[] given = pass == null ? null : toBytes(pass);
    if (given == null || !MessageDigest.isEqual(expected, given)) {
      throw new InvalidToken("Invalid container token used for starting container on : "
          + ctx.nodeId());
    }
    return id;
  }

  private static byte[] toBytes(ByteBuffer b) {
    ByteBuffer dup = b.duplicate();
    dup.rewind();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }

  /** Application match, first start, expiry, RM incarnation, aux-service names. */
  public void authorizeStart(NMTokenIdentifier nmToken, ContainerTokenIdentifier token,
      Map<String, ByteBuffer> serviceData, Set<String> auxServices) throws YarnException {
    if (nmToken == null) {
      throw RPCUtil.getRemoteException(INVALID_NMTOKEN_MSG);
    }
    ContainerId cid = token.getContainerID();
    String problem = null;
    if (!nmToken.getApplicationAttemptId().getApplicationId()
        .equals(cid.getApplicationAttemptId().getApplicationId())) {
      problem = "\nNMToken for application attempt : " + nmToken.getApplicationAttemptId()
          + " was used for starting container with container token issued for application"
          + " attempt : " + cid.getApplicationAttemptId();
    } else if (!ctx.containerTokens().isFirstStart(token)) {
      problem = "\n Attempt to relaunch the same container with id " + cid + ".";
    } else if (token.getExpiryTimeStamp() < ctx.now()) {
      problem = "\nThis token is expired. current time is " + ctx.now() + " found "
          + token.getExpiryTimeStamp()
          + "\nNote: System times on machines may be out of sync."
          + " Check system time and time zones.";
    }
    if (problem != null) {
      throw RPCUtil.getRemoteException("Unauthorized request to start container." + problem);
    }
    if (token.getRMIdentifier() != ctx.rmIdentifier()) {
      throw new InvalidContainerException("\nContainer " + cid
          + " rejected as it is allocated by a previous RM");
    }
    if (serviceData != null) {
      for (String name : serviceData.keySet()) {
        if (!auxServices.contains(name)) {
          throw new InvalidAuxServiceException("The auxService:" + name + " does not exist");
        }
      }
    }
  }
}
