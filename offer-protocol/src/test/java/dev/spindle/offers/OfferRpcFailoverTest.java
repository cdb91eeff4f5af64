package dev.spindle.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The offer protocol's client under RM HA, over real Hadoop RPC: two scheduler servers as
 * rm1 and rm2 (sharing the AMRM token key, as the RMs of an HA group do through their store),
 * reached through {@link OfferRpc#connect(Configuration, UserGroupInformation)} with the
 * stock failover provider and RMProxy's HA retry policy.
 */
@Timeout(120)
class OfferRpcFailoverTest {

  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1_700_000_000_000L, 3), 1);

  private final TestAmrmSecrets secrets = new TestAmrmSecrets();
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(Server::stop);
  }

  @Test
  void aCallRefusedAtTheFirstRmsPortFailsOverToTheNext() throws Exception {
    List<String> rm2Calls = new CopyOnWriteArrayList<>();
    InetSocketAddress rm2 = serve("rm2", rm2Calls);
    YarnConfiguration conf = ha(closedPort(), rm2);

    try (OfferProtocolClient client = OfferRpc.connect(conf, amUser(conf))) {
      assertEquals(8, client.poll(PollRequestProto.newBuilder().setResponseId(7).build())
          .getResponseId());
    }
    assertEquals(List.of("rm2 poll 7"), rm2Calls);
  }

  @Test
  void whenTheActiveStopsTheNextCallGoesToTheOtherRmWithTheSameRequest() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    InetSocketAddress rm1 = serve("rm1", calls);
    InetSocketAddress rm2 = serve("rm2", calls);
    YarnConfiguration conf = ha(rm1, rm2);

    try (OfferProtocolClient client = OfferRpc.connect(conf, amUser(conf))) {
      client.poll(PollRequestProto.newBuilder().setResponseId(0).build());
      servers.get(0).stop();
      client.poll(PollRequestProto.newBuilder().setResponseId(1).build());
    }
    assertEquals(List.of("rm1 poll 0", "rm2 poll 1"), calls);
  }

  @Test
  void aRefusalIsAnAnswerAndDoesNotFailOver() throws Exception {
    List<String> rm1Calls = new CopyOnWriteArrayList<>();
    List<String> rm2Calls = new CopyOnWriteArrayList<>();
    YarnConfiguration conf = ha(serve("rm1", rm1Calls), serve("rm2", rm2Calls));

    try (OfferProtocolClient client = OfferRpc.connect(conf, amUser(conf))) {
      OfferProtocolException refused = assertThrows(OfferProtocolException.class,
          () -> client.accept(AcceptRequestProto.newBuilder().addOfferIds("o-9").setSeq(1)
              .build()));
      assertEquals(Reason.UNKNOWN_OFFER, refused.reason());
    }
    assertEquals(List.of("rm1 accept o-9"), rm1Calls);
    assertEquals(List.of(), rm2Calls);
  }

  /** The client side of an HA pair: rm1, rm2 and their scheduler addresses. */
  private static YarnConfiguration ha(InetSocketAddress rm1, InetSocketAddress rm2) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RM_HA_ENABLED, true);
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2");
    conf.set(HAUtil.addSuffix(YarnConfiguration.RM_SCHEDULER_ADDRESS, "rm1"),
        NetUtils.getHostPortString(rm1));
    conf.set(HAUtil.addSuffix(YarnConfiguration.RM_SCHEDULER_ADDRESS, "rm2"),
        NetUtils.getHostPortString(rm2));
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 10);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 100);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 30_000);
    return conf;
  }

  /** The attempt's user with its AMRM token under the joined HA service, as an AM gets it. */
  private UserGroupInformation amUser(Configuration conf) {
    Token<AMRMTokenIdentifier> token = new Token<>(new AMRMTokenIdentifier(ATTEMPT, 1), secrets);
    token.setService(ClientRMProxy.getAMRMTokenService(conf));
    UserGroupInformation user = UserGroupInformation.createRemoteUser(ATTEMPT.toString());
    user.addToken(token);
    return user;
  }

  private InetSocketAddress serve(String name, List<String> calls) {
    Configuration conf = new Configuration();
    Server server = YarnRPC.create(conf).getServer(ApplicationMasterProtocol.class,
        new NoAm(), new InetSocketAddress("localhost", 0), conf, secrets, 2);
    OfferRpc.serveOn(server, new Service(name, calls));
    server.start();
    servers.add(server);
    return NetUtils.getConnectAddress(server);
  }

  /** A port nobody listens on: what a standby (or dead) RM's scheduler port looks like. */
  private static InetSocketAddress closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new InetSocketAddress("localhost", socket.getLocalPort());
    }
  }

  /** Records polls and accepts under the server's name; refuses every accept. */
  private record Service(String name, List<String> calls) implements OfferService {
    @Override
    public RegisterFrameworkResponseProto registerFramework(ApplicationAttemptId caller,
        RegisterFrameworkRequestProto request) {
      throw new UnsupportedOperationException("not used by the test");
    }

    @Override
    public PollResponseProto poll(ApplicationAttemptId caller, PollRequestProto request) {
      calls.add(name + " poll " + request.getResponseId());
      return PollResponseProto.newBuilder().setResponseId(request.getResponseId() + 1).build();
    }

    @Override
    public AcceptResponseProto accept(ApplicationAttemptId caller, AcceptRequestProto request)
        throws IOException {
      calls.add(name + " accept " + request.getOfferIds(0));
      throw new OfferProtocolException(Reason.UNKNOWN_OFFER,
          "offer " + request.getOfferIds(0) + " was never made to " + caller);
    }

    @Override
    public void decline(ApplicationAttemptId caller, DeclineRequestProto request) {}

    @Override
    public void revive(ApplicationAttemptId caller) {}

    @Override
    public void suppress(ApplicationAttemptId caller) {}

    @Override
    public void kill(ApplicationAttemptId caller, KillRequestProto request) {}

    @Override
    public void unregisterFramework(ApplicationAttemptId caller,
        UnregisterFrameworkRequestProto request) {}
  }

  /** The scheduler server's own protocol, unused here. */
  private static final class NoAm implements ApplicationMasterProtocol {
    @Override
    public RegisterApplicationMasterResponse registerApplicationMaster(
        RegisterApplicationMasterRequest request) {
      throw new UnsupportedOperationException("not used by the test");
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
