package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.ReviveRequestProto;
import dev.spindle.offers.proto.OfferProtos.SuppressRequestProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.thirdparty.protobuf.ServiceException;

/**
 * The client side of the RPC glue: calls the offer protocol and turns Hadoop RPC's
 * ServiceException back into the exception the server threw ({@link OfferProtocolException}
 * for a refusal, {@code AccessControlException} / {@code InvalidToken} for a bad caller), or a
 * plain IOException for a transport failure, which the caller may retry.
 */
public final class OfferProtocolClient implements Closeable {

  /** One RPC of the generated interface. */
  private interface Rpc<T> {
    T call() throws ServiceException;
  }

  private final OfferProtocolPB proxy;

  OfferProtocolClient(OfferProtocolPB proxy) {
    this.proxy = proxy;
  }

  public RegisterFrameworkResponseProto registerFramework(RegisterFrameworkRequestProto r)
      throws IOException {
    return call(() -> proxy.registerFramework(null, r));
  }

  public PollResponseProto poll(PollRequestProto r) throws IOException {
    return call(() -> proxy.poll(null, r));
  }

  public AcceptResponseProto accept(AcceptRequestProto r) throws IOException {
    return call(() -> proxy.accept(null, r));
  }

  public void decline(DeclineRequestProto r) throws IOException {
    call(() -> proxy.decline(null, r));
  }

  public void revive() throws IOException {
    call(() -> proxy.revive(null, ReviveRequestProto.getDefaultInstance()));
  }

  public void suppress() throws IOException {
    call(() -> proxy.suppress(null, SuppressRequestProto.getDefaultInstance()));
  }

  public void kill(KillRequestProto r) throws IOException {
    call(() -> proxy.kill(null, r));
  }

  public void unregisterFramework(UnregisterFrameworkRequestProto r) throws IOException {
    call(() -> proxy.unregisterFramework(null, r));
  }

  @Override
  public void close() {
    RPC.stopProxy(proxy);
  }

  private static <T> T call(Rpc<T> rpc) throws IOException {
    try {
      return rpc.call();
    } catch (ServiceException e) {
      throw unwrap(e);
    }
  }

  /** The server's exception if it sent one, else the transport failure. */
  static IOException unwrap(ServiceException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RemoteException remote) {
      return remote.unwrapRemoteException(OfferProtocolException.class,
          AccessControlException.class, InvalidToken.class);
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(e.getMessage(), e);
  }
}
