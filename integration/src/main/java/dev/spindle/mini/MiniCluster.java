package dev.spindle.mini;

import dev.spindle.nm.SpindleNodeManager;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.ha.HaResourceManager;
import dev.spindle.rm.store.ZkAddress;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.service.CompositeService;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A Spindle ResourceManager and N Spindle NodeManagers in one JVM, every port chosen
 * automatically: the drop-in for {@code MiniYARNCluster}. Use it the same way:
 *
 * <pre>{@code
 * MiniCluster cluster = new MiniCluster("my-test", 2);
 * cluster.init(new YarnConfiguration());
 * cluster.start();
 * YarnClient client = YarnClient.createYarnClient();
 * client.init(cluster.getConfig());
 * ...
 * cluster.stop();
 * }</pre>
 *
 * <p>{@link #getConfig()} returns, once started, a configuration that stock clients (YarnClient,
 * MapReduce, DistributedShell) can use as it is: the RM's real addresses, and
 * {@code yarn.is.minicluster=true} so that MapReduce and DistributedShell hand the client JVM's
 * classpath to their containers, as they do on {@code MiniYARNCluster}.
 */
public class MiniCluster extends CompositeService {

  private final String testName;
  private final int numNodeManagers;
  private final int numLocalDirs;
  private final int numLogDirs;
  private final List<SpindleNodeManager> nodeManagers = new ArrayList<>();
  private SpindleResourceManager resourceManager;
  private Path baseDir;
  /** Started when recovery is on and no ZooKeeper ensemble is configured; else null. */
  private EmbeddedZooKeeper zooKeeper;
  /** Size of the HA group ({@link #withHa}); 0 runs one plain RM. */
  private int haSize;
  private final List<HaResourceManager> haResourceManagers = new ArrayList<>();
  /** Set by {@link #withResourceManagerProcess}: the RM runs in a child JVM. */
  private boolean rmInProcess;
  /** The RM daemons in child JVMs: one, or the HA group in rm-id order. */
  private final List<ResourceManagerProcess> rmProcesses = new ArrayList<>();

  public MiniCluster(String testName, int numNodeManagers) {
    this(testName, numNodeManagers, 1, 1);
  }

  public MiniCluster(String testName, int numNodeManagers, int numLocalDirs, int numLogDirs) {
    super(testName.replace('$', '_'));
    this.testName = testName.replace('$', '_');
    this.numNodeManagers = numNodeManagers;
    this.numLocalDirs = numLocalDirs;
    this.numLogDirs = numLogDirs;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    Configuration clusterConf = new YarnConfiguration(conf);
    MiniClusterDefaults.apply(clusterConf);
    baseDir = chooseBaseDir(clusterConf);
    clusterConf.set("hadoop.tmp.dir", baseDir.resolve("tmp").toString());
    clusterConf.set(MiniClusterDefaults.BASE_DIR_KEY, baseDir.toString());
    if (clusterConf.get("yarn.app.mapreduce.am.staging-dir") == null) {
      clusterConf.set("yarn.app.mapreduce.am.staging-dir", baseDir.resolve("staging").toString());
    }
    if (haSize > 0) {
      MiniHa.configure(clusterConf, haSize);
    }
    startZooKeeperIfNeeded(clusterConf);
    if (haSize > 0) {
      for (String rmId : clusterConf.getTrimmedStrings(YarnConfiguration.RM_HA_IDS)) {
        if (rmInProcess) {
          rmProcesses.add(ResourceManagerProcess.haMember(clusterConf, rmId, baseDir));
          continue;
        }
        Configuration rmConf = new YarnConfiguration(clusterConf);
        rmConf.set(YarnConfiguration.RM_HA_ID, rmId);
        HaResourceManager rm = new HaResourceManager();
        rm.init(rmConf);
        haResourceManagers.add(rm);
      }
      super.serviceInit(clusterConf);
      return;
    }
    if (rmInProcess) {
      rmProcesses.add(ResourceManagerProcess.single(clusterConf, baseDir));
      super.serviceInit(clusterConf);
      return;
    }
    resourceManager = new SpindleResourceManager();
    resourceManager.init(clusterConf);
    super.serviceInit(clusterConf);
  }

  @Override
  protected void serviceStart() throws Exception {
    if (!rmProcesses.isEmpty()) {
      for (ResourceManagerProcess rm : rmProcesses) {
        rm.start();
      }
      if (haSize > 0) {
        MiniHa.awaitActive(rmProcesses.stream().<Supplier<HAServiceState>>map(rm -> rm::haState).toList());
      }
      startNodeManagers();
      super.serviceStart();
      return;
    }
    if (haSize > 0) {
      for (HaResourceManager rm : haResourceManagers) {
        rm.start();
      }
      MiniHa.awaitActive(haResourceManagers.stream().<Supplier<HAServiceState>>map(rm -> rm::state).toList());
      startNodeManagers();
      super.serviceStart();
      return;
    }
    resourceManager.start();
    // Clients and NodeManagers need the ports the RM really bound.
    Configuration rmConf = resourceManager.getConfig();
    for (String key : MiniClusterDefaults.RM_ADDRESS_KEYS) {
      String value = rmConf.get(key);
      if (value != null) {
        getConfig().set(key, value);
      }
    }
    startNodeManagers();
    super.serviceStart();
  }

  private void startNodeManagers() throws IOException {
    publishClientConf();
    for (int i = 0; i < numNodeManagers; i++) {
      SpindleNodeManager nm = new SpindleNodeManager();
      nm.init(nodeManagerConf(i));
      nm.start();
      nodeManagers.add(nm);
    }
  }

  @Override
  protected void serviceStop() throws Exception {
    // NodeManagers first, so their containers are stopped while the RM still listens.
    List<SpindleNodeManager> reversed = new ArrayList<>(nodeManagers);
    Collections.reverse(reversed);
    for (SpindleNodeManager nm : reversed) {
      nm.stop();
    }
    if (resourceManager != null) {
      resourceManager.stop();
    }
    for (ResourceManagerProcess rm : rmProcesses) {
      rm.close();
    }
    for (HaResourceManager rm : haResourceManagers) {
      rm.stop();
    }
    if (zooKeeper != null) {
      zooKeeper.close();
    }
    super.serviceStop();
  }

  /**
   * Recovery keeps RM state in ZooKeeper: without an external ensemble named in
   * hadoop.zk.address or yarn.resourcemanager.zk-address, the cluster runs its own server
   * with its data under the base dir.
   */
  private void startZooKeeperIfNeeded(Configuration conf) throws Exception {
    boolean recovery = conf.getBoolean(YarnConfiguration.RECOVERY_ENABLED,
        YarnConfiguration.DEFAULT_RM_RECOVERY_ENABLED) || haSize > 0;
    if (!recovery || ZkAddress.of(conf) != null) {
      return;
    }
    zooKeeper = EmbeddedZooKeeper.start(baseDir.resolve("zookeeper").toFile(), 0);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zooKeeper.connectString());
  }

  /**
   * Stops the ResourceManager and starts a new one on the same addresses, as an operator
   * restarting the daemon would; NodeManagers, AMs and clients reconnect to it. The stop
   * writes nothing to the state store, so with recovery on this is what a kill -9 leaves;
   * with {@link #withResourceManagerProcess} it is a real kill -9 of the RM's JVM.
   */
  public void restartResourceManager() {
    if (!rmProcesses.isEmpty()) {
      restartResourceManagerProcess();
      return;
    }
    Configuration bound = new YarnConfiguration(resourceManager.getConfig());
    resourceManager.stop();
    resourceManager = new SpindleResourceManager();
    resourceManager.init(bound);
    resourceManager.start();
  }

  /** With {@link #withResourceManagerProcess}: SIGKILL the RM's JVM, then start a new one. */
  private void restartResourceManagerProcess() {
    try {
      rmProcesses.get(0).kill();
      rmProcesses.get(0).start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting the RM process", e);
    }
  }

  /**
   * Runs the ResourceManager as a daemon in a child JVM on fixed free ports, so that
   * {@link #restartResourceManager()} is a real kill -9 (SIGKILL) followed by a new daemon.
   * {@link #getResourceManager()} is then null. With {@link #withHa} every RM of the group is
   * such a daemon and {@link #killActiveResourceManager()} kills the active one's JVM.
   * Call before init.
   */
  public MiniCluster withResourceManagerProcess() {
    this.rmInProcess = true;
    return this;
  }

  /**
   * Runs {@code resourceManagers} RMs (rm1, rm2...) as an HA group with automatic failover and
   * recovery, on fixed free ports (clients need every RM's address up front). Call before
   * init.
   */
  public MiniCluster withHa(int resourceManagers) {
    this.haSize = resourceManagers;
    return this;
  }

  /** The HA group's rm-ids (rm1, rm2...), in order; empty without {@link #withHa}. */
  public List<String> getRmIds() {
    if (haSize == 0) {
      return List.of();
    }
    return List.of(getConfig().getTrimmedStrings(YarnConfiguration.RM_HA_IDS));
  }

  /**
   * The HA state RM {@code i} of the group reports: asked on its admin port when it runs in a
   * child process ({@link #withResourceManagerProcess}), else read from it; INITIALIZING while
   * it is down.
   */
  public HAServiceState getHaState(int i) {
    if (!rmProcesses.isEmpty()) {
      return rmProcesses.get(i).haState();
    }
    HaResourceManager rm = haResourceManagers.get(i);
    return rm.getServiceState() == STATE.STARTED ? rm.state() : HAServiceState.INITIALIZING;
  }

  /** The HA group's RMs, in rm-id order (empty without {@link #withHa}). */
  public List<HaResourceManager> getHaResourceManagers() {
    return haResourceManagers;
  }

  /**
   * Stops the active RM of the HA group abruptly (no store writes, its election node goes at
   * once) and returns its index; the others elect a new active. With
   * {@link #withResourceManagerProcess} it is a kill -9 of the active's JVM: its election
   * session is left to expire or to be noticed by the standby's dead-leader probe.
   */
  public int killActiveResourceManager() {
    for (int i = 0; i < rmProcesses.size(); i++) {
      if (rmProcesses.get(i).haState() == HAServiceState.ACTIVE) {
        try {
          rmProcesses.get(i).kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while killing the active RM", e);
        }
        return i;
      }
    }
    for (int i = 0; i < haResourceManagers.size(); i++) {
      HaResourceManager rm = haResourceManagers.get(i);
      if (rm.state() == HAServiceState.ACTIVE) {
        rm.stop();
        return i;
      }
    }
    throw new IllegalStateException("no active ResourceManager");
  }

  /** The embedded ZooKeeper's address, or null when the cluster uses none or an external one. */
  public String getEmbeddedZooKeeperAddress() {
    return zooKeeper == null ? null : zooKeeper.connectString();
  }

  /**
   * Writes the client configuration to {@code <base>/conf/yarn-site.xml} and puts that
   * directory on {@code yarn.application.classpath}.
   *
   * <p>Rationale: ApplicationMasters such as DistributedShell's build their configuration
   * from {@code yarn-site.xml} on their classpath. Stock tests write it into
   * {@code target/test-classes} by hand; here the directory reaches every container through
   * the classpath that DistributedShell and MapReduce compose from this key.
   */
  private void publishClientConf() throws IOException {
    Path confDir = Files.createDirectories(baseDir.resolve("conf"));
    Configuration conf = getConfig();
    if (conf.get(YarnConfiguration.YARN_APPLICATION_CLASSPATH) == null
        || isDefault(conf, YarnConfiguration.YARN_APPLICATION_CLASSPATH)) {
      conf.set(YarnConfiguration.YARN_APPLICATION_CLASSPATH, confDir.toString());
    }
    try (java.io.OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
  }

  private static boolean isDefault(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources != null && sources.length > 0 && sources[0].endsWith("-default.xml");
  }

  /** The directory holding the cluster's client configuration (yarn-site.xml). */
  public Path getConfDir() {
    return baseDir.resolve("conf");
  }

  /** The configuration of NodeManager {@code i}: its own dirs, ephemeral ports, localhost. */
  private Configuration nodeManagerConf(int i) throws IOException {
    Configuration conf = new YarnConfiguration(getConfig());
    Path nmDir = baseDir.resolve("nm-" + i);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, dirs(nmDir, "local", numLocalDirs));
    conf.set(YarnConfiguration.NM_LOG_DIRS, dirs(nmDir, "logs", numLogDirs));
    conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
    // The NodeId host; yarn-default.xml knows the key but YarnConfiguration has no constant.
    conf.set("yarn.nodemanager.hostname", "localhost");
    return conf;
  }

  private static String dirs(Path parent, String prefix, int count) throws IOException {
    List<String> dirs = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      Path dir = Files.createDirectories(parent.resolve(prefix + "-" + d));
      dirs.add(dir.toString());
    }
    return String.join(",", dirs);
  }

  private Path chooseBaseDir(Configuration conf) throws IOException {
    String configured = conf.get(MiniClusterDefaults.BASE_DIR_KEY);
    if (configured != null) {
      return Files.createDirectories(Path.of(configured));
    }
    // Like MiniYARNCluster: under target/ when run from a Maven module, else a temp dir.
    File target = new File("target");
    if (target.isDirectory()) {
      return Files.createDirectories(
          target.toPath().toAbsolutePath().resolve(testName + "-" + System.nanoTime()));
    }
    return Files.createTempDirectory("spindle-" + testName + "-");
  }

  public SpindleResourceManager getResourceManager() {
    return resourceManager;
  }

  public SpindleNodeManager getNodeManager(int i) {
    return nodeManagers.get(i);
  }

  public int getNumNodeManagers() {
    return nodeManagers.size();
  }

  /** The directory holding every daemon's local, log and temporary files. */
  public Path getBaseDir() {
    return baseDir;
  }

  public String getTestName() {
    return testName;
  }
}
