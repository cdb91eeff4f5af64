package dev.spindle.framework;

import static dev.spindle.framework.Events.complete;
import static dev.spindle.framework.Events.error;
import static dev.spindle.framework.Events.inverseOffer;
import static dev.spindle.framework.Events.offer;
import static dev.spindle.framework.Events.offers;
import static dev.spindle.framework.Events.rescind;
import static dev.spindle.framework.Events.revocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.OfferProtocolException.Reason;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.AllocatedContainerProto;
import dev.spindle.offers.proto.OfferProtos.LaunchProto;
import dev.spindle.offers.proto.OfferProtos.RescindReasonProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.impl.pb.ContainerPBImpl;
import org.apache.hadoop.yarn.api.records.impl.pb.NMTokenPBImpl;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.proto.SecurityProtos.TokenProto;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The driver against an offer-protocol server over real Hadoop RPC that plays canned events,
 * and, for accepts, a NodeManager endpoint over real RPC with NM-token auth.
 */
@Timeout(180)
class OfferDriverTest {

  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1_700_000_000_000L, 3), 1);

  private final Configuration conf = new Configuration();
  private ScriptedOfferServer rm;
  private OfferDriver driver;

  @BeforeEach
  void startServer() throws Exception {
    rm = new ScriptedOfferServer(conf);
  }

  @AfterEach
  void stopAll() {
    if (driver != null) {
      driver.abort();
    }
    rm.close();
  }

  private OfferDriver driver(FrameworkScheduler scheduler, Configuration base) throws Exception {
    driver = new OfferDriver(scheduler,
        new FrameworkInfo("fw", Set.of(Capability.INVERSE_OFFERS), "am-host", -1, ""),
        rm.clientConf(base), rm.secrets.amUser(ATTEMPT, rm.server()));
    return driver;
  }

  @Test
  void callbacksArriveInTheOrderTheRmSentThemAndAnErrorStopsTheDriver() throws Exception {
    String c1 = ContainerId.newContainerId(ATTEMPT, 1).toString();
    String c2 = ContainerId.newContainerId(ATTEMPT, 2).toString();
    rm.then(offers(offer("o1", "n1", 4096, 4), offer("o2", "n2", 2048, 2)))
        .then(rescind("o1", RescindReasonProto.NODE_LOST),
            complete(c1, "t1", 0, false),
            revocation(1_800_000_000_000L, c2),
            inverseOffer("io1", "n2", 1_800_000_100_000L, c2),
            complete(c2, "t2", ContainerExitStatus.PREEMPTED, true))
        .then(error("application killed"));
    RecordingScheduler scheduler = new RecordingScheduler();

    Registration registration = driver(scheduler, conf).start();

    assertEquals(ATTEMPT, registration.attemptId());
    assertEquals("registered " + ATTEMPT.getApplicationId() + " root.default", scheduler.next());
    assertEquals("offers [o1@n1{memory-mb=4096, vcores=4}, o2@n2{memory-mb=2048, vcores=2}]",
        scheduler.next());
    assertEquals("rescinded o1 NODE_LOST", scheduler.next());
    assertEquals("status t1 COMPLETE 0", scheduler.next());
    assertEquals("revocation [" + c2 + "] at 1800000000000", scheduler.next());
    assertEquals("inverse io1 n2 at 1800000100000 [" + c2 + "]", scheduler.next());
    assertEquals("status t2 COMPLETE " + ContainerExitStatus.PREEMPTED + " revoked",
        scheduler.next());
    assertEquals("error application killed", scheduler.next());
    assertTrue(driver.awaitTermination(Duration.ofSeconds(60)));
    List<String> calls = new ArrayList<>(rm.calls);
    assertEquals(List.of("register fw [INVERSE_OFFERS]", "poll 0", "poll 1", "poll 2"), calls,
        "polls step through the response ids; an error does not unregister");
  }

  @Test
  void aLostPollAnswerIsAskedForAgainWithTheSameIdAndDeliveredOnce() throws Exception {
    Configuration shortTimeout = new Configuration(conf);
    // The server holds the lost answer until the retry comes, so the timeout always fires.
    shortTimeout.setInt(CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY, 1000);
    rm.then(offers(offer("o1", "n1", 1024, 1))).then(offers(offer("o2", "n1", 1024, 1)));
    rm.loseNextAnswer();
    RecordingScheduler scheduler = new RecordingScheduler();

    driver(scheduler, shortTimeout).start();

    assertTrue(scheduler.next().startsWith("registered"));
    assertEquals("offers [o1@n1{memory-mb=1024, vcores=1}]", scheduler.next());
    assertEquals("offers [o2@n1{memory-mb=1024, vcores=1}]", scheduler.next());
    driver.stop();
    List<String> calls = new ArrayList<>(rm.calls);
    assertEquals(List.of("register fw [INVERSE_OFFERS]", "poll 0", "poll 0", "poll 1"),
        calls.subList(0, 4), "the retry repeats response id 0");
  }

  @Test
  void acceptSendsOffersLaunchesAndFiltersAndStartsTheContainersOnTheirNodeManager()
      throws Exception {
    try (TestNodeManager nm = new TestNodeManager(conf)) {
      AtomicReference<AcceptRequestProto> sent = new AtomicReference<>();
      rm.onAccept(request -> {
        sent.set(request);
        AcceptResponseProto.Builder answer = AcceptResponseProto.newBuilder()
            .addNmTokens(((NMTokenPBImpl) nm.nmToken(ATTEMPT)).getProto().toByteString());
        int n = 1;
        for (LaunchProto launch : request.getLaunchesList()) {
          ContainerId id = ContainerId.newContainerId(ATTEMPT, n++);
          Container c = Container.newInstance(id, nm.nodeId, "localhost:0",
              Resource.newInstance(
                  Protos.fromProto(launch.getResources()).memoryMb(),
                  (int) Protos.fromProto(launch.getResources()).vcores()),
              Priority.newInstance(0), TestNodeManager.containerToken(id));
          answer.addContainers(AllocatedContainerProto.newBuilder()
              .setContainer(((ContainerPBImpl) c).getProto().toByteString())
              .setTag(launch.getTag()));
        }
        return answer.build();
      });
      rm.then(offers(offer("o1", nm.nodeId.getHost(), 4096, 4)));
      RecordingScheduler scheduler = new RecordingScheduler((d, offers) -> d.accept(
          List.of(offers.get(0).id()),
          List.of(new Launch(ResourceVector.of(1024, 1), "a", command("echo a")),
              new Launch(ResourceVector.of(512, 2), "b", command("echo b"))),
          Filters.refuseSeconds(10)));

      driver(scheduler, conf).start();

      assertTrue(scheduler.next().startsWith("registered"));
      assertTrue(scheduler.next().startsWith("offers [o1@"));
      Set<String> started = new HashSet<>(List.of(scheduler.next(), scheduler.next()));
      assertEquals(Set.of("status a RUNNING -1000", "status b RUNNING -1000"), started);

      AcceptRequestProto request = sent.get();
      assertEquals(List.of("o1"), request.getOfferIdsList());
      assertEquals(10.0, request.getFilters().getRefuseSeconds());
      assertEquals(1, request.getSeq());
      assertEquals(List.of("a", "b"),
          request.getLaunchesList().stream().map(LaunchProto::getTag).toList());
      assertEquals(List.of(ResourceVector.of(1024, 1), ResourceVector.of(512, 2)),
          request.getLaunchesList().stream().map(l -> Protos.fromProto(l.getResources()))
              .toList());
      Map<ContainerId, List<String>> commands = new java.util.HashMap<>();
      for (TestNodeManager.Start s : nm.starts()) {
        assertEquals(ATTEMPT.toString(), s.caller(), "the NM token names the attempt");
        commands.put(s.container(), s.commands());
      }
      assertEquals(Map.of(ContainerId.newContainerId(ATTEMPT, 1), List.of("echo a"),
          ContainerId.newContainerId(ATTEMPT, 2), List.of("echo b")), commands);
    }
  }

  @Test
  void aRefusedAcceptThrowsNamingTheOfferAndLaunchesNothing() throws Exception {
    try (TestNodeManager nm = new TestNodeManager(conf)) {
      rm.onAccept(request -> {
        throw new OfferProtocolException(Reason.RESCINDED_OFFER,
            "offer " + request.getOfferIds(0) + " was rescinded (node lost)");
      });
      rm.then(offers(offer("o-gone", nm.nodeId.getHost(), 4096, 4)));
      RecordingScheduler scheduler = new RecordingScheduler((d, offers) -> d.accept(
          List.of(offers.get(0).id()),
          List.of(new Launch(ResourceVector.of(1024, 1), "a", command("echo a"))),
          Filters.DEFAULT));

      driver(scheduler, conf).start();

      assertTrue(scheduler.next().startsWith("registered"));
      assertTrue(scheduler.next().startsWith("offers [o-gone@"));
      assertEquals("refused OfferProtocolException RESCINDED_OFFER: offer o-gone was rescinded"
          + " (node lost)", scheduler.next());
      driver.stop();
      assertEquals(List.of(), nm.starts());
    }
  }

  @Test
  void declineReviveSuppressAndKillReachTheRmWithTheirArguments() throws Exception {
    ContainerId c7 = ContainerId.newContainerId(ATTEMPT, 7);
    rm.then(offers(offer("o1", "n1", 1024, 1), offer("o2", "n2", 1024, 1)));
    RecordingScheduler scheduler = new RecordingScheduler((d, offers) -> {
      d.decline(offers.get(1).id(), Filters.refuseSeconds(30));
      d.decline(offers.get(0).id(), null);
      d.suppress();
      d.revive();
      d.kill(c7);
      d.stop(FinalApplicationStatus.FAILED, "done here");
    });

    driver(scheduler, conf).start();

    assertTrue(driver.awaitTermination(Duration.ofSeconds(60)));
    List<String> calls = new ArrayList<>(rm.calls);
    calls.removeIf(c -> c.startsWith("poll"));
    assertEquals(List.of("register fw [INVERSE_OFFERS]", "decline [o2] 30.0", "decline [o1] 5.0",
        "suppress", "revive", "kill [" + c7 + "]", "unregister FAILED done here"), calls);
  }

  @Test
  void stopUnregistersAndEndsTheDriver() throws Exception {
    RecordingScheduler scheduler = new RecordingScheduler();
    driver(scheduler, conf).start();
    assertTrue(scheduler.next().startsWith("registered"));

    driver.stop();

    assertTrue(driver.awaitTermination(Duration.ofSeconds(60)));
    assertTrue(rm.calls.contains("unregister SUCCEEDED "), rm.calls.toString());
  }

  @Test
  void aFrameworkTheRmForgotRegistersAgainAndPollsFromZero() throws Exception {
    rm.forgetFramework();
    rm.then(offers(offer("o1", "n1", 1024, 1)));
    RecordingScheduler scheduler = new RecordingScheduler();

    driver(scheduler, conf).start();

    assertTrue(scheduler.next().startsWith("registered"));
    assertTrue(scheduler.next().startsWith("registered"), "registered again");
    assertEquals("offers [o1@n1{memory-mb=1024, vcores=1}]", scheduler.next());
    driver.stop();
    List<String> calls = new ArrayList<>(rm.calls);
    assertEquals(List.of("register fw [INVERSE_OFFERS]", "poll 0",
        "register fw [INVERSE_OFFERS]", "poll 0"), calls.subList(0, 4));
  }

  @Test
  void aContainerItsNodeManagerWouldNotStartIsFreedOnTheRmAndReportedAsLaunchFailed()
      throws Exception {
    Configuration quickNm = new Configuration(conf);
    quickNm.setLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, 1000);
    quickNm.setLong(YarnConfiguration.CLIENT_NM_CONNECT_RETRY_INTERVAL_MS, 100);
    TestNodeManager gone = new TestNodeManager(conf);
    gone.close(); // its port now refuses connections
    ContainerId id = ContainerId.newContainerId(ATTEMPT, 1);
    rm.onAccept(request -> AcceptResponseProto.newBuilder()
        .addNmTokens(((NMTokenPBImpl) gone.nmToken(ATTEMPT)).getProto().toByteString())
        .addContainers(AllocatedContainerProto.newBuilder().setTag("a").setContainer(
            ((ContainerPBImpl) Container.newInstance(id, gone.nodeId, "localhost:0",
                Resource.newInstance(1024, 1), Priority.newInstance(0),
                TestNodeManager.containerToken(id))).getProto().toByteString()))
        .build());
    rm.then(offers(offer("o1", gone.nodeId.getHost(), 4096, 4)));
    RecordingScheduler scheduler = new RecordingScheduler((d, offers) -> d.accept(
        List.of(offers.get(0).id()),
        List.of(new Launch(ResourceVector.of(1024, 1), "a", command("echo a"))),
        Filters.DEFAULT));

    driver(scheduler, quickNm).start();

    assertTrue(scheduler.next().startsWith("registered"));
    assertTrue(scheduler.next().startsWith("offers [o1@"));
    assertEquals("status a LAUNCH_FAILED -1000", scheduler.next());
    assertTrue(rm.calls.contains("kill [" + id + "]"), rm.calls.toString());
  }

  @Test
  void aRolledAmrmTokenReplacesTheOldOneInTheUsersCredentials() throws Exception {
    Token<AMRMTokenIdentifier> rolled =
        new Token<>(new AMRMTokenIdentifier(ATTEMPT, 2), rm.secrets);
    rm.thenRollToken(TokenProto.newBuilder()
            .setIdentifier(ByteString.copyFrom(rolled.getIdentifier()))
            .setPassword(ByteString.copyFrom(rolled.getPassword()))
            .setKind(rolled.getKind().toString()).setService("").build().toByteString(),
        offers(offer("o1", "n1", 1024, 1)))
        .then(offers(offer("o2", "n1", 1024, 1)));
    UserGroupInformation am = rm.secrets.amUser(ATTEMPT, rm.server());
    RecordingScheduler scheduler = new RecordingScheduler();
    driver = new OfferDriver(scheduler, FrameworkInfo.named("fw", "am-host"),
        rm.clientConf(conf), am);

    driver.start();

    assertTrue(scheduler.next().startsWith("registered"));
    assertTrue(scheduler.next().startsWith("offers [o1@"));
    assertTrue(scheduler.next().startsWith("offers [o2@"), "polling goes on after the roll");
    List<Integer> keys = new ArrayList<>();
    for (Token<?> t : am.getTokens()) {
      if (t.getKind().equals(AMRMTokenIdentifier.KIND_NAME)) {
        keys.add(((AMRMTokenIdentifier) t.decodeIdentifier()).getKeyId());
      }
    }
    assertEquals(List.of(2), keys, "one AMRM token, the rolled one");
  }

  private static ContainerLaunchContext command(String command) {
    return ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of(command), Map.of(),
        null, Map.of());
  }
}
