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
import org.apache.hadoop.thirdparty.protobuf.ServiceException;

/**
 * {@link OfferProtocol} over one RM's generated PB proxy: takes Hadoop RPC's ServiceException
 * off, leaving the server's answer as the {@code RemoteException} it came as (so that a
 * failover policy does not mistake a refusal for a lost connection) and a transport failure
 * as its IOException. Closing it stops the PB proxy (a failover provider closes each one).
 */
final class OfferProtocolTranslator implements OfferProtocol, Closeable {

  /** One RPC of the generated interface. */
  private interface Rpc<T> {
    T call() throws ServiceException;
  }

  private final OfferProtocolPB proxy;

  OfferProtocolTranslator(OfferProtocolPB proxy) {
    this.proxy = proxy;
  }

  @Override
  public RegisterFrameworkResponseProto registerFramework(RegisterFrameworkRequestProto r)
      throws IOException {
    return call(() -> proxy.registerFramework(null, r));
  }

  @Override
  public PollResponseProto poll(PollRequestProto r) throws IOException {
    return call(() -> proxy.poll(null, r));
  }

  @Override
  public AcceptResponseProto accept(AcceptRequestProto r) throws IOException {
    return call(() -> proxy.accept(null, r));
  }

  @Override
  public void decline(DeclineRequestProto r) throws IOException {
    call(() -> proxy.decline(null, r));
  }

  @Override
  public void revive() throws IOException {
    call(() -> proxy.revive(null, ReviveRequestProto.getDefaultInstance()));
  }

  @Override
  public void suppress() throws IOException {
    call(() -> proxy.suppress(null, SuppressRequestProto.getDefaultInstance()));
  }

  @Override
  public void kill(KillRequestProto r) throws IOException {
    call(() -> proxy.kill(null, r));
  }

  @Override
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
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getMessage(), e);
    }
  }
}
