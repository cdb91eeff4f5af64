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
import java.io.IOException;
import org.apache.hadoop.io.retry.Idempotent;

/**
 * The offer protocol as plain Java calls that throw IOException: a server's answer arrives as
 * a {@code RemoteException}, anything else is the transport's. This is the shape Hadoop's
 * {@code RetryProxy} wraps to fail over between the RMs of an HA group ({@link OfferRpc}):
 * its policy tells a transport failure (fail over, call again) from an answer (hand it back).
 *
 * <p>Every call is {@link Idempotent}, so a call whose answer was lost may be sent again, to
 * the same RM or the next one: a poll carries the response id of the last answer it got (the
 * same id gets the same answer), an accept carries its sequence number (a repeated seq gets
 * the first answer), registering again is how a framework recovers, declining, suppressing,
 * reviving, killing and unregistering twice change nothing the first time did not. A new
 * active RM that has not heard of the framework answers NOT_REGISTERED; the caller registers
 * again.
 */
public interface OfferProtocol {

  @Idempotent
  RegisterFrameworkResponseProto registerFramework(RegisterFrameworkRequestProto r)
      throws IOException;

  @Idempotent
  PollResponseProto poll(PollRequestProto r) throws IOException;

  @Idempotent
  AcceptResponseProto accept(AcceptRequestProto r) throws IOException;

  @Idempotent
  void decline(DeclineRequestProto r) throws IOException;

  @Idempotent
  void revive() throws IOException;

  @Idempotent
  void suppress() throws IOException;

  @Idempotent
  void kill(KillRequestProto r) throws IOException;

  @Idempotent
  void unregisterFramework(UnregisterFrameworkRequestProto r) throws IOException;
}
