package dev.spindle.mini;

import dev.spindle.nm.SpindleNodeManager;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.ha.HaResourceManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one daemon on its own, configured from a Hadoop configuration directory the way the
 * stock daemons are ({@code --conf-dir}, else {@code HADOOP_CONF_DIR}), until SIGTERM.
 */
abstract class DaemonCommand implements Callable<Integer> {

  @Option(names = "--conf-dir",
      description = "Hadoop configuration directory (default: $HADOOP_CONF_DIR).")
  Path confDir;

  /**
   * Checks what only this daemon knows about {@code conf} (and settles derived values in it)
   * before any port is bound.
   */
  void prepare(YarnConfiguration conf) throws ConfDir.BadConfigException {}

  abstract Service createService();

  abstract String displayName();

  /** Address keys with fixed ports this daemon will bind. */
  abstract List<String> boundAddressKeys();

  @Override
  public Integer call() throws Exception {
    Path dir = confDir;
    if (dir == null && System.getenv("HADOOP_CONF_DIR") != null) {
      dir = Path.of(System.getenv("HADOOP_CONF_DIR"));
    }
    YarnConfiguration conf = ConfDir.load(dir);
    prepare(conf);
    PortCheck.checkFree(conf, boundAddressKeys());
    Service service = createService();
    service.init(conf);
    service.start();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean signalled = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signalled.set(true);
      service.stop();
      stopped.countDown();
    }, "spindle-shutdown"));
    System.out.println(displayName() + " started"
        + (dir == null ? " with the built-in defaults" : " from " + ConfDir.describe(dir)));
    service.waitForServiceToStop(Long.MAX_VALUE);
    if (signalled.get()) {
      stopped.await();
      return 0;
    }
    // Stopped by itself (a decommissioned NodeManager told to shut down): the process ends
    // too, as the stock daemons' do, instead of lingering with nothing running.
    Throwable failure = service.getFailureCause();
    System.out.println(displayName() + " stopped: "
        + (failure != null ? failure.toString() : whyStopped(service)));
    return failure == null ? 0 : 1;
  }

  /** Why the service stopped when nobody asked it to (no failure recorded). */
  String whyStopped(Service service) {
    return "the service stopped";
  }

  @Command(name = "resourcemanager", mixinStandardHelpOptions = true,
      description = "Run the Spindle ResourceManager daemon (an HA member when"
          + " yarn.resourcemanager.ha.enabled is true).")
  static final class ResourceManagerCommand extends DaemonCommand {
    /** This RM's id in an HA group, or null for a single RM. */
    private String rmId;

    /** With HA on, finds this RM's id and its addresses as the stock RM does. */
    @Override
    void prepare(YarnConfiguration conf) throws ConfDir.BadConfigException {
      if (HAUtil.isHAEnabled(conf)) {
        rmId = RmHaConfig.resolve(conf);
      }
    }

    /**
     * An HA member keeps its admin (HAServiceProtocol) and web ports up in every state and
     * runs the RM's services only while active; a single RM runs them all the time.
     */
    @Override
    Service createService() {
      return rmId == null ? new SpindleResourceManager() : new HaResourceManager();
    }

    @Override
    String displayName() {
      return rmId == null ? "Spindle ResourceManager"
          : "Spindle ResourceManager " + rmId + " (HA; standby until it becomes active)";
    }

    @Override
    List<String> boundAddressKeys() {
      return List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
          YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
          YarnConfiguration.RM_WEBAPP_ADDRESS);
    }
  }

  @Command(name = "nodemanager", mixinStandardHelpOptions = true,
      description = "Run the Spindle NodeManager daemon.")
  static final class NodeManagerCommand extends DaemonCommand {
    @Override
    Service createService() {
      return new SpindleNodeManager();
    }

    /**
     * The RM's SHUTDOWN (decommissioned, or unknown to it). The stock NodeManager exits with
     * status 0 then ({@code NodeManager#handle}, SHUTDOWN, {@code NodeManagerStatus.NO_ERROR}).
     */
    @Override
    String whyStopped(Service service) {
      String diagnostics = ((SpindleNodeManager) service).getRmShutdownDiagnostics();
      return diagnostics != null ? diagnostics : super.whyStopped(service);
    }

    @Override
    String displayName() {
      return "Spindle NodeManager";
    }

    @Override
    List<String> boundAddressKeys() {
      return List.of(YarnConfiguration.NM_ADDRESS, YarnConfiguration.NM_WEBAPP_ADDRESS);
    }
  }
}
