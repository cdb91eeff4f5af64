package dev.spindle.nm.aux;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.ApplicationInitializationContext;
import org.apache.hadoop.yarn.server.api.ApplicationTerminationContext;
import org.apache.hadoop.yarn.server.api.AuxiliaryLocalPathHandler;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.apache.hadoop.yarn.server.api.ContainerInitializationContext;
import org.apache.hadoop.yarn.server.api.ContainerTerminationContext;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the auxiliary services named by yarn.nodemanager.aux-services through the stock
 * {@link AuxiliaryService} API (yarn-compat 4.8), e.g. the MapReduce ShuffleHandler as
 * {@code mapreduce_shuffle}. A failing callback of one service is logged and does not
 * hurt the container or the other services, as in the stock NM.
 */
public class AuxServicesHost extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(AuxServicesHost.class);
  private static final Pattern NAME = Pattern.compile("^[A-Za-z_]+[A-Za-z0-9_]*$");

  private final AuxiliaryLocalPathHandler pathHandler;
  private final Map<String, AuxiliaryService> services =
      Collections.synchronizedMap(new LinkedHashMap<>());

  public AuxServicesHost(AuxiliaryLocalPathHandler pathHandler) {
    super("AuxServicesHost");
    this.pathHandler = pathHandler;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    for (String name : conf.getTrimmedStringCollection(YarnConfiguration.NM_AUX_SERVICES)) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("The auxiliary service name: " + name
            + " is invalid. The valid service name should only contain a-zA-Z0-9_ and"
            + " can not start with numbers");
      }
      Class<? extends AuxiliaryService> cls = conf.getClass(
          String.format(YarnConfiguration.NM_AUX_SERVICE_FMT, name), null,
          AuxiliaryService.class);
      if (cls == null) {
        throw new IllegalArgumentException("No class defined for aux service " + name);
      }
      AuxiliaryService s = ReflectionUtils.newInstance(cls, conf);
      // Set before init: the ShuffleHandler resolves map outputs through it (NPE without).
      s.setAuxiliaryLocalPathHandler(pathHandler);
      s.init(conf);
      services.put(name, s);
    }
  }

  @Override
  protected void serviceStart() throws Exception {
    for (Map.Entry<String, AuxiliaryService> e : services.entrySet()) {
      e.getValue().start();
      LOG.info("Aux service {} started", e.getKey());
    }
  }

  @Override
  protected void serviceStop() throws Exception {
    for (AuxiliaryService s : services.values()) {
      if (s.getServiceState() == Service.STATE.STARTED
          || s.getServiceState() == Service.STATE.INITED) {
        s.stop();
      }
    }
  }

  public Set<String> names() {
    return Set.copyOf(services.keySet());
  }

  public AuxiliaryService get(String name) {
    return services.get(name);
  }

  /** getMetaData() of every service, for services_meta_data and NM_AUX_SERVICE_*. */
  public Map<String, ByteBuffer> metaData() {
    Map<String, ByteBuffer> out = new LinkedHashMap<>();
    synchronized (services) {
      for (Map.Entry<String, AuxiliaryService> e : services.entrySet()) {
        ByteBuffer meta = e.getValue().getMetaData();
        if (meta != null) {
          out.put(e.getKey(), meta);
        }
      }
    }
    return out;
  }

  /** Before localization: initializeContainer on all, initializeApplication per serviceData. */
  public void containerStarting(String user, ContainerId id, Resource resource,
      ContainerType type, Map<String, ByteBuffer> serviceData) {
    ApplicationId app = id.getApplicationAttemptId().getApplicationId();
    if (serviceData != null) {
      for (Map.Entry<String, ByteBuffer> e : serviceData.entrySet()) {
        AuxiliaryService s = services.get(e.getKey());
        if (s != null) {
          guarded(e.getKey(), "initializeApplication", () -> s.initializeApplication(
              new ApplicationInitializationContext(user, app, e.getValue())));
        }
      }
    }
    forEach("initializeContainer",
        s -> s.initializeContainer(new ContainerInitializationContext(user, id, resource, type)));
  }

  public void containerStopped(String user, ContainerId id, Resource resource,
      ContainerType type) {
    forEach("stopContainer",
        s -> s.stopContainer(new ContainerTerminationContext(user, id, resource, type)));
  }

  public void applicationStopped(ApplicationId app) {
    forEach("stopApplication", s -> s.stopApplication(new ApplicationTerminationContext(app)));
  }

  private void forEach(String what, java.util.function.Consumer<AuxiliaryService> call) {
    Map<String, AuxiliaryService> copy;
    synchronized (services) {
      copy = new LinkedHashMap<>(services);
    }
    copy.forEach((name, s) -> guarded(name, what, () -> call.accept(s)));
  }

  private static void guarded(String name, String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Aux service {} failed in {}: {}", name, what, e.toString());
    }
  }
}
