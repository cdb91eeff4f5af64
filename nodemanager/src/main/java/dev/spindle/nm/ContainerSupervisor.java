package dev.spindle.nm;

import dev.spindle.nm.aux.AuxServicesHost;
import dev.spindle.nm.container.ContainerEvent;
import dev.spindle.nm.container.NmContainer;
import dev.spindle.nm.container.NmContainerState;
import dev.spindle.nm.launch.ContainerProcess;
import dev.spindle.nm.localizer.Localizer;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.io.DataInputByteBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container manager core: accepts starts, kills and app cleanups, runs each container
 * on a worker thread ({@link ContainerRunner}) and applies the results to the container
 * table. Implements what the RM asks through heartbeats ({@link NodeCommands}).
 */
public class ContainerSupervisor implements NodeCommands, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerSupervisor.class);

  private final NmContext ctx;
  private final AuxServicesHost aux;
  private final Localizer localizer;
  private final ContainerRunner runner;
  private final java.util.function.Consumer<String> onRmShutdown;
  private final long sigkillDelayMs;
  private final ExecutorService workers;

  public ContainerSupervisor(NmContext ctx, AuxServicesHost aux, Map<String, String> nmEnv,
      java.util.function.Consumer<String> onRmShutdown) {
    this.ctx = ctx;
    this.aux = aux;
    this.localizer = new Localizer(ctx.conf(), ctx.dirs());
    this.runner = new ContainerRunner(ctx, aux, localizer, nmEnv);
    this.onRmShutdown = onRmShutdown;
    this.sigkillDelayMs = ctx.conf().getLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS,
        YarnConfiguration.DEFAULT_NM_SLEEP_DELAY_BEFORE_SIGKILL_MS);
    scheduleCacheTrim();
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "nm-container-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Keeps the localized-resource cache near its target size, on the housekeeping timer. */
  private void scheduleCacheTrim() {
    long interval = ctx.conf().getLong(YarnConfiguration.NM_LOCALIZER_CACHE_CLEANUP_INTERVAL_MS,
        YarnConfiguration.DEFAULT_NM_LOCALIZER_CACHE_CLEANUP_INTERVAL_MS);
    long targetBytes = ctx.conf().getLong(YarnConfiguration.NM_LOCALIZER_CACHE_TARGET_SIZE_MB,
        YarnConfiguration.DEFAULT_NM_LOCALIZER_CACHE_TARGET_SIZE_MB) * 1024 * 1024;
    ctx.deleter().timer().scheduleWithFixedDelay(() -> {
      try {
        int n = localizer.trim(targetBytes);
        if (n > 0) {
          LOG.info("Deleted {} unused localized resources beyond the cache target", n);
        }
      } catch (RuntimeException e) {
        LOG.warn("Localizer cache cleanup failed", e);
      }
    }, interval, interval, TimeUnit.MILLISECONDS);
  }

  public Set<String> auxServiceNames() {
    return aux.names();
  }

  public Map<String, ByteBuffer> auxMetaData() {
    return aux.metaData();
  }

  /** Accepts an authorized start: records it and hands it to a worker. */
  public void start(ContainerTokenIdentifier token, ContainerLaunchContext clc)
      throws YarnException {
    Credentials creds = parseCredentials(clc.getTokens());
    NmContainer c = new NmContainer(token, clc, creds, ctx.now());
    if (!ctx.table().add(c)) {
      throw RPCUtil.getRemoteException("Container " + token.getContainerID()
          + " already is running on this node!!");
    }
    ctx.containerTokens().recordStart(token);
    LOG.info("Start request for {} by user {}", c.getId(), c.getUser());
    workers.execute(() -> runContainer(c));
  }

  private static Credentials parseCredentials(ByteBuffer tokens) throws YarnException {
    Credentials creds = new Credentials();
    if (tokens == null) {
      return creds;
    }
    try {
      DataInputByteBuffer in = new DataInputByteBuffer();
      ByteBuffer dup = tokens.duplicate();
      dup.rewind();
      in.reset(dup);
      creds.readTokenStorageStream(in);
      return creds;
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
  }

  private void runContainer(NmContainer c) {
    ContainerEvent end;
    try {
      ctx.table().apply(c.getId(), new ContainerEvent.LocalizationStarted());
      end = runner.run(c, new ContainerRunner.ProcessStarted() {
        @Override
        public boolean mayLaunch(NmContainer nc) {
          return ctx.table().apply(nc.getId(), new ContainerEvent.LaunchRequested())
              == NmContainer.Action.LAUNCH;
        }

        @Override
        public void launched(NmContainer nc, ContainerProcess p) {
          if (ctx.table().apply(nc.getId(), new ContainerEvent.Launched(p))
              == NmContainer.Action.KILL_PROCESS) {
            killProcess(p);
          }
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = new ContainerEvent.Failed(ContainerExitStatus.ABORTED, "NodeManager interrupted");
    } catch (RuntimeException e) {
      LOG.error("Container {} failed unexpectedly", c.getId(), e);
      end = new ContainerEvent.Failed(ContainerExitStatus.INVALID, e.toString());
    }
    if (end == null) {
      // Killed before launch: LaunchRequested already completed it.
      completed(c);
    } else if (ctx.table().apply(c.getId(), end) == NmContainer.Action.COMPLETED) {
      completed(c);
    }
  }

  private void completed(NmContainer c) {
    LOG.info("Container {} completed with exit status {}", c.getId(), c.getExitCode());
    aux.containerStopped(c.getUser(), c.getId(), c.getResource(),
        c.getToken().getContainerType());
    ApplicationId app = NmDirs.appOf(c.getId());
    if (ctx.table().appDone(app)) {
      cleanupApp(app);
    }
  }

  /** stopContainers from the AM (or the RM for AM containers): -105. */
  public void stopByAm(ContainerId id) throws YarnException {
    if (ctx.table().get(id) == null) {
      if (!ctx.table().recentlyStopped(id)) {
        throw RPCUtil.getRemoteException("Container " + id
            + " is not handled by this NodeManager");
      }
      return;
    }
    kill(id, ContainerExitStatus.KILLED_BY_APPMASTER,
        "Container killed by the ApplicationMaster.");
  }

  public ContainerStatus status(ContainerId id) throws YarnException {
    ContainerStatus s = ctx.table().status(id);
    if (s != null) {
      return s;
    }
    if (ctx.table().recentlyStopped(id)) {
      throw RPCUtil.getRemoteException("Container " + id
          + " was recently stopped on node manager.");
    }
    throw RPCUtil.getRemoteException("Container " + id + " is not handled by this NodeManager");
  }

  void kill(ContainerId id, int exitStatus, String diagnostics) {
    NmContainer.Action a = ctx.table().apply(id,
        new ContainerEvent.KillRequested(exitStatus, diagnostics));
    if (a == NmContainer.Action.KILL_PROCESS) {
      NmContainer c = ctx.table().get(id);
      if (c != null && c.getProcess() != null) {
        killProcess(c.getProcess());
      }
    }
  }

  @Override
  public void signalContainers(
      List<org.apache.hadoop.yarn.api.protocolrecords.SignalContainerRequest> signals) {
    for (var request : signals) {
      NmContainer c = ctx.table().get(request.getContainerId());
      ContainerProcess p = c == null ? null : c.getProcess();
      if (p == null || !p.isAlive()) {
        LOG.info("Not signalling {}: it does not run here", request.getContainerId());
        continue;
      }
      // Stock ContainerLaunch#translateCommandToSignal.
      String signal = switch (request.getCommand()) {
        case OUTPUT_THREAD_DUMP -> "QUIT";
        case GRACEFUL_SHUTDOWN -> "TERM";
        case FORCEFUL_SHUTDOWN -> "KILL";
      };
      LOG.info("Sending SIG{} to {}", signal, request.getContainerId());
      onWorker(p, () -> p.signalGroup(signal));
    }
  }

  private void killProcess(ContainerProcess p) {
    onWorker(p, () -> p.kill(sigkillDelayMs));
  }

  /** Something that signals a process and may block on it. */
  private interface Signalling {
    void run() throws IOException, InterruptedException;
  }

  /** Signals off the caller's thread (kill waits out the grace period before SIGKILL). */
  private void onWorker(ContainerProcess p, Signalling signalling) {
    workers.execute(() -> {
      try {
        signalling.run();
      } catch (IOException e) {
        LOG.warn("Could not signal process {}: {}", p.pid(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void killContainers(List<ContainerId> ids, int exitStatus, String diagnostics) {
    for (ContainerId id : ids) {
      kill(id, exitStatus, diagnostics);
    }
  }

  @Override
  public void finishApplications(List<ApplicationId> apps) {
    for (ApplicationId app : apps) {
      List<NmContainer> live = ctx.table().finishApp(app);
      for (NmContainer c : live) {
        kill(c.getId(), ContainerExitStatus.KILLED_AFTER_APP_COMPLETION,
            "Container killed on application-finish event: Application finished");
      }
      if (ctx.table().appDone(app)) {
        cleanupApp(app);
      }
    }
  }

  /** Once per app, after its last container: aux stopApplication, forget keys, delete dirs. */
  private void cleanupApp(ApplicationId app) {
    var removed = ctx.table().removeAppIfDone(app);
    if (removed == null) {
      return;
    }
    LOG.info("Cleaning up application {}", app);
    aux.applicationStopped(app);
    ctx.nmTokens().appFinished(app);
    localizer.appFinished(removed.getUser(), app);
    List<File> dirs = new ArrayList<>(ctx.dirs().appDirs(removed.getUser(), app));
    for (File l : ctx.dirs().localDirs()) {
      dirs.add(new File(new File(l, NmDirs.NM_PRIVATE), app.toString()));
    }
    ctx.deleter().delete(dirs);
    ctx.logs().appFinished(removed);
  }

  @Override
  public void shutdownRequested(String diagnostics) {
    onRmShutdown.accept(diagnostics);
  }

  /**
   * NM stop: kill every live container and wait (bounded) for them to end, then aggregate
   * the logs of the apps still here, as the stock NM does when it cannot recover them.
   */
  public void stopAll(long waitMs) throws InterruptedException {
    for (NmContainer c : ctx.table().all()) {
      kill(c.getId(), ContainerExitStatus.ABORTED, "Container killed on NodeManager shutdown");
    }
    long deadline = System.currentTimeMillis() + waitMs;
    boolean alive = true;
    while (alive && System.currentTimeMillis() < deadline) {
      alive = ctx.table().all().stream()
          .anyMatch(c -> c.getState() != NmContainerState.COMPLETE);
      if (alive) {
        Thread.sleep(20);
      }
    }
    if (alive) {
      LOG.warn("Containers still alive after {} ms at shutdown", waitMs);
    }
    if (ctx.logs().enabled()) {
      ctx.table().apps().forEach(ctx.logs()::appFinished);
    }
  }

  @Override
  public void close() throws InterruptedException {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
    ctx.logs().close();
    ctx.deleter().close();
  }
}
