package dev.spindle.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.offers.OfferProtocolException.Reason;
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
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The offer protocol over real Hadoop RPC, on a server built the way the RM builds its
 * scheduler server (YarnRPC serving ApplicationMasterProtocol with an AMRM token secret
 * manager) with the offer protocol added beside it.
 */
@Timeout(120)
class OfferRpcTest {

  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1_700_000_000_000L, 7), 2);

  private final Configuration conf = new Configuration();
  private final TestAmrmSecrets secrets = new TestAmrmSecrets();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private Server server;

  @BeforeEach
  void start() {
    server = YarnRPC.create(conf).getServer(ApplicationMasterProtocol.class, new TrivialAm(),
        new InetSocketAddress("localhost", 0), conf, secrets, 2);
    OfferRpc.serveOn(server, new RecordingService());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aCallWithTheAttemptsTokenReachesTheServiceWhichReadsTheAttemptFromIt() throws Exception {
    RegisterFrameworkResponseProto registered = as(secrets.amUser(ATTEMPT, server), client ->
        client.registerFramework(RegisterFrameworkRequestProto.newBuilder().setName("fw").build()));

    assertEquals(ATTEMPT.toString(), registered.getAttemptId());
    assertEquals(ATTEMPT.getApplicationId().toString(), registered.getFrameworkId());
    assertEquals(List.of("registerFramework " + ATTEMPT + " fw"), calls);
  }

  @Test
  void everyCallOfTheProtocolArrivesWithItsRequest() throws Exception {
    as(secrets.amUser(ATTEMPT, server), client -> {
      assertEquals(4, client.poll(PollRequestProto.newBuilder().setResponseId(3).build())
          .getResponseId());
      client.decline(DeclineRequestProto.newBuilder().addOfferIds("o-1").build());
      client.revive();
      client.suppress();
      client.kill(KillRequestProto.newBuilder().addContainerIds("c-1").build());
      client.unregisterFramework(UnregisterFrameworkRequestProto.newBuilder()
          .setFinalStatus(dev.spindle.offers.proto.OfferProtos.FinalStatusProto.SUCCEEDED)
          .build());
      return null;
    });
    assertEquals(List.of("poll " + ATTEMPT + " 3", "decline " + ATTEMPT + " [o-1] 5.0",
        "revive " + ATTEMPT, "suppress " + ATTEMPT, "kill " + ATTEMPT + " [c-1]",
        "unregister " + ATTEMPT + " SUCCEEDED"), calls);
  }

  @Test
  void aCallWithoutATokenIsRefusedBeforeTheService() {
    UserGroupInformation noToken = UserGroupInformation.createRemoteUser("intruder");
    IOException refused = assertThrows(IOException.class, () -> as(noToken,
        client -> client.poll(PollRequestProto.newBuilder().setResponseId(0).build())));

    assertInstanceOf(AccessControlException.class, refused);
    assertTrue(refused.getMessage().contains("no AMRM token"), refused.getMessage());
    assertEquals(List.of(), calls);
  }

  @Test
  void aForgedTokenIsRefusedByTheRpcLayer() {
    UserGroupInformation forger = new TestAmrmSecrets().amUser(ATTEMPT, server);

    IOException refused = assertThrows(IOException.class, () -> as(forger,
        client -> client.poll(PollRequestProto.newBuilder().setResponseId(0).build())));
    // The SASL handshake fails: the password does not match the server's key.
    assertTrue(refused.toString().contains("SaslException"), refused.toString());
    assertEquals(List.of(), calls);
  }

  @Test
  void aRefusalComesBackAsTheServersExceptionWithItsReasonAndTheOffer() throws Exception {
    OfferProtocolException refused = assertThrows(OfferProtocolException.class,
        () -> as(secrets.amUser(ATTEMPT, server), client -> client.accept(
            AcceptRequestProto.newBuilder().addOfferIds("o-unknown").setSeq(1).build())));

    assertEquals(Reason.UNKNOWN_OFFER, refused.reason());
    assertEquals("UNKNOWN_OFFER: offer o-unknown was never made to " + ATTEMPT,
        refused.getMessage());
  }

  @Test
  void applicationMasterProtocolIsServedOnTheSamePortAlongside() throws Exception {
    UserGroupInformation am = secrets.amUser(ATTEMPT, server);
    InetSocketAddress address = NetUtils.getConnectAddress(server);
    RegisterApplicationMasterResponse stock = am.doAs(
        (PrivilegedExceptionAction<RegisterApplicationMasterResponse>) () -> {
          ApplicationMasterProtocol amrm = (ApplicationMasterProtocol) YarnRPC.create(conf)
              .getProxy(ApplicationMasterProtocol.class, address, conf);
          try {
            return amrm.registerApplicationMaster(
                RegisterApplicationMasterRequest.newInstance("am-host", 0, ""));
          } finally {
            YarnRPC.create(conf).stopProxy(amrm, conf);
          }
        });
    RegisterFrameworkResponseProto offers = as(am, client ->
        client.registerFramework(RegisterFrameworkRequestProto.newBuilder().setName("fw").build()));

    assertEquals(ATTEMPT.getApplicationId().toString(), stock.getQueue()); // TrivialAm's echo
    assertEquals(ATTEMPT.toString(), offers.getAttemptId());
    assertEquals(List.of("registerApplicationMaster " + ATTEMPT + " am-host",
        "registerFramework " + ATTEMPT + " fw"), calls);
  }

  /** Runs {@code body} with a client connected as {@code user}. */
  private <T> T as(UserGroupInformation user, ClientCall<T> body) throws Exception {
    try (OfferProtocolClient client = OfferRpc.connect(conf, NetUtils.getConnectAddress(server),
        user)) {
      return user.doAs((PrivilegedExceptionAction<T>) () -> body.run(client));
    }
  }

  private interface ClientCall<T> {
    T run(OfferProtocolClient client) throws Exception;
  }

  /** Records each call with its caller; refuses any accept, naming the offer. */
  private final class RecordingService implements OfferService {
    @Override
    public RegisterFrameworkResponseProto registerFramework(ApplicationAttemptId caller,
        RegisterFrameworkRequestProto request) {
      calls.add("registerFramework " + caller + " " + request.getName());
      return RegisterFrameworkResponseProto.newBuilder()
          .setFrameworkId(caller.getApplicationId().toString())
          .setAttemptId(caller.toString()).build();
    }

    @Override
    public PollResponseProto poll(ApplicationAttemptId caller, PollRequestProto request) {
      calls.add("poll " + caller + " " + request.getResponseId());
      return PollResponseProto.newBuilder().setResponseId(request.getResponseId() + 1).build();
    }

    @Override
    public AcceptResponseProto accept(ApplicationAttemptId caller, AcceptRequestProto request)
        throws IOException {
      throw new OfferProtocolException(Reason.UNKNOWN_OFFER,
          "offer " + request.getOfferIds(0) + " was never made to " + caller);
    }

    @Override
    public void decline(ApplicationAttemptId caller, DeclineRequestProto request) {
      calls.add("decline " + caller + " " + request.getOfferIdsList() + " "
          + request.getFilters().getRefuseSeconds());
    }

    @Override
    public void revive(ApplicationAttemptId caller) {
      calls.add("revive " + caller);
    }

    @Override
    public void suppress(ApplicationAttemptId caller) {
      calls.add("suppress " + caller);
    }

    @Override
    public void kill(ApplicationAttemptId caller, KillRequestProto request) {
      calls.add("kill " + caller + " " + request.getContainerIdsList());
    }

    @Override
    public void unregisterFramework(ApplicationAttemptId caller,
        UnregisterFrameworkRequestProto request) {
      calls.add("unregister " + caller + " " + request.getFinalStatus());
    }
  }

  /** ApplicationMasterProtocol that answers register with the caller's application id. */
  private final class TrivialAm implements ApplicationMasterProtocol {
    @Override
    public RegisterApplicationMasterResponse registerApplicationMaster(
        RegisterApplicationMasterRequest request) throws IOException {
      ApplicationAttemptId caller = CallerAttempt.current();
      calls.add("registerApplicationMaster " + caller + " " + request.getHost());
      RegisterApplicationMasterResponse response =
          org.apache.hadoop.yarn.util.Records.newRecord(RegisterApplicationMasterResponse.class);
      response.setQueue(caller.getApplicationId().toString());
      return response;
    }

    @Override
    public FinishApplicationMasterResponse finishApplicationMaster(
        FinishApplicationMasterRequest request) {
      throw new UnsupportedOperationException("not used by the test");
    }

    @Override
    public AllocateResponse allocate(AllocateRequest request) {
      throw new UnsupportedOperationException("not used by the test");
    }
  }
}
