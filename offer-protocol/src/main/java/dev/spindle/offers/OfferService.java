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
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;

/**
 * What a server of the offer protocol implements (the RM's offer adapter, or a test's stub).
 * Every call names the authenticated caller, already read from its AMRM token by
 * {@link OfferProtocolServerTranslator}; an implementation never looks at the RPC layer.
 *
 * <p>Refuse bad input with {@link OfferProtocolException} (its reason first, then what was
 * wrong, naming the offer), and change nothing when refusing. Any other IOException reaches
 * the client as itself (e.g. {@code AccessControlException}).
 */
public interface OfferService {

  RegisterFrameworkResponseProto registerFramework(ApplicationAttemptId caller,
      RegisterFrameworkRequestProto request) throws IOException;

  PollResponseProto poll(ApplicationAttemptId caller, PollRequestProto request)
      throws IOException;

  AcceptResponseProto accept(ApplicationAttemptId caller, AcceptRequestProto request)
      throws IOException;

  void decline(ApplicationAttemptId caller, DeclineRequestProto request) throws IOException;

  void revive(ApplicationAttemptId caller) throws IOException;

  void suppress(ApplicationAttemptId caller) throws IOException;

  void kill(ApplicationAttemptId caller, KillRequestProto request) throws IOException;

  void unregisterFramework(ApplicationAttemptId caller, UnregisterFrameworkRequestProto request)
      throws IOException;
}
