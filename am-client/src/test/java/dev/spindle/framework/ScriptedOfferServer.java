package dev.spindle.framework;

import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.OfferProtocolException.Reason;
import dev.spindle.offers.OfferProtocolPB;
import dev.spindle.offers.OfferProtocolServerTranslator;
import dev.spindle.offers.OfferService;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.OfferProtocolService;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An offer-protocol server over real Hadoop RPC (AMRM token auth) that plays a script: each
 * poll delivers the next batch of canned events, with the allocate discipline on response
 * ids, and every call is logged as a line for the test to read. Not an RM: it decides
 * nothing.
 */
final class ScriptedOfferServer implements OfferService, AutoCloseable {

  /** One line per call, in arrival order. */
  final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
  final AmrmTestSecrets secrets = new AmrmTestSecrets();
  /** What one poll delivers: events, and maybe a rolled AMRM token. */
  private record Batch(List<EventProto> events, ByteString amrmToken) {}

  private final Deque<Batch> script = new ArrayDeque<>();
  private final Server server;
  /** How the script answers an accept (or refuses it). */
  interface AcceptAnswer {
    AcceptResponseProto answer(AcceptRequestProto request) throws IOException;
  }

  private volatile AcceptAnswer onAccept = r -> AcceptResponseProto.getDefaultInstance();
  private int nextResponseId;
  private PollResponseProto last;
  private boolean loseNextAnswer;
  private boolean forgetFramework;
  private final CountDownLatch retried = new CountDownLatch(1);

  ScriptedOfferServer(Configuration conf) throws IOException {
    Configuration serverConf = new Configuration(conf);
    RPC.setProtocolEngine(serverConf, OfferProtocolPB.class, ProtobufRpcEngine2.class);
    server = new RPC.Builder(serverConf).setProtocol(OfferProtocolPB.class)
        .setInstance(OfferProtocolService.newReflectiveBlockingService(
            new OfferProtocolServerTranslator(this)))
        .setBindAddress("localhost").setPort(0).setNumHandlers(4)
        .setSecretManager(secrets).build();
    server.addTerseExceptions(OfferProtocolException.class); // as OfferRpc.serveOn does
    server.start();
  }

  /** A client configuration pointing the scheduler address here. */
  Configuration clientConf(Configuration base) {
    Configuration c = new Configuration(base);
    c.set(YarnConfiguration.RM_SCHEDULER_ADDRESS,
        NetUtils.getHostPortString(NetUtils.getConnectAddress(server)));
    return c;
  }

  Server server() {
    return server;
  }

  /** Queues a batch: delivered whole by one poll, after the batches queued before it. */
  synchronized ScriptedOfferServer then(EventProto... events) {
    script.add(new Batch(List.of(events), null));
    return this;
  }

  /** Queues a batch that also hands the client a rolled AMRM token. */
  synchronized ScriptedOfferServer thenRollToken(ByteString amrmToken, EventProto... events) {
    script.add(new Batch(List.of(events), amrmToken));
    return this;
  }

  /** The answer to the next poll that delivers events goes nowhere until the client retries. */
  synchronized void loseNextAnswer() {
    loseNextAnswer = true;
  }

  /** The next poll is refused as if the RM had restarted and forgotten the framework. */
  synchronized void forgetFramework() {
    forgetFramework = true;
  }

  void onAccept(AcceptAnswer answer) {
    onAccept = answer;
  }

  @Override
  public synchronized RegisterFrameworkResponseProto registerFramework(
      ApplicationAttemptId caller, RegisterFrameworkRequestProto request) {
    calls.add("register " + request.getName() + " " + request.getCapabilitiesList());
    nextResponseId = 0;
    last = null;
    return RegisterFrameworkResponseProto.newBuilder()
        .setFrameworkId(caller.getApplicationId().toString()).setAttemptId(caller.toString())
        .setQueue("root.default").setPollIntervalMs(20).build();
  }

  @Override
  public PollResponseProto poll(ApplicationAttemptId caller, PollRequestProto request)
      throws IOException {
    PollResponseProto answer;
    boolean lose;
    synchronized (this) {
      calls.add("poll " + request.getResponseId());
      if (forgetFramework) {
        forgetFramework = false;
        throw new OfferProtocolException(Reason.NOT_REGISTERED, caller + " is not registered");
      }
      if (last != null && request.getResponseId() == last.getResponseId() - 1) {
        retried.countDown();
        return last; // a retry: the same answer again
      }
      if (request.getResponseId() != nextResponseId) {
        throw new OfferProtocolException(Reason.OUT_OF_STEP,
            "response id " + request.getResponseId() + ", expected " + nextResponseId);
      }
      Batch batch = script.isEmpty() ? new Batch(List.of(), null) : script.poll();
      nextResponseId++;
      PollResponseProto.Builder b = PollResponseProto.newBuilder()
          .setResponseId(nextResponseId).addAllEvents(batch.events());
      if (batch.amrmToken() != null) {
        b.setAmrmToken(batch.amrmToken());
      }
      answer = b.build();
      last = answer;
      lose = loseNextAnswer && !batch.events().isEmpty();
      loseNextAnswer &= !lose;
    }
    if (lose) {
      awaitRetry(); // the client times out and asks again; this answer then goes nowhere
    }
    return answer;
  }

  @Override
  public AcceptResponseProto accept(ApplicationAttemptId caller, AcceptRequestProto request)
      throws IOException {
    calls.add("accept " + request.getOfferIdsList());
    return onAccept.answer(request);
  }

  @Override
  public void decline(ApplicationAttemptId caller, DeclineRequestProto request) {
    calls.add("decline " + request.getOfferIdsList() + " "
        + request.getFilters().getRefuseSeconds());
  }

  @Override
  public void revive(ApplicationAttemptId caller) {
    calls.add("revive");
  }

  @Override
  public void suppress(ApplicationAttemptId caller) {
    calls.add("suppress");
  }

  @Override
  public void kill(ApplicationAttemptId caller, KillRequestProto request) {
    calls.add("kill " + request.getContainerIdsList());
  }

  @Override
  public void unregisterFramework(ApplicationAttemptId caller,
      UnregisterFrameworkRequestProto request) {
    calls.add("unregister " + request.getFinalStatus() + " " + request.getDiagnostics());
  }

  private void awaitRetry() {
    try {
      retried.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    retried.countDown();
    server.stop();
  }
}
