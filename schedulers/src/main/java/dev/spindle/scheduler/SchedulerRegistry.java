package dev.spindle.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Scheduling policies registered by name. {@code yarn.resourcemanager.scheduler.class} may
 * name a policy by its Spindle name or by the stock scheduler class it replaces, so admins
 * keep their {@code yarn-site.xml}.
 */
public final class SchedulerRegistry {

  /** The stock FIFO scheduler class name, accepted as an alias of {@code fifo}. */
  public static final String STOCK_FIFO =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler";

  /** The stock CapacityScheduler class name, accepted as an alias of {@code capacity}. */
  public static final String STOCK_CAPACITY =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler";

  /** The stock FairScheduler class name, accepted as an alias of {@code fair}. */
  public static final String STOCK_FAIR =
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";

  private final Map<String, ConfiguredSchedulerFactory> factories = new LinkedHashMap<>();

  /** A registry holding every built-in policy. */
  public static SchedulerRegistry withBuiltins() {
    SchedulerRegistry registry = new SchedulerRegistry();
    // Policies are registered here as they are built.
    registry.register(FifoScheduler.NAME, FifoScheduler::new, STOCK_FIFO,
        FifoScheduler.class.getName());
    registry.register(CapacityScheduler.NAME, CapacityScheduler::create, STOCK_CAPACITY,
        CapacityScheduler.class.getName());
    registry.register(FairScheduler.NAME, FairScheduler::create, STOCK_FAIR,
        FairScheduler.class.getName());
    return registry;
  }

  /** Registers a policy under a name and aliases; every one of them must be new. */
  public void register(String name, SchedulerFactory factory, String... aliases) {
    register(name, (settings, source, groups) -> factory.create(settings), aliases);
  }

  /** Registers a policy that reads its own configuration files. */
  public void register(String name, ConfiguredSchedulerFactory factory, String... aliases) {
    for (String key : concat(name, aliases)) {
      if (factories.putIfAbsent(key, factory) != null) {
        throw new IllegalArgumentException("Scheduler name already registered: " + key);
      }
    }
  }

  /**
   * Creates the policy named by {@code nameOrClass}.
   *
   * @throws IllegalArgumentException naming the unknown value and the known names
   */
  public Scheduler create(String nameOrClass, SchedulerSettings settings) {
    return create(nameOrClass, settings, SchedulerConfigSource.empty(), UserGroups.NONE);
  }

  /**
   * Creates the policy named by {@code nameOrClass} on the configuration files in
   * {@code source} (a policy without files of its own ignores it).
   *
   * @throws IllegalArgumentException naming the unknown value and the known names
   * @throws InvalidSchedulerConfigException when the policy's configuration is refused
   */
  public Scheduler create(String nameOrClass, SchedulerSettings settings,
      SchedulerConfigSource source, UserGroups groups) {
    ConfiguredSchedulerFactory factory = factories.get(nameOrClass.trim());
    if (factory == null) {
      throw new IllegalArgumentException(
          "Unknown scheduler '" + nameOrClass + "'; known: " + names());
    }
    return factory.create(settings, source, groups);
  }

  public Set<String> names() {
    return factories.keySet();
  }

  private static String[] concat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
