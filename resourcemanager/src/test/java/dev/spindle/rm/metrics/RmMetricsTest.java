package dev.spindle.rm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.metrics.PromTools;
import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.rpc.TestNode;
import dev.spindle.rm.web.Http;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stock JMX beans and the Prometheus page after a known workload on a real RM over real
 * RPC: two nodes of 8 GB, one application running with its AM and two 1 GB containers, one
 * killed. Values are read through the platform MBean server, through /jmx and through /prom
 * parsed by real Prometheus parsers.
 */
class RmMetricsTest {

  private static final String CLUSTER = "Hadoop:service=ResourceManager,name=ClusterMetrics";
  private static final String ROOT = "Hadoop:service=ResourceManager,name=QueueMetrics,q0=root";
  private static final String DEFAULT = ROOT + ",q1=default";
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private SpindleResourceManager rm;
  private YarnConfiguration conf;
  private YarnClient client;
  private TestNode first;
  private TestNode second;
  private AMRMClient<ContainerRequest> amrm;
  private UserGroupInformation am;

  @BeforeEach
  void start() throws Exception {
    YarnConfiguration base = TestConf.ephemeral();
    base.setLong(RmMetrics.SAMPLE_INTERVAL_KEY, 50);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
  }

  @AfterEach
  void stop() {
    if (amrm != null) {
      amrm.stop();
    }
    for (TestNode n : new TestNode[] {first, second}) {
      if (n != null) {
        n.close();
      }
    }
    client.stop();
    rm.stop();
  }

  /**
   * Two nodes, each heartbeating once; app 1 running (AM + 2 containers of 1 GB); app 2
   * submitted, then killed.
   */
  private void workload() throws Exception {
    first = new TestNode(conf, 8192);
    ApplicationId running = submit();
    am = UserGroupInformation.createRemoteUser("am");
    am.addCredentials(first.awaitAmCredentials());
    second = new TestNode(conf, 8192);
    amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    am.doAs((PrivilegedExceptionAction<Void>) () -> {
      amrm.start();
      amrm.registerApplicationMaster("am-host", 1234, "");
      return null;
    });
    amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1), null, null,
        Priority.newInstance(1)));
    amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1), null, null,
        Priority.newInstance(1)));
    int allocated = am.doAs((PrivilegedExceptionAction<Integer>)
        () -> amrm.allocate(0.1f).getAllocatedContainers().size());
    assertEquals(2, allocated);
    // Two heartbeats in all (TestNodes only beat when told).
    first.heartbeat();
    second.heartbeat();
    ApplicationId killed = submit();
    client.killApplication(killed);
    assertEquals(YarnApplicationState.KILLED,
        client.getApplicationReport(killed).getYarnApplicationState());
    assertEquals(YarnApplicationState.RUNNING,
        client.getApplicationReport(running).getYarnApplicationState());
  }

  private ApplicationId submit() throws Exception {
    ApplicationSubmissionContext ctx =
        client.createApplication().getApplicationSubmissionContext();
    ctx.setApplicationName("metrics");
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 1"), null, null, null));
    client.submitApplication(ctx);
    return ctx.getApplicationId();
  }

  @Test
  void stockBeansCarryTheWorkloadInJmxAndInTheJmxServlet() throws Exception {
    workload();
    String user = UserGroupInformation.getCurrentUser().getShortUserName();
    // The beans are refreshed from the core every 50 ms: wait for the workload to show.
    awaitAttribute(DEFAULT, "AllocatedMB", 3072L);
    awaitAttribute(DEFAULT, "AppsKilled", 1);

    assertEquals(2, attr(CLUSTER, "NumActiveNMs"));
    assertEquals(0, attr(CLUSTER, "NumLostNMs"));
    assertEquals(0, attr(CLUSTER, "NumDecommissionedNMs"));
    assertEquals(0, attr(CLUSTER, "NumUnhealthyNMs"));
    assertEquals(0, attr(CLUSTER, "NumRebootedNMs"));
    assertEquals(0, attr(CLUSTER, "NumShutdownNMs"));
    assertEquals(0, attr(CLUSTER, "NumDecommissioningNMs"));
    assertEquals(16384L, attr(CLUSTER, "CapabilityMB"));
    assertEquals("yarn", attr(CLUSTER, "tag.Context"));

    for (String queue : List.of(ROOT, DEFAULT, DEFAULT + ",user=" + user)) {
      assertEquals(2, attr(queue, "AppsSubmitted"), queue);
      assertEquals(1, attr(queue, "AppsRunning"), queue);
      assertEquals(0, attr(queue, "AppsPending"), queue);
      assertEquals(0, attr(queue, "AppsCompleted"), queue);
      assertEquals(1, attr(queue, "AppsKilled"), queue);
      assertEquals(0, attr(queue, "AppsFailed"), queue);
      assertEquals(3072L, attr(queue, "AllocatedMB"), queue);
      assertEquals(3, attr(queue, "AllocatedVCores"), queue);
      assertEquals(3, attr(queue, "AllocatedContainers"), queue);
      assertEquals(13312L, attr(queue, "AvailableMB"), queue);
      assertEquals(0L, attr(queue, "PendingMB"), queue);
      assertEquals(0L, attr(queue, "ReservedMB"), queue);
    }
    assertEquals("root.default", attr(DEFAULT, "tag.Queue"));
    assertEquals(user, attr(DEFAULT + ",user=" + user, "tag.User"));

    // Hadoop's own sources under the same service: JvmMetrics and the RPC servers' beans.
    assertNotNull(attr("Hadoop:service=ResourceManager,name=JvmMetrics", "MemHeapUsedM"));
    int clientPort = NetUtils.createSocketAddr(conf.get(YarnConfiguration.RM_ADDRESS)).getPort();
    assertNotNull(attr("Hadoop:service=ResourceManager,name=RpcActivityForPort" + clientPort,
        "RpcQueueTimeNumOps"));

    // The same through HttpServer2's /jmx.
    Http http = new Http(conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
    JsonNode bean = Http.parse(http.get("/jmx?qry="
        + URLEncoder.encode(DEFAULT, StandardCharsets.UTF_8)).body()).get("beans").get(0);
    assertEquals(DEFAULT, bean.get("name").asText());
    assertEquals(2, bean.get("AppsSubmitted").asInt());
    assertEquals(3072, bean.get("AllocatedMB").asLong());
    assertEquals("root.default", bean.get("tag.Queue").asText());
    JsonNode cluster = Http.parse(http.get("/jmx?qry="
        + URLEncoder.encode(CLUSTER, StandardCharsets.UTF_8)).body()).get("beans").get(0);
    assertEquals(2, cluster.get("NumActiveNMs").asInt());
  }

  @Test
  void thePrometheusPageParsesAndCarriesStockAndSpindleFamilies() throws Exception {
    PromTools.assumePromtool();
    PromTools.assumePythonParser();
    workload();
    awaitAttribute(DEFAULT, "AllocatedMB", 3072L);
    awaitAttribute(DEFAULT, "AppsKilled", 1);
    Http http = new Http(conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
    var response = http.get("/prom");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String page = response.body();

    // Prometheus' own parser accepts it; its lint may only find stock's names (counters
    // without _total, as stock's sink writes them), never Spindle's.
    for (String finding : PromTools.promtoolFindings(page)) {
      assertFalse(finding.startsWith("spindle_"), finding);
    }

    List<PromTools.Sample> samples = PromTools.parse(page);
    assertEquals(2.0, value(samples, "cluster_metrics_num_active_n_ms", Map.of()));
    assertEquals(0.0, value(samples, "cluster_metrics_num_lost_n_ms", Map.of()));
    assertEquals(2.0, value(samples, "queue_metrics_apps_submitted",
        Map.of("queue", "root.default", "context", "yarn")));
    assertEquals(1.0, value(samples, "queue_metrics_apps_killed", Map.of("queue", "root")));
    assertEquals(3072.0, value(samples, "queue_metrics_allocated_mb",
        Map.of("queue", "root.default")));
    assertEquals("counter", sample(samples, "queue_metrics_apps_submitted", Map.of()).type());
    assertEquals("gauge", sample(samples, "queue_metrics_allocated_mb", Map.of()).type());

    // Spindle's own families.
    assertEquals(2.0, value(samples, "spindle_rm_submit_application_seconds_count", Map.of()));
    assertTrue(value(samples, "spindle_rm_allocate_seconds_count", Map.of()) >= 1);
    assertEquals(2.0, value(samples, "spindle_rm_node_heartbeat_seconds_count", Map.of()));
    assertTrue(value(samples, "spindle_rm_scheduling_pass_seconds_count", Map.of()) >= 1);
    assertEquals("summary", sample(samples, "spindle_rm_allocate_seconds",
        Map.of("quantile", "0.99")).type());
    assertTrue(value(samples, "spindle_rm_event_loop_queue_depth", Map.of()) >= 0);
    assertTrue(value(samples, "spindle_rm_event_loop_lag_seconds", Map.of()) >= 0);
    assertEquals(0.0, value(samples, "spindle_rm_state_store_write_failures_total", Map.of()));
    assertEquals(0.0, value(samples, "spindle_rm_offers_outstanding", Map.of()));
    for (String offers : List.of("made", "accepted", "declined", "rescinded")) {
      assertEquals(0.0, value(samples, "spindle_rm_offers_" + offers + "_total", Map.of()));
    }
    // Hadoop's metrics2 sources, named as stock's PrometheusMetricsSink names them.
    assertTrue(value(samples, "jvm_metrics_mem_heap_used_m", Map.of()) > 0);
    int clientPort = NetUtils.createSocketAddr(conf.get(YarnConfiguration.RM_ADDRESS)).getPort();
    assertTrue(value(samples, "rpc_rpc_queue_time_num_ops",
        Map.of("port", String.valueOf(clientPort))) >= 2);
  }

  @Test
  void offerCountsShowAsRegistered() throws Exception {
    PromTools.assumePythonParser();
    RmMetrics metrics = rm.metrics();
    metrics.offers().made().inc(3);
    metrics.offers().accepted().inc(2);
    metrics.offers().declined().inc();
    metrics.offers().outstanding(() -> 1);
    List<PromTools.Sample> samples = PromTools.parse(metrics.prometheus());
    assertEquals(3.0, value(samples, "spindle_rm_offers_made_total", Map.of()));
    assertEquals(2.0, value(samples, "spindle_rm_offers_accepted_total", Map.of()));
    assertEquals(1.0, value(samples, "spindle_rm_offers_declined_total", Map.of()));
    assertEquals(0.0, value(samples, "spindle_rm_offers_rescinded_total", Map.of()));
    assertEquals(1.0, value(samples, "spindle_rm_offers_outstanding", Map.of()));
  }

  @Test
  void aStoppedRmTakesItsBeansOutAndASecondRmInTheJvmDoesNotCollide() throws Exception {
    SpindleResourceManager other = new SpindleResourceManager();
    other.init(TestConf.ephemeral());
    other.start();
    try {
      // The first RM keeps the stock names; the second gets stock's mini-cluster suffix.
      assertEquals(0, attr(CLUSTER, "NumActiveNMs"));
      assertEquals(0, attr(CLUSTER + "-1", "NumActiveNMs"));
      assertTrue(JMX.isRegistered(new ObjectName(DEFAULT + "-1")));
    } finally {
      other.stop();
    }
    assertFalse(JMX.isRegistered(new ObjectName(CLUSTER + "-1")));
    assertFalse(JMX.isRegistered(new ObjectName(DEFAULT + "-1")));
    assertTrue(JMX.isRegistered(new ObjectName(CLUSTER)));
    rm.stop();
    assertTrue(JMX.queryNames(new ObjectName(
        "Hadoop:service=ResourceManager,name=QueueMetrics,*"), null).isEmpty());
    assertFalse(JMX.isRegistered(new ObjectName(CLUSTER)));
  }

  private static Object attr(String bean, String attribute) throws Exception {
    return JMX.getAttribute(new ObjectName(bean), attribute);
  }

  private static void awaitAttribute(String bean, String attribute, Object expected)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!JMX.isRegistered(new ObjectName(bean))
        || !Objects.equals(expected, attr(bean, attribute))) {
      assertTrue(System.nanoTime() < deadline, bean + " " + attribute + " never became "
          + expected + (JMX.isRegistered(new ObjectName(bean))
              ? " (is " + attr(bean, attribute) + ")" : " (no bean)"));
      Thread.sleep(20);
    }
  }

  /**
   * The sample named {@code name} whose labels include {@code labels}. The Python parser
   * reports a stock counter's sample {@code x} of family {@code x} as {@code x_total}.
   */
  static PromTools.Sample sample(List<PromTools.Sample> samples, String name,
      Map<String, String> labels) {
    List<PromTools.Sample> found = samples.stream()
        .filter(s -> s.name().equals(name)
            || s.family().equals(name) && s.name().equals(name + "_total"))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
    assertFalse(found.isEmpty(), "no sample " + name + labels);
    return found.get(0);
  }

  private static double value(List<PromTools.Sample> samples, String name,
      Map<String, String> labels) {
    return sample(samples, name, labels).value();
  }
}
