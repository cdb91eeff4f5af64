package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;

/**
 * The caller's side of the offer protocol: calls it through one RM's connection or, with RM
 * HA, through a failover proxy over the RMs' scheduler addresses ({@link OfferRpc}), and turns
 * the server's answer back into the exception the server threw ({@link OfferProtocolException}
 * for a refusal, {@code AccessControlException} / {@code InvalidToken} for a bad caller). Any
 * other IOException is a transport failure, which the caller may retry.
 */
public final class OfferProtocolClient implements Closeable {

  /** One call of the protocol. */
  private interface Rpc<T> {
    T call() throws IOException;
  }

  private final OfferProtocol protocol;

  OfferProtocolClient(OfferProtocol protocol) {
    this.protocol = protocol;
  }

  public RegisterFrameworkResponseProto registerFramework(RegisterFrameworkRequestProto r)
      throws IOException {
    return call(() -> protocol.registerFramework(r));
  }

  public PollResponseProto poll(PollRequestProto r) throws IOException {
    return call(() -> protocol.poll(r));
  }

  public AcceptResponseProto accept(AcceptRequestProto r) throws IOException {
    return call(() -> protocol.accept(r));
  }

  public void decline(DeclineRequestProto r) throws IOException {
    call(() -> {
      protocol.decline(r);
      return null;
    });
  }

  public void revive() throws IOException {
    call(() -> {
      protocol.revive();
      return null;
    });
  }

  public void suppress() throws IOException {
    call(() -> {
      protocol.suppress();
      return null;
    });
  }

  public void kill(KillRequestProto r) throws IOException {
    call(() -> {
      protocol.kill(r);
      return null;
    });
  }

  public void unregisterFramework(UnregisterFrameworkRequestProto r) throws IOException {
    call(() -> {
      protocol.unregisterFramework(r);
      return null;
    });
  }

  /**
   * Stops the connection, or with HA the failover proxy and every RM's connection it made
   * (RPC.stopProxy closes the retry handler, which closes its provider).
   */
  @Override
  public void close() {
    RPC.stopProxy(protocol);
  }

  private static <T> T call(Rpc<T> rpc) throws IOException {
    try {
      return rpc.call();
    } catch (RemoteException remote) {
      throw remote.unwrapRemoteException(OfferProtocolException.class,
          AccessControlException.class, InvalidToken.class);
    }
  }
}
