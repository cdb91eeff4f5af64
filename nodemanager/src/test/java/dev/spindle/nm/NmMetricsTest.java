package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.metrics.PromTools;
import dev.spindle.nm.metrics.NmMetrics;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock {@code Hadoop:service=NodeManager,name=NodeManagerMetrics} and the NM's /prom after
 * real containers: one exits 0, one exits 1, one is killed by the RM, one keeps running (each
 * 128 MB, 1 vcore, on a node of 8 GB and 8 vcores).
 */
class NmMetricsTest {

  private static final String BEAN = "Hadoop:service=NodeManager,name=NodeManagerMetrics";
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  @TempDir File tmp;
  private CmHarness h;
  private ContainerManagementProtocol am;
  private NmMetrics metrics;
  private NmWebServer web;

  @BeforeEach
  void setUp() throws Exception {
    Configuration conf = new Configuration();
    conf.setLong(NmMetrics.SAMPLE_INTERVAL_KEY, 50);
    h = new CmHarness(tmp, conf);
    am = h.proxy(h.attempt);
    metrics = new NmMetrics(h.conf, h.ctx.table(), () -> Resource.newInstance(8192, 8));
    metrics.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (web != null) {
      web.stop();
    }
    metrics.close();
    CmHarness.close(am);
    h.close();
  }

  private void workload() throws Exception {
    run("true");
    run("exit 1");
    ContainerId killed = start("sleep 30");
    awaitRunning(killed);
    h.supervisor.killContainers(List.of(killed), -106, "Container Killed by ResourceManager");
    assertEquals(-106, h.awaitComplete(am, killed, Duration.ofSeconds(30)).getExitStatus());
    awaitRunning(start("sleep 30"));
  }

  private void run(String command) throws Exception {
    h.awaitComplete(am, start(command), Duration.ofSeconds(30));
  }

  private ContainerId start(String command) throws Exception {
    ContainerId id = h.newContainerId();
    h.start(am, CmHarness.launchContext(List.of(command), Map.of(), Map.of(), null),
        h.containerToken(id));
    return id;
  }

  private void awaitRunning(ContainerId id) throws InterruptedException {
    StockRm.await(id + " running", Duration.ofSeconds(30), () -> {
      var c = h.ctx.table().get(id);
      return c != null && c.getProcess() != null && c.getProcess().isAlive();
    });
  }

  @Test
  void theStockBeanCountsContainersByHowTheyEnded() throws Exception {
    workload();
    StockRm.await("the bean shows 4 launches", Duration.ofSeconds(60),
        () -> Objects.equals(4, attr("ContainersLaunched")));
    assertEquals(1, attr("ContainersCompleted"));
    assertEquals(1, attr("ContainersFailed"));
    assertEquals(1, attr("ContainersKilled"));
    assertEquals(1, attr("ContainersRunning"));
    assertEquals(0, attr("ContainersIniting"));
    assertEquals(1, attr("AllocatedContainers"));
    assertEquals(1, attr("AllocatedGB"), "128 MB rounds up to 1 GB, as stock");
    assertEquals(7, attr("AvailableGB"));
    assertEquals(1, attr("AllocatedVCores"));
    assertEquals(7, attr("AvailableVCores"));
    assertEquals(1, attr("ApplicationsRunning"));
    assertEquals("yarn", attr("tag.Context"));
  }

  @Test
  void promParsesAndCarriesNodeManagerMetrics() throws Exception {
    PromTools.assumePromtool();
    PromTools.assumePythonParser();
    workload();
    web = new NmWebServer(h.ctx, metrics::prometheus);
    web.init(h.conf);
    web.start();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + h.ctx.httpPort() + "/prom"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    PromTools.promtoolFindings(r.body());
    List<PromTools.Sample> samples = PromTools.parse(r.body());
    assertEquals(4.0, value(samples, "node_manager_metrics_containers_launched"));
    assertEquals(1.0, value(samples, "node_manager_metrics_containers_killed"));
    assertEquals(1.0, value(samples, "node_manager_metrics_containers_running"));
    assertEquals(7.0, value(samples, "node_manager_metrics_available_gb"));
    assertTrue(value(samples, "jvm_metrics_mem_heap_used_m") > 0);
  }

  @Test
  void closingTakesTheBeanOut() throws Exception {
    assertTrue(JMX.isRegistered(new ObjectName(BEAN)));
    metrics.close();
    assertFalse(JMX.isRegistered(new ObjectName(BEAN)));
  }

  private static Object attr(String name) {
    try {
      return JMX.getAttribute(new ObjectName(BEAN), name);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A sample by name (the Python parser names a stock counter's sample x as x_total). */
  private static double value(List<PromTools.Sample> samples, String name) {
    return samples.stream()
        .filter(s -> s.name().equals(name)
            || s.family().equals(name) && s.name().equals(name + "_total"))
        .findFirst().orElseThrow(() -> new AssertionError("no sample " + name)).value();
  }
}
