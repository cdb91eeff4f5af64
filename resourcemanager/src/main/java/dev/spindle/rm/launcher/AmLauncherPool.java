package dev.spindle.rm.launcher;

import dev.spindle.rm.core.AmLauncher;
import dev.spindle.rm.core.ContainerGrant;
import dev.spindle.rm.rpc.AmRmRecords;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputByteBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainerRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.protocolrecords.StopContainersRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.SerializedException;
import org.apache.hadoop.yarn.client.NMProxy;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops AM containers on NodeManagers through ContainerManagementProtocol, on a
 * small thread pool so the core thread never waits on an NM (yarn-compat 7.1). Calls go as
 * remote user {@code <attemptId>} with an NM token for (attempt, node, submitter); the AMRM
 * token is added to the container's credentials.
 *
 * <p>Launches wait in a bounded queue ({@value #QUEUE_CAPACITY_KEY}) whose depth is visible
 * ({@link #queuedLaunches}). A launch whose attempt ended while it waited is dropped, not
 * carried out late: stopping the AM of an attempt whose launch has not started cancels the
 * launch and needs no NodeManager call. (The stock launcher starts every queued AM, so a storm
 * of submissions killed at once still launches each AM, seconds late.)
 */
public final class AmLauncherPool implements AmLauncher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AmLauncherPool.class);

  /** Where launch outcomes go (the core, through its event loop). */
  public interface Outcomes {
    void launched(ApplicationAttemptId attemptId);

    void failed(ApplicationAttemptId attemptId, String diagnostics);
  }

  private final Configuration conf;
  private final NmTokenSecretManager nmTokens;
  /** Builds the AM container's record and token from its grant, on a launcher thread. */
  private final AmRmRecords records;
  /** Launches waiting to start, at most this many (more fail the attempt's launch). */
  public static final String QUEUE_CAPACITY_KEY = "spindle.rm.am-launcher.queue-capacity";
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  private final ExecutorService pool;
  private final int capacity;
  /** Launches queued and not yet started; a stop removes its attempt's entry (cancels it). */
  private final Map<ApplicationAttemptId, LaunchRequest> queued = new ConcurrentHashMap<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile Outcomes outcomes;

  public AmLauncherPool(Configuration conf, ContainerTokenSecretManager containerTokens,
      NmTokenSecretManager nmTokens) {
    this(conf, containerTokens, nmTokens, null);
  }

  /** As above, running tasks on {@code executor} when given (tests hold it to queue work). */
  AmLauncherPool(Configuration conf, ContainerTokenSecretManager containerTokens,
      NmTokenSecretManager nmTokens, ExecutorService executor) {
    this.conf = new Configuration(conf);
    // The stock launcher counts socket-timeout retries with this key (yarn-compat 7.1).
    this.conf.setInt(
        org.apache.hadoop.fs.CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_ON_SOCKET_TIMEOUTS_KEY,
        conf.getInt(YarnConfiguration.RM_NODEMANAGER_CONNECT_RETRIES,
            YarnConfiguration.DEFAULT_RM_NODEMANAGER_CONNECT_RETRIES));
    this.nmTokens = nmTokens;
    this.records = new AmRmRecords(containerTokens, nmTokens);
    this.capacity = Math.max(1, conf.getInt(QUEUE_CAPACITY_KEY, DEFAULT_QUEUE_CAPACITY));
    if (executor != null) {
      this.pool = executor;
      return;
    }
    int threads = Math.max(1, Math.min(conf.getInt(YarnConfiguration.RM_AMLAUNCHER_THREAD_COUNT,
        YarnConfiguration.DEFAULT_RM_AMLAUNCHER_THREAD_COUNT), 50));
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "spindle-am-launcher-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
  }

  public void setOutcomes(Outcomes outcomes) {
    this.outcomes = outcomes;
  }

  /** Launches queued and not yet started. */
  public int queuedLaunches() {
    return queued.size();
  }

  /** Launches dropped because their attempt ended before they started. */
  public int droppedLaunches() {
    return dropped.get();
  }

  @Override
  public void launch(LaunchRequest request) {
    ApplicationAttemptId id = request.attemptId();
    if (queued.size() >= capacity) {
      // The core is told like any failed launch: the attempt fails and the app may retry.
      outcomes.failed(id, "the ResourceManager's AM launcher has " + queued.size()
          + " launches queued, its limit (" + QUEUE_CAPACITY_KEY + ")");
      return;
    }
    queued.put(id, request);
    pool.execute(() -> {
      if (!queued.remove(id, request)) {
        return; // stopped while it waited: the attempt is over, nothing to start
      }
      try {
        start(request);
        LOG.info("Launched AM container {} for {}", request.container().id(), id);
        outcomes.launched(id);
      } catch (Exception e) {
        LOG.warn("Launching the AM of {} failed", id, e);
        outcomes.failed(id, e.toString());
      }
    });
  }

  @Override
  public void stop(ApplicationAttemptId attemptId, ContainerGrant container) {
    LaunchRequest cancelled = queued.get(attemptId);
    if (cancelled != null && cancelled.container().id().equals(container.id())
        && queued.remove(attemptId, cancelled)) {
      dropped.incrementAndGet();
      LOG.info("Dropped the queued launch of {}: the attempt ended before it started",
          attemptId);
      return;
    }
    pool.execute(() -> {
      try {
        withProxy(attemptId, container.nodeId(), container.user(), proxy -> {
          proxy.stopContainers(StopContainersRequest.newInstance(List.of(container.id())));
          return null;
        });
      } catch (Exception e) {
        LOG.info("Stopping AM container {} of {}: {}", container.id(), attemptId,
            e.toString());
      }
    });
  }

  private void start(LaunchRequest request) throws Exception {
    Container container = records.container(request.container());
    ContainerLaunchContext ctx = launchContext(request);
    StartContainersResponse response = withProxy(request.attemptId(), container.getNodeId(),
        request.submission().user(), proxy -> proxy.startContainers(
            StartContainersRequest.newInstance(List.of(
                StartContainerRequest.newInstance(ctx, container.getContainerToken())))));
    Map<?, SerializedException> failed = response.getFailedRequests();
    if (failed != null && failed.containsKey(container.getId())) {
      Throwable t = failed.get(container.getId()).deSerialize();
      throw new YarnException(t.getMessage(), t);
    }
  }

  /** A copy of the submitted AM launch context with the RM's env and the AMRM token added. */
  private static ContainerLaunchContext launchContext(LaunchRequest request)
      throws IOException {
    ContainerLaunchContext submitted = request.submission().context().getAMContainerSpec();
    Map<String, String> env = new HashMap<>(submitted.getEnvironment());
    String appId = request.attemptId().getApplicationId().toString();
    env.put(ApplicationConstants.APPLICATION_WEB_PROXY_BASE_ENV, "/proxy/" + appId);
    env.put(ApplicationConstants.APP_SUBMIT_TIME_ENV,
        String.valueOf(request.submission().submitTime()));

    Credentials credentials = new Credentials();
    ByteBuffer tokens = submitted.getTokens();
    if (tokens != null) {
      DataInputByteBuffer in = new DataInputByteBuffer();
      in.reset(tokens.duplicate());
      credentials.readTokenStorageStream(in);
    }
    credentials.addToken(request.amrmToken().getService(), request.amrmToken());
    DataOutputBuffer out = new DataOutputBuffer();
    credentials.writeTokenStorageToStream(out);

    ContainerLaunchContext ctx = ContainerLaunchContext.newInstance(
        submitted.getLocalResources(), env, submitted.getCommands(),
        submitted.getServiceData(), ByteBuffer.wrap(out.getData(), 0, out.getLength()),
        submitted.getApplicationACLs(), submitted.getContainerRetryContext());
    ctx.setTokensConf(submitted.getTokensConf());
    return ctx;
  }

  /** One call on a node's ContainerManagementProtocol, authenticated with an NM token. */
  private <T> T withProxy(ApplicationAttemptId attemptId, NodeId node, String user,
      ProxyCall<T> call) throws Exception {
    InetSocketAddress address = NetUtils.createSocketAddrForHost(node.getHost(), node.getPort());
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(attemptId.toString());
    ugi.addToken(ConverterUtils.convertFromYarn(
        nmTokens.createNMToken(attemptId, node, user), address));
    ContainerManagementProtocol proxy = NMProxy.createNMProxy(conf,
        ContainerManagementProtocol.class, ugi, YarnRPC.create(conf), address);
    try {
      return ugi.doAs((PrivilegedExceptionAction<T>) () -> call.run(proxy));
    } finally {
      RPC.stopProxy(proxy);
    }
  }

  @FunctionalInterface
  private interface ProxyCall<T> {
    T run(ContainerManagementProtocol proxy) throws Exception;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
