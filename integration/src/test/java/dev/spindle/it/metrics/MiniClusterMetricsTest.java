package dev.spindle.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.nm.SpindleNodeManager;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An RM and two NMs in one JVM (the shared MiniCluster): every daemon's stock bean is there,
 * the second NM's under stock's mini-cluster suffix, and both web ports serve /prom.
 */
@ExtendWith(SharedCluster.class)
class MiniClusterMetricsTest {

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  @Test
  void everyDaemonPublishesItsStockBeanWithoutCollisions() throws Exception {
    ObjectName cluster = new ObjectName("Hadoop:service=ResourceManager,name=ClusterMetrics");
    SharedCluster.await("two active NMs in ClusterMetrics", Duration.ofSeconds(60),
        () -> Objects.equals(2, attr(cluster, "NumActiveNMs")));
    Set<ObjectName> nms = new HashSet<>(JMX.queryNames(
        new ObjectName("Hadoop:service=NodeManager,name=NodeManagerMetrics*"), null));
    assertTrue(nms.contains(new ObjectName("Hadoop:service=NodeManager,name=NodeManagerMetrics")),
        nms.toString());
    assertTrue(nms.size() >= 2, "one bean per NM: " + nms);
    for (ObjectName nm : nms) {
      SharedCluster.await(nm + " knows its capability", Duration.ofSeconds(60),
          () -> ((Integer) attr(nm, "AvailableGB")) > 0);
    }
  }

  @Test
  void theRmAndEachNmServeProm() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String rm = SharedCluster.conf().get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    String page = get(http, "http://" + rm + "/prom");
    assertTrue(page.contains("\ncluster_metrics_num_active_n_ms{"), page);
    for (int i = 0; i < SharedCluster.cluster().getNumNodeManagers(); i++) {
      SpindleNodeManager nm = SharedCluster.cluster().getNodeManager(i);
      String nmPage = get(http, "http://localhost:" + nm.getHttpPort() + "/prom");
      assertTrue(nmPage.contains("# TYPE node_manager_metrics_containers_launched counter"),
          nmPage);
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  private static Object attr(ObjectName bean, String name) {
    try {
      return JMX.getAttribute(bean, name);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
