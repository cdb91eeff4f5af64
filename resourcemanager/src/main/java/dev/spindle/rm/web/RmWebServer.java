package dev.spindle.rm.web;

import dev.spindle.rm.rpc.RpcServers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.http.HttpConfig;
import org.apache.hadoop.http.HttpServer2;
import org.apache.hadoop.http.IsActiveServlet;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.authorize.AccessControlList;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnRuntimeException;

/**
 * The RM web server on yarn.resourcemanager.webapp.address (the rm-id suffixed key in HA):
 * Hadoop's HttpServer2, so the hadoop.http.* filters, /jmx, /conf, /stacks, /logLevel and
 * /logs come with it, plus the REST API, the web proxy, /isActive, /prom (Prometheus), a
 * minimal UI and the standby redirect filter. It reads the RM only through a {@link WebBackend}.
 *
 * <p>It binds in init, not start: tracking URLs carry the web address and the RM core takes
 * it from the configuration at init, so with port 0 the bound port must be published before
 * the core is built.
 */
public final class RmWebServer extends AbstractService {

  /**
   * Set in an RM's configuration when a web server outside it already fronts it (HA), so the
   * RM does not start a second one.
   */
  public static final String EXTERNAL = "spindle.rm.webapp.external";

  private final WebBackend backend;
  private HttpServer2 http;
  private String webAddress;

  public RmWebServer(WebBackend backend) {
    super(RmWebServer.class.getSimpleName());
    this.backend = backend;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    String policy = conf.get(YarnConfiguration.YARN_HTTP_POLICY_KEY,
        YarnConfiguration.YARN_HTTP_POLICY_DEFAULT);
    if (HttpConfig.Policy.fromString(policy) == HttpConfig.Policy.HTTPS_ONLY) {
      throw new YarnRuntimeException("yarn.http.policy=HTTPS_ONLY is not supported: the"
          + " Spindle RM web server serves HTTP only");
    }
    InetSocketAddress bind = conf.getSocketAddr(YarnConfiguration.RM_BIND_HOST,
        YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.DEFAULT_RM_WEBAPP_ADDRESS,
        YarnConfiguration.DEFAULT_RM_WEBAPP_PORT);
    // /prom is Spindle's (always on): HttpServer2 must not map its own there as well.
    Configuration httpConf = new Configuration(conf);
    httpConf.setBoolean(CommonConfigurationKeysPublic.HADOOP_PROMETHEUS_ENABLED, false);
    http = new HttpServer2.Builder()
        .setName("cluster")
        .addEndpoint(URI.create("http://" + NetUtils.getHostPortString(bind)))
        .setConf(httpConf)
        .setFindPort(false)
        // X-Frame-Options as stock WebApps sets it for the RM.
        .configureXFrame(conf.getBoolean("yarn.webapp.xfs-filter.enabled", true))
        .setXFrameOption(conf.get("yarn.resourcemanager.webapp.xfs-filter.xframe-options",
            "SAMEORIGIN"))
        .setACL(new AccessControlList(conf.get(YarnConfiguration.YARN_ADMIN_ACL,
            YarnConfiguration.DEFAULT_YARN_ADMIN_ACL)))
        .build();
    // Servlets (/conf, the REST API) read the live configuration, not the copy.
    http.setAttribute(HttpServer2.CONF_CONTEXT_ATTRIBUTE, conf);
    http.setAttribute(Web.BACKEND, backend);
    http.addGlobalFilter("spindleStandbyRedirect", StandbyRedirectFilter.class.getName(),
        Map.of());
    http.addServlet("isActive", IsActiveServlet.PATH_SPEC, RmIsActiveServlet.class);
    http.addServlet("rest", "/ws/v1/cluster/*", RestServlet.class);
    http.addServlet("proxy", "/proxy/*", ProxyServlet.class);
    http.addServlet("prom", "/prom", PromServlet.class);
    http.addServlet("ui", "/cluster/*", dev.spindle.rm.web.ui.UiServlet.class);
    http.addServlet("root", "/", RootServlet.class);
    http.start();
    publish(conf, http.getConnectorAddress(0).getPort());
    super.serviceInit(conf);
  }

  /** Writes the bound host:port into the webapp keys, so tracking URLs carry the real port. */
  private void publish(Configuration conf, int port) {
    RpcServers.publish(conf, YarnConfiguration.RM_WEBAPP_ADDRESS,
        YarnConfiguration.DEFAULT_RM_WEBAPP_ADDRESS, port);
    webAddress = conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    if (HAUtil.isHAEnabled(conf) && HAUtil.getRMHAId(conf) != null) {
      conf.set(HAUtil.addSuffix(YarnConfiguration.RM_WEBAPP_ADDRESS, HAUtil.getRMHAId(conf)),
          webAddress);
    }
  }

  /** The bound host:port (null before init). */
  public String webAddress() {
    return webAddress;
  }

  @Override
  protected void serviceStop() throws Exception {
    if (http != null) {
      http.stop();
    }
    super.serviceStop();
  }
}
