package dev.spindle.rm.ha;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.store.StoreFollower;
import dev.spindle.rm.store.StoreSettings;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import dev.spindle.rm.admin.AdminServer;
import dev.spindle.rm.web.ActiveRm;
import dev.spindle.rm.web.RmWebServer;
import dev.spindle.rm.web.WebBackend;
import org.apache.hadoop.ha.proto.HAServiceProtocolProtos.HAServiceProtocolService;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolPB;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolServerSideTranslatorPB;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RM of an HA group (yarn.resourcemanager.ha.enabled): always runs the admin server
 * (HAServiceProtocol, and the admin protocol of the active RM or StandbyException), the web
 * server and, with automatic failover, the leader elector; runs a whole
 * {@link SpindleResourceManager} (its RPC services, core and store) only while active.
 *
 * <p>Standby behaviour: the client, scheduler and tracker ports are closed, so stock failover
 * proxies get "connection refused" and move to the next rm-id (yarn-compat 6.3). Becoming
 * active starts a fresh RM whose store activation moves the epoch (fencing the previous
 * active) and recovers the stored applications; stepping down stops it. A store write that
 * finds this RM fenced, or that cannot reach ZooKeeper through all its retries (as the stock RM
 * in HA), steps it down and puts it back in the election.
 *
 * <p>Transitions run one at a time on their own thread: the elector's callbacks, admin calls
 * and fencing all funnel through it.
 */
public final class HaResourceManager extends AbstractService implements RmHaProtocol.Node {

  private static final Logger LOG = LoggerFactory.getLogger(HaResourceManager.class);

  private final ExecutorService transitions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "spindle-rm-ha");
    t.setDaemon(true);
    return t;
  });
  private YarnConfiguration conf;
  private HaSettings settings;
  /** How often a standby asks the others which one is active (for its web redirects). */
  private static final long LOCATOR_INTERVAL_MS = 500;

  private volatile LeaderElector elector;
  private ActiveLocator locator;
  private AdminServer adminServer;
  private RmWebServer webServer;
  /** The active RM, or null in standby. Written on the transitions thread only. */
  private volatile SpindleResourceManager active;
  /**
   * While standby with recovery on: the copy of the store kept current, handed to the next
   * activation so it need not read the store. Written on the transitions thread only.
   */
  private StoreFollower follower;
  private volatile HAServiceState state = HAServiceState.INITIALIZING;

  public HaResourceManager() {
    super(HaResourceManager.class.getSimpleName());
  }

  @Override
  protected void serviceInit(Configuration c) throws Exception {
    conf = new YarnConfiguration(c);
    HAUtil.verifyAndSetConfiguration(conf);
    settings = HaSettings.from(conf);
    if (!conf.getBoolean(YarnConfiguration.RECOVERY_ENABLED, false)) {
      LOG.warn("HA without yarn.resourcemanager.recovery.enabled: applications are lost on"
          + " failover");
    }
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    // The web server is always on too: it serves the active RM here, or redirects to the
    // active one. Bound before any activation, so the active conf carries its address.
    webServer = new RmWebServer(new HaWebBackend());
    webServer.init(conf);
    // The admin port stays up in every state: HA calls always, admin calls on the active.
    adminServer = new AdminServer(ActiveAdmin.of(settings.rmId(), () -> active));
    adminServer.addProtocol(HAServiceProtocolPB.class,
        HAServiceProtocolService.newReflectiveBlockingService(
            new HAServiceProtocolServerSideTranslatorPB(
                new RmHaProtocol(this, settings.automaticFailover()))));
    RPC.setProtocolEngine(conf, HAServiceProtocolPB.class, ProtobufRpcEngine2.class);
    adminServer.init(conf);
    adminServer.start();
    state = HAServiceState.STANDBY;
    transitions.execute(this::follow);
    locator = new ActiveLocator(settings, conf, () -> state == HAServiceState.STANDBY);
    locator.start(LOCATOR_INTERVAL_MS);
    if (settings.automaticFailover()) {
      elector = new LeaderElector(settings, new LeaderElector.Listener() {
        @Override
        public void elected() {
          transitions.execute(() -> activate("elected"));
        }

        @Override
        public void deposed() {
          transitions.execute(() -> standby("lost the election"));
        }
      });
      elector.start();
    }
    LOG.info("{} started in standby; admin (HA) at {}", settings.rmId(),
        adminServer.server().getListenerAddress());
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (elector != null) {
      elector.close();
    }
    if (locator != null) {
      locator.close();
    }
    // A transition under way must end before `active` is read, or the RM it starts leaks.
    transitions.shutdownNow();
    if (!transitions.awaitTermination(60, TimeUnit.SECONDS)) {
      LOG.warn("{}: an HA transition did not end within 60 s of stopping", settings.rmId());
    }
    SpindleResourceManager rm = active;
    if (rm != null) {
      rm.stop();
    }
    unfollow();
    if (adminServer != null) {
      adminServer.stop();
    }
    if (webServer != null) {
      webServer.stop();
    }
    super.serviceStop();
  }

  // --- transitions (on the transitions thread) ------------------------------------------

  private void activate(String why) {
    if (active != null) {
      return;
    }
    LOG.info("{} becoming active: {}", settings.rmId(), why);
    StoreFollower copy = follower;
    follower = null;
    SpindleResourceManager rm = new SpindleResourceManager(copy);
    try {
      try {
        rm.init(activeConf());
      } finally {
        // Recovered from (or read past): the active core owns the state from here.
        if (copy != null) {
          copy.close();
        }
      }
      rm.recovery().onFenced(() -> transitions.execute(
          () -> stepDownAndRejoin("another RM took over the state store (fenced)")));
      rm.recovery().onUnreachable(() -> transitions.execute(
          () -> stepDownAndRejoin("state store writes failed after every retry")));
      rm.start();
      active = rm;
      state = HAServiceState.ACTIVE;
      LOG.info("{} is active", settings.rmId());
    } catch (RuntimeException e) {
      LOG.error("{} could not become active; back in line", settings.rmId(), e);
      rm.stop();
      follow();
      if (elector != null) {
        elector.rejoin();
      }
    }
  }

  /**
   * The active RM's configuration. The admin address belongs to the always-on HA admin server;
   * an admin server inside the active services binds an ephemeral port instead of failing.
   */
  private YarnConfiguration activeConf() {
    YarnConfiguration c = new YarnConfiguration(conf);
    String admin = "localhost:0";
    c.set(HAUtil.addSuffix(YarnConfiguration.RM_ADMIN_ADDRESS, settings.rmId()), admin);
    c.set(YarnConfiguration.RM_ADMIN_ADDRESS, admin);
    // Same trick for the web server: the always-on one fronts the active RM.
    c.setBoolean(RmWebServer.EXTERNAL, true);
    return c;
  }

  private void standby(String why) {
    SpindleResourceManager rm = active;
    active = null;
    state = HAServiceState.STANDBY;
    if (rm != null) {
      LOG.info("{} stepping down to standby: {}", settings.rmId(), why);
      rm.stop();
    }
    follow();
  }

  /**
   * Starts following the store while standby (hot standby): the next activation then takes
   * the stored applications from memory. Only with recovery on, and once.
   */
  private void follow() {
    if (follower != null || !StoreSettings.recoveryEnabled(conf)) {
      return;
    }
    try {
      follower = new StoreFollower(StoreSettings.from(conf)).start();
    } catch (RuntimeException e) {
      LOG.warn("{} cannot follow the state store; activation will read it", settings.rmId(), e);
    }
  }

  private void unfollow() {
    if (follower != null) {
      follower.close();
      follower = null;
    }
  }

  /** Leaves the active state for good reason and lines up for the next election. */
  private void stepDownAndRejoin(String why) {
    standby(why);
    if (elector != null) {
      elector.rejoin();
    }
  }

  // --- RmHaProtocol.Node ----------------------------------------------------------------

  @Override
  public HAServiceState state() {
    return state;
  }

  @Override
  public boolean activeServicesRunning() {
    SpindleResourceManager rm = active;
    return rm != null && rm.getServiceState() == Service.STATE.STARTED;
  }

  @Override
  public void becomeActive() throws IOException {
    await(() -> activate("requested"));
    if (state != HAServiceState.ACTIVE) {
      throw new org.apache.hadoop.ha.ServiceFailedException(
          settings.rmId() + " failed to become active");
    }
  }

  @Override
  public void becomeStandby() throws IOException {
    await(() -> standby("requested"));
  }

  private void await(Runnable transition) throws IOException {
    try {
      transitions.submit(transition).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during an HA transition", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /** The running RM while active, else null (tests reach its configuration). */
  public SpindleResourceManager activeResourceManager() {
    return active;
  }

  public String rmId() {
    return settings.rmId();
  }

  /** The bound web address (host:port) of this RM's always-on web server. */
  public String webAddress() {
    return webServer == null ? null : webServer.webAddress();
  }

  /** The web server's view: the active RM while active, else who the election says is. */
  private final class HaWebBackend implements WebBackend {
    @Override
    public ActiveRm active() {
      SpindleResourceManager rm = active;
      return rm == null ? null : rm.webView();
    }

    @Override
    public HAServiceState haState() {
      return state;
    }

    @Override
    public String activeWebBase() {
      String leader = locator == null ? null : locator.activeId();
      if (leader == null || leader.isEmpty() || leader.equals(settings.rmId())) {
        return null;
      }
      String address = conf.getTrimmed(
          HAUtil.addSuffix(YarnConfiguration.RM_WEBAPP_ADDRESS, leader));
      return address == null ? null : "http://" + address;
    }

    @Override
    public String zkConnectionState() {
      return elector == null ? NO_ELECTOR : elector.connectionState();
    }
  }
}
