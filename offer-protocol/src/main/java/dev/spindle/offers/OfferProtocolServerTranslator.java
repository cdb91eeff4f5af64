package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.DeclineResponseProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.KillResponseProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.ReviveRequestProto;
import dev.spindle.offers.proto.OfferProtos.ReviveResponseProto;
import dev.spindle.offers.proto.OfferProtos.SuppressRequestProto;
import dev.spindle.offers.proto.OfferProtos.SuppressResponseProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkResponseProto;
import java.io.IOException;
import org.apache.hadoop.thirdparty.protobuf.RpcController;
import org.apache.hadoop.thirdparty.protobuf.ServiceException;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;

/**
 * The server side of the RPC glue: takes a call off the wire, reads the caller's attempt from
 * its AMRM token, hands both to the {@link OfferService}, and wraps a refusal in the
 * ServiceException Hadoop RPC sends back (the client sees the original exception class).
 */
public final class OfferProtocolServerTranslator implements OfferProtocolPB {

  /** One call of the service, for the caller. */
  private interface Call<T> {
    T run(ApplicationAttemptId caller) throws IOException;
  }

  private final OfferService service;

  public OfferProtocolServerTranslator(OfferService service) {
    this.service = service;
  }

  @Override
  public RegisterFrameworkResponseProto registerFramework(RpcController c,
      RegisterFrameworkRequestProto request) throws ServiceException {
    return call(caller -> service.registerFramework(caller, request));
  }

  @Override
  public PollResponseProto poll(RpcController c, PollRequestProto request)
      throws ServiceException {
    return call(caller -> service.poll(caller, request));
  }

  @Override
  public AcceptResponseProto accept(RpcController c, AcceptRequestProto request)
      throws ServiceException {
    return call(caller -> service.accept(caller, request));
  }

  @Override
  public DeclineResponseProto decline(RpcController c, DeclineRequestProto request)
      throws ServiceException {
    return call(caller -> {
      service.decline(caller, request);
      return DeclineResponseProto.getDefaultInstance();
    });
  }

  @Override
  public ReviveResponseProto revive(RpcController c, ReviveRequestProto request)
      throws ServiceException {
    return call(caller -> {
      service.revive(caller);
      return ReviveResponseProto.getDefaultInstance();
    });
  }

  @Override
  public SuppressResponseProto suppress(RpcController c, SuppressRequestProto request)
      throws ServiceException {
    return call(caller -> {
      service.suppress(caller);
      return SuppressResponseProto.getDefaultInstance();
    });
  }

  @Override
  public KillResponseProto kill(RpcController c, KillRequestProto request)
      throws ServiceException {
    return call(caller -> {
      service.kill(caller, request);
      return KillResponseProto.getDefaultInstance();
    });
  }

  @Override
  public UnregisterFrameworkResponseProto unregisterFramework(RpcController c,
      UnregisterFrameworkRequestProto request) throws ServiceException {
    return call(caller -> {
      service.unregisterFramework(caller, request);
      return UnregisterFrameworkResponseProto.getDefaultInstance();
    });
  }

  private static <T> T call(Call<T> call) throws ServiceException {
    try {
      return call.run(CallerAttempt.current());
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }
}
