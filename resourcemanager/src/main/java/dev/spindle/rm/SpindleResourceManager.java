package dev.spindle.rm;

import dev.spindle.rm.rpc.Refusals;
import dev.spindle.rm.core.AppCounters;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.core.RmSettings;
import dev.spindle.rm.admin.AdminServer;
import dev.spindle.rm.admin.RmAdminProtocol;
import dev.spindle.rm.core.ResourceConverter;
import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.launcher.AmLauncherPool;
import dev.spindle.rm.metrics.RmMetrics;
import dev.spindle.rm.queues.HadoopUserGroups;
import dev.spindle.rm.queues.QueueService;
import dev.spindle.rm.queues.SchedulerFiles;
import dev.spindle.rm.recovery.RecoveryService;
import dev.spindle.rm.rpc.AmRmRecords;
import dev.spindle.rm.rpc.AmRmService;
import dev.spindle.rm.rpc.ClientRmService;
import dev.spindle.rm.rpc.ResourceTrackerService;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.rm.store.StoreFollower;
import dev.spindle.rm.web.ActiveRm;
import dev.spindle.rm.web.RmWebServer;
import dev.spindle.rm.web.WebBackend;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.Collection;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.service.CompositeService;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.AggregatedLogDeletionService;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.RackResolver;
import org.apache.hadoop.yarn.util.SystemClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spindle ResourceManager daemon: the RM core on its event loop, the three RPC adapters
 * (client, AM, resource tracker) and the admin server, the token secret managers and the AM launcher.
 *
 * <p>Use as {@code rm.init(conf); rm.start(); ... rm.stop()}. Ports may be 0; after start()
 * {@link #getConfig()} carries the bound addresses (host:port, with the configured host) in
 * yarn.resourcemanager.address, .scheduler.address and .resource-tracker.address.
 */
public class SpindleResourceManager extends CompositeService {

  private static final Logger LOG = LoggerFactory.getLogger(SpindleResourceManager.class);

  private final Clock clock = SystemClock.getInstance();
  private EventLoop loop;
  private RmCore core;
  /** Candidate queue configurations tried without applying them (loop-owned calls). */
  private dev.spindle.rm.queues.QueueDryRun dryRun;
  private AmLauncherPool launcher;
  private QueueService queues;
  private AdminServer adminServer;
  private RecoveryService recovery;
  private ClientRmService clientService;
  private RmWebServer webServer;
  /** JMX beans and the /prom page; published while the RM runs. */
  private RmMetrics metrics;
  private volatile long startedOn;
  private String schedulerType;
  /** Records the scheduler's workload for what-if replay; null unless turned on. */
  private dev.spindle.rm.whatif.FileWorkloadRecorder recorder;

  /** A standby's copy of the store to recover from, or null to read the store. */
  private final StoreFollower follower;

  public SpindleResourceManager() {
    this(null);
  }

  /**
   * An RM that recovers from {@code follower}, the copy of the store an HA standby kept
   * (null: read the store), when it is still current at activation.
   */
  public SpindleResourceManager(StoreFollower follower) {
    super(SpindleResourceManager.class.getSimpleName());
    this.follower = follower;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    YarnConfiguration yarnConf =
        conf instanceof YarnConfiguration y ? y : new YarnConfiguration(conf);
    long clusterTimestamp = clock.getTime();
    // The web server binds first: tracking URLs (RmSettings) carry its bound address. In HA
    // an always-on server outside this RM fronts it instead.
    if (!yarnConf.getBoolean(RmWebServer.EXTERNAL, false)) {
      webServer = new RmWebServer(localWebBackend());
      addService(webServer);
      webServer.init(yarnConf);
    }
    schedulerType = webSchedulerType(schedulerName(yarnConf));
    RackResolver.init(yarnConf);
    // Resource types are fixed before anything converts a Resource (stock: ResourceUtils).
    ResourceConverter.configure(yarnConf,
        SchedulerFiles.of(yarnConf).read(ResourceConverter.RESOURCE_TYPES_FILE));
    SchedulerSettings schedulerSettings = schedulerSettings(yarnConf);
    HadoopUserGroups groups = new HadoopUserGroups(yarnConf);
    // An invalid scheduler file fails start-up here, naming file, queue and problem (stock).
    Scheduler scheduler = SchedulerRegistry.withBuiltins().create(schedulerName(yarnConf),
        schedulerSettings, SchedulerFiles.of(yarnConf), groups);

    ContainerTokenSecretManager containerTokens =
        new ContainerTokenSecretManager(yarnConf, clusterTimestamp);
    NmTokenSecretManager nmTokens = new NmTokenSecretManager();
    launcher = new AmLauncherPool(yarnConf, containerTokens, nmTokens);
    recovery = RecoveryService.start(yarnConf, follower);
    RecordSink sink = recovery.sink();
    loop = new EventLoop(sink);
    AmrmTokenSecretManager amrmTokens = recovery.amrmTokens();
    core = new RmCore(RmSettings.from(yarnConf, clusterTimestamp), scheduler,
        schedulerSettings, clock, sink, launcher, amrmTokens, containerTokens,
        nmTokens, host -> RackResolver.resolve(host).getNetworkLocation());
    recorder = dev.spindle.rm.whatif.WorkloadRecording.start(yarnConf, clock.getTime())
        .orElse(null);
    if (recorder != null) {
      core.recordWorkload(recorder);
    }
    if (recovery.enabled()) {
      long replayStart = System.nanoTime();
      core.recover(recovery.records(), recovery.epoch(),
          RecoveryService.workPreserving(yarnConf)
              ? RmCore.RecoveryMode.workPreserving(RecoveryService.schedulingWaitMs(yarnConf))
              : RmCore.RecoveryMode.NON_WORK_PRESERVING);
      // What recovery decided (attempts lost to the restart, ...) is stored before serving.
      sink.flush().join();
      LOG.info("Core recovered {} records in {} ms", recovery.records().size(),
          (System.nanoTime() - replayStart) / 1_000_000);
    }
    launcher.setOutcomes(new AmLauncherPool.Outcomes() {
      @Override
      public void launched(ApplicationAttemptId id) {
        loop.post(() -> core.amLaunched(id));
      }

      @Override
      public void failed(ApplicationAttemptId id,
          String diagnostics) {
        loop.post(() -> core.amLaunchFailed(id, diagnostics));
      }
    });

    long tokensStart = System.nanoTime();
    clientService = new ClientRmService(loop, core, clock, schedulerSettings,
        recovery.delegationTokens(yarnConf));
    LOG.info("Delegation tokens ready in {} ms", (System.nanoTime() - tokensStart) / 1_000_000);
    metrics = new RmMetrics(yarnConf);
    wireOfferMetrics();
    clientService.measureWith(metrics.submitApplication());
    addService(clientService);
    AmRmService amRm = new AmRmService(loop, core, amrmTokens, schedulerSettings,
        new AmRmRecords(containerTokens, nmTokens));
    amRm.measureWith(metrics.allocate());
    addService(amRm);
    ResourceTrackerService tracker =
        new ResourceTrackerService(loop, core, containerTokens, nmTokens);
    tracker.measureWith(metrics.nodeHeartbeat());
    addService(tracker);
    if (recovery.enabled()) {
      metrics.observe(recovery.writer());
    }
    queues = new QueueService(yarnConf, scheduler, loop, core, clock);
    dryRun = new dev.spindle.rm.queues.QueueDryRun(schedulerName(yarnConf), schedulerSettings,
        groups, scheduler, SchedulerFiles.of(yarnConf), core);
    adminServer = new AdminServer(new RmAdminProtocol(yarnConf, loop, core, queues, groups));
    addService(adminServer);
    // yarn.log-aggregation.retain-seconds: the stock deletion service (hadoop-yarn-common),
    // which asks this RM whether an app is still running. Stock runs it in the JobHistory
    // server; Spindle has none, so the (active) RM runs it. Last, so the client port is bound.
    addService(new AggregatedLogDeletionService());
    super.serviceInit(yarnConf);
  }

  /** The queue-policy service (refreshes, Fair file reloads); null before init. */
  public QueueService queues() {
    return queues;
  }

  /** The admin RPC server, where other admin protocols (HA) can be added. */
  public AdminServer adminServer() {
    return adminServer;
  }

  /** Offer mode's counts go to the metrics' offer families. */
  private void wireOfferMetrics() {
    var offers = metrics.offers();
    core.offerListener(new dev.spindle.rm.core.OfferListener() {
      @Override
      public void made() {
        offers.made().inc();
      }

      @Override
      public void accepted() {
        offers.accepted().inc();
      }

      @Override
      public void declined() {
        offers.declined().inc();
      }

      @Override
      public void rescinded() {
        offers.rescinded().inc();
      }
    });
    offers.outstanding(core::outstandingOffers);
  }

  /** This RM's metrics (offer mode registers its counters here); null before init. */
  public RmMetrics metrics() {
    return metrics;
  }

  @Override
  protected void serviceStart() throws Exception {
    // First sample before serving, so the stock beans exist once clients can connect.
    metrics.start(loop, core);
    super.serviceStart();
    startedOn = clock.getTime();
    RmSettings s = core.settings();
    long period = Math.max(10, Math.min(1000, Math.min(s.nmExpiryMs(), s.amExpiryMs()) / 3));
    loop.every(period, core::checkLiveness);
    queues.start();
    LOG.info("Spindle ResourceManager started: client {}, scheduler {}, tracker {}, web {}",
        getConfig().get(YarnConfiguration.RM_ADDRESS),
        getConfig().get(YarnConfiguration.RM_SCHEDULER_ADDRESS),
        getConfig().get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS),
        getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
  }

  @Override
  protected void serviceStop() throws Exception {
    try {
      super.serviceStop();
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      if (loop != null) {
        loop.close();
      }
      if (launcher != null) {
        launcher.close();
      }
      if (recorder != null) {
        recorder.stop(clock.getTime());
      }
      if (recovery != null) {
        recovery.close();
      }
    }
  }

  /** The RM's own machinery at a glance; safe from any thread. */
  public RmInternals internals() {
    var writer = recovery == null || !recovery.enabled() ? null : recovery.writer();
    return new RmInternals(loop.queued(), loop.parkedReplies(), launcher.queuedLaunches(),
        launcher.droppedLaunches(), writer == null ? 0 : writer.queuedRecords(),
        writer == null ? 0 : writer.writtenRecords(), writer == null ? 0 : writer.commits());
  }

  /** What the web layer reads of this RM, or null until it has started (and after stop). */
  public ActiveRm webView() {
    if (getServiceState() != Service.STATE.STARTED) {
      return null;
    }
    return new ActiveRm() {
      @Override
      public ApplicationClientProtocol client() {
        return clientService;
      }

      @Override
      public long clusterTimestamp() {
        return core.settings().clusterTimestamp();
      }

      @Override
      public long startedOn() {
        return startedOn;
      }

      @Override
      public String schedulerType() {
        return schedulerType;
      }

      @Override
      public RmInternals internals() {
        return SpindleResourceManager.this.internals();
      }

      @Override
      public dev.spindle.rm.queues.QueueCheckReport checkQueues(Map<String, byte[]> files)
          throws YarnException {
        return Refusals.call(loop, () -> dryRun.check(files));
      }

      @Override
      public RmMetrics metrics() {
        return metrics;
      }

      @Override
      public String internalState(ApplicationId id) throws YarnException {
        return Refusals.call(loop, () -> core.internalState(id));
      }

      @Override
      public dev.spindle.rm.core.AppExplanation explain(ApplicationId id, String user)
          throws YarnException {
        UserGroupInformation caller = UserGroupInformation.createRemoteUser(user);
        return Refusals.call(loop, () -> core.explain(id, caller));
      }

      @Override
      public java.util.List<dev.spindle.rm.core.AppExplanation> explainWaiting(String user)
          throws YarnException {
        UserGroupInformation caller = UserGroupInformation.createRemoteUser(user);
        return Refusals.call(loop, () -> core.explainWaiting(caller));
      }

      @Override
      public AppCounters appCounters() throws YarnException {
        return Refusals.call(loop, core::appCounters);
      }

      @Override
      public Map<ApplicationAttemptId, ContainerReport> amContainers(
          Collection<ApplicationAttemptId> attempts) throws YarnException {
        Map<ApplicationAttemptId, ContainerReport> out = new java.util.HashMap<>();
        Refusals.call(loop, () -> core.amContainers(attempts))
            .forEach((id, c) -> out.put(id, dev.spindle.rm.rpc.ReportRecords.container(c)));
        return out;
      }

      @Override
      public dev.spindle.rm.core.OfferViews offerViews(String user) throws YarnException {
        UserGroupInformation caller = UserGroupInformation.createRemoteUser(user);
        return Refusals.call(loop, () -> core.offerViews(caller));
      }

      @Override
      public Map<ApplicationId, dev.spindle.rm.core.Usage> usages(
          Collection<ApplicationId> apps) throws YarnException {
        return Refusals.call(loop, () -> core.usages(apps));
      }
    };
  }

  /** The web server's view when this RM owns it (HA off): always the active RM. */
  private WebBackend localWebBackend() {
    return new WebBackend() {
      @Override
      public ActiveRm active() {
        return webView();
      }

      @Override
      public HAServiceState haState() {
        return HAServiceState.ACTIVE;
      }

      @Override
      public String activeWebBase() {
        return null;
      }
    };
  }

  /** The stock REST name of the scheduler type. */
  static String webSchedulerType(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.contains("fair")) {
      return "fairScheduler";
    }
    return n.contains("fifo") ? "fifoScheduler" : "capacityScheduler";
  }

  /** The durable side (store, recovered records); available after init. */
  public RecoveryService recovery() {
    return recovery;
  }

  /** The policy named by yarn.resourcemanager.scheduler.class: a Spindle or stock name. */
  public static String schedulerName(Configuration conf) {
    return conf.getTrimmed(YarnConfiguration.RM_SCHEDULER,
        YarnConfiguration.DEFAULT_RM_SCHEDULER);
  }

  public static SchedulerSettings schedulerSettings(Configuration conf) {
    ResourceVector min = ResourceVector.of(
        conf.getLong(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
            YarnConfiguration.DEFAULT_RM_SCHEDULER_MINIMUM_ALLOCATION_MB),
        conf.getInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_VCORES,
            YarnConfiguration.DEFAULT_RM_SCHEDULER_MINIMUM_ALLOCATION_VCORES));
    ResourceVector max = ResourceVector.of(
        conf.getLong(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB,
            YarnConfiguration.DEFAULT_RM_SCHEDULER_MAXIMUM_ALLOCATION_MB),
        conf.getInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES,
            YarnConfiguration.DEFAULT_RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES));
    // FIFO and Capacity round to the minimum; Fair to its own increment (yarn-compat 8.1).
    // Each policy then picks its calculator (Capacity's resource-calculator, Fair's DRF).
    ResourceVector step = min;
    String name = schedulerName(conf);
    if (name.equals("fair") || name.equals(SchedulerRegistry.STOCK_FAIR)
        || name.equals(dev.spindle.scheduler.FairScheduler.class.getName())) {
      step = ResourceVector.of(
          conf.getLong("yarn.resource-types.memory-mb.increment-allocation",
              conf.getLong("yarn.scheduler.increment-allocation-mb", 1024)),
          conf.getInt("yarn.resource-types.vcores.increment-allocation",
              conf.getInt("yarn.scheduler.increment-allocation-vcores", 1)));
    }
    return new SchedulerSettings(min, ResourceConverter.withTypeMaximums(max), step,
        SchedulerSettings.Calculator.MEMORY);
  }
}
