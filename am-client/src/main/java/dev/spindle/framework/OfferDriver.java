package dev.spindle.framework;

import dev.spindle.offers.OfferProtocolClient;
import dev.spindle.offers.OfferRpc;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.AllocatedContainerProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.FiltersProto;
import dev.spindle.offers.proto.OfferProtos.FinalStatusProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.LaunchProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FrameworkDriver} over Spindle's offer protocol: one polling thread talks to the
 * RM, one callback thread runs the {@link FrameworkScheduler}, and accepted containers are
 * started through the stock NMClientAsync.
 *
 * <pre>{@code
 * FrameworkDriver driver = new OfferDriver(myScheduler, FrameworkInfo.named("sleepers", host),
 *     new YarnConfiguration());   // the AM's configuration and user (its AMRM token)
 * driver.start();
 * driver.awaitTermination(Duration.ofDays(1));
 * }</pre>
 */
public final class OfferDriver implements FrameworkDriver, Poller.Sink {

  private static final Logger LOG = LoggerFactory.getLogger(OfferDriver.class);

  /** How many times an RPC whose answer was lost is sent again before giving up. */
  public static final String RPC_ATTEMPTS = "spindle.framework.rpc.attempts";
  public static final int DEFAULT_RPC_ATTEMPTS = 10;
  private static final long STOP_WAIT_MS = 60_000;

  private final FrameworkScheduler scheduler;
  private final FrameworkInfo info;
  private final Configuration conf;
  private final UserGroupInformation user;
  /** Where the AMRM token is looked up: the scheduler address, or all of them with HA. */
  private final Text tokenService;
  private final OfferProtocolClient client;
  private final CallbackThread callbacks = new CallbackThread();
  private final AtomicLong acceptSeq = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private TaskLauncher launcher;
  private Retry retry;
  private Poller poller;
  private Thread pollThread;

  /**
   * A driver for the AM's current user, talking to the RM's scheduler address, or with RM HA
   * to the active RM's, failing over between them as {@code AMRMClient} does.
   */
  public OfferDriver(FrameworkScheduler scheduler, FrameworkInfo info, Configuration conf)
      throws IOException {
    this(scheduler, info, conf, UserGroupInformation.getCurrentUser());
  }

  /** A driver acting as {@code user}, whose credentials hold the attempt's AMRM token. */
  public OfferDriver(FrameworkScheduler scheduler, FrameworkInfo info, Configuration conf,
      UserGroupInformation user) throws IOException {
    this.scheduler = scheduler;
    this.info = info;
    this.conf = conf;
    this.user = user;
    this.tokenService = ClientRMProxy.getAMRMTokenService(conf);
    pointAmrmTokensAtScheduler(user, tokenService);
    this.client = OfferRpc.connect(conf, user);
    this.retry = new Retry(conf.getInt(RPC_ATTEMPTS, DEFAULT_RPC_ATTEMPTS), 1000);
  }

  /**
   * An AM container's AMRM token carries no usable service: like {@code ClientRMProxy} does
   * for {@code AMRMClient}, point it at the scheduler address(es) so the RPC client picks it.
   */
  private static void pointAmrmTokensAtScheduler(UserGroupInformation user, Text service) {
    for (org.apache.hadoop.security.token.Token<?> t : user.getTokens()) {
      if (org.apache.hadoop.yarn.security.AMRMTokenIdentifier.KIND_NAME.equals(t.getKind())) {
        t.setService(service);
      }
    }
  }

  @Override
  public Registration start() throws IOException {
    if (poller != null || stopped.get()) {
      throw new IllegalStateException("a driver starts once");
    }
    RegisterFrameworkResponseProto answer = client.registerFramework(Protos.register(info));
    Registration registration = Protos.registration(answer);
    long interval = Math.max(1, registration.pollInterval().toMillis());
    retry = new Retry(conf.getInt(RPC_ATTEMPTS, DEFAULT_RPC_ATTEMPTS), interval);
    launcher = new TaskLauncher(conf, this::launchStatus);
    nmTokens(rawTokens(answer.getNmTokensList()));
    callbacks.post("registered", () -> scheduler.registered(this, registration));
    poller = new Poller(client, retry, this, interval);
    pollThread = new Thread(poller, "framework-poller");
    pollThread.setDaemon(true);
    pollThread.start();
    return registration;
  }

  @Override
  public List<Container> accept(Collection<OfferId> offerIds, List<Launch> launches,
      Filters filters) throws IOException {
    if (launcher == null) {
      throw new IllegalStateException("start the driver before accepting offers");
    }
    AcceptRequestProto.Builder request = AcceptRequestProto.newBuilder()
        .setSeq(acceptSeq.incrementAndGet()).setFilters(filters(filters));
    offerIds.forEach(id -> request.addOfferIds(id.value()));
    launches.forEach(l -> request.addLaunches(LaunchProto.newBuilder()
        .setResources(Protos.toProto(l.resources())).setTag(l.tag())));
    AcceptRequestProto sent = request.build();
    AcceptResponseProto answer = retry.call(() -> client.accept(sent));
    if (answer.getContainersCount() != launches.size()) {
      throw new IOException("the RM answered " + launches.size() + " launches with "
          + answer.getContainersCount() + " containers");
    }
    launcher.addTokens(rawTokens(answer.getNmTokensList()));
    List<Container> containers = new ArrayList<>(launches.size());
    for (int i = 0; i < launches.size(); i++) {
      AllocatedContainerProto allocated = answer.getContainers(i);
      Container container = Protos.container(allocated.getContainer());
      containers.add(container);
      launcher.launch(container, launches.get(i).tag(), launches.get(i).context());
    }
    return containers;
  }

  @Override
  public void decline(OfferId offerId, Filters filters) throws IOException {
    DeclineRequestProto request = DeclineRequestProto.newBuilder()
        .addOfferIds(offerId.value()).setFilters(filters(filters)).build();
    retry.call(() -> {
      client.decline(request);
      return null;
    });
  }

  @Override
  public void revive() throws IOException {
    retry.call(() -> {
      client.revive();
      return null;
    });
  }

  @Override
  public void suppress() throws IOException {
    retry.call(() -> {
      client.suppress();
      return null;
    });
  }

  @Override
  public void kill(ContainerId containerId) throws IOException {
    KillRequestProto request =
        KillRequestProto.newBuilder().addContainerIds(containerId.toString()).build();
    retry.call(() -> {
      client.kill(request);
      return null;
    });
  }

  @Override
  public void stop() throws IOException {
    stop(FinalApplicationStatus.SUCCEEDED, "");
  }

  @Override
  public void stop(FinalApplicationStatus finalStatus, String diagnostics) throws IOException {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    haltPolling();
    try {
      UnregisterFrameworkRequestProto request = UnregisterFrameworkRequestProto.newBuilder()
          .setFinalStatus(finalStatus(finalStatus))
          .setDiagnostics(diagnostics == null ? "" : diagnostics)
          .setTrackingUrl(info.trackingUrl()).build();
      retry.call(() -> {
        client.unregisterFramework(request);
        return null;
      });
    } finally {
      release();
    }
  }

  @Override
  public void abort() {
    if (stopped.compareAndSet(false, true)) {
      haltPolling();
      release();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ Poller.Sink

  @Override
  public void nmTokens(List<NMToken> tokens) {
    launcher.addTokens(tokens);
  }

  @Override
  public void event(EventProto e) {
    switch (e.getKindCase()) {
      case OFFERS -> {
        List<Offer> offers = Protos.offers(e.getOffers().getOffersList());
        callbacks.post("resourceOffers", () -> scheduler.resourceOffers(this, offers));
      }
      case RESCIND -> {
        OfferId id = new OfferId(e.getRescind().getOfferId());
        RescindReason reason = e.getRescind().hasReason()
            ? Protos.reason(e.getRescind().getReason()) : RescindReason.UNKNOWN;
        callbacks.post("offerRescinded", () -> scheduler.offerRescinded(this, id, reason));
      }
      case STATUS -> statusUpdate(Protos.status(e.getStatus()));
      case REVOCATION_WARNING -> {
        List<ContainerId> ids = Protos.containerIds(e.getRevocationWarning().getContainerIdsList());
        Instant deadline = Instant.ofEpochMilli(e.getRevocationWarning().getDeadlineMs());
        callbacks.post("revocationWarning",
            () -> scheduler.revocationWarning(this, ids, deadline));
      }
      case INVERSE_OFFER -> {
        InverseOffer inverse = Protos.inverseOffer(e.getInverseOffer());
        callbacks.post("inverseOffer", () -> scheduler.inverseOffer(this, inverse));
      }
      case ERROR -> failed(e.getError().getMessage());
      case KIND_NOT_SET -> { } // an event kind newer than this library: skip it
    }
  }

  /**
   * Swaps the rolled AMRM token into the user's credentials (same alias: the scheduler
   * address, or with HA every RM's joined as {@code ClientRMProxy.getAMRMTokenService} does),
   * as AMRMClient does; connections made from now on, to any RM, authenticate with it.
   */
  @Override
  public void amrmToken(ByteString token) throws IOException {
    user.addToken(Protos.amrmToken(token, tokenService));
  }

  @Override
  public long reregister() throws IOException {
    Registration registration = Protos.registration(client.registerFramework(Protos.register(info)));
    callbacks.post("registered", () -> scheduler.registered(this, registration));
    return Math.max(1, registration.pollInterval().toMillis());
  }

  @Override
  public void failed(String message) {
    if (stopped.compareAndSet(false, true)) {
      callbacks.post("error", () -> scheduler.error(this, message));
      haltPolling();
      release();
    }
  }

  // ------------------------------------------------------------------ internals

  /** A container the NM would not start is freed on the RM before the framework hears of it. */
  private void launchStatus(TaskStatus status) {
    if (status.state() == TaskStatus.State.LAUNCH_FAILED) {
      try {
        kill(status.containerId());
      } catch (IOException e) {
        LOG.warn("could not free {} after its failed launch", status.containerId(), e);
      }
    }
    statusUpdate(status);
  }

  private void statusUpdate(TaskStatus status) {
    callbacks.post("statusUpdate", () -> scheduler.statusUpdate(this, status));
  }

  /** Ends the polling thread, unless the caller is that thread. */
  private void haltPolling() {
    if (poller == null) {
      return;
    }
    poller.halt();
    if (Thread.currentThread() != pollThread) {
      pollThread.interrupt();
      try {
        pollThread.join(STOP_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Delivers the queued callbacks, then frees the NM client and the RPC connection. */
  private void release() {
    try {
      callbacks.shutdown(STOP_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (launcher != null) {
        launcher.stop();
      }
      client.close();
      terminated.countDown();
    }
  }

  private static List<NMToken> rawTokens(List<ByteString> raw) throws IOException {
    List<NMToken> out = new ArrayList<>(raw.size());
    for (var bytes : raw) {
      out.add(Protos.nmToken(bytes));
    }
    return out;
  }

  private static FiltersProto filters(Filters filters) {
    Filters f = filters == null ? Filters.DEFAULT : filters;
    return FiltersProto.newBuilder().setRefuseSeconds(f.refuseSeconds()).build();
  }

  private static FinalStatusProto finalStatus(FinalApplicationStatus status) {
    return switch (status) {
      case FAILED -> FinalStatusProto.FAILED;
      case KILLED -> FinalStatusProto.KILLED;
      default -> FinalStatusProto.SUCCEEDED;
    };
  }
}
