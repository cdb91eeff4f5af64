package dev.spindle.scheduler;

import dev.spindle.scheduler.CapacityValue.Mode;
import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads and validates a Capacity configuration: {@code capacity-scheduler.xml} (queues,
 * limits, mappings) over {@code yarn-site.xml} (ACL switch, admin ACL, preemption monitor).
 * Every problem names the file, the queue and what is wrong; the first one found wins.
 */
final class CapacityConfigParser {

  static final String PREFIX = "yarn.scheduler.capacity.";
  static final String YARN_SITE = "yarn-site.xml";
  private static final String DRC = "DominantResourceCalculator";
  private static final String PREEMPT = "yarn.resourcemanager.monitor.capacity.preemption.";
  private static final float EPSILON = 1e-3f;

  private final Configuration conf;
  private final String file = CapacityConfig.FILE;
  private final Map<String, CapacityQueueConfig> queues = new LinkedHashMap<>();
  private final int maximumApplications;
  private final float maxAmPercent;

  private CapacityConfigParser(Configuration conf) {
    this.conf = conf;
    this.maximumApplications = conf.getInt(PREFIX + "maximum-applications", 10000);
    this.maxAmPercent = conf.getFloat(PREFIX + "maximum-am-resource-percent", 0.1f);
  }

  /**
   * Loads the files from the source. A missing {@code capacity-scheduler.xml} means the stock
   * shipped layout: one leaf {@code root.default} with all the capacity.
   */
  static CapacityConfig load(SchedulerConfigSource source) throws ConfigProblem {
    Configuration conf = new Configuration(false);
    addFile(conf, source, YARN_SITE);
    if (!addFile(conf, source, CapacityConfig.FILE)) {
      conf.set(PREFIX + "root.queues", "default");
      conf.set(PREFIX + "root.default.capacity", "100");
    }
    return parse(conf);
  }

  /** Validates a configuration that already holds the keys. */
  static CapacityConfig parse(Configuration conf) throws ConfigProblem {
    return new CapacityConfigParser(conf).build();
  }

  static boolean addFile(Configuration conf, SchedulerConfigSource source, String name)
      throws ConfigProblem {
    Optional<byte[]> bytes = source.read(name);
    if (bytes.isEmpty()) {
      return false;
    }
    Configuration one = new Configuration(false);
    one.addResource(new ByteArrayInputStream(bytes.get()), name);
    try {
      // Hadoop parses lazily; size() forces it so a broken file is caught here.
      one.size();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigProblem(name, null, "malformed XML: " + cause.getMessage());
    }
    for (Map.Entry<String, String> entry : one) {
      conf.set(entry.getKey(), entry.getValue());
    }
    return true;
  }

  private CapacityConfig build() throws ConfigProblem {
    if (conf.getTrimmedStringCollection(PREFIX + "root.queues").isEmpty()) {
      throw problem(CapacityConfig.ROOT, "root has no child queues; set "
          + PREFIX + "root.queues (the stock file lists 'default')");
    }
    if (maximumApplications < 0) {
      throw problem(null, "maximum-applications must not be negative, got "
          + maximumApplications);
    }
    checkFraction(null, "maximum-am-resource-percent", maxAmPercent);
    walk(CapacityConfig.ROOT, null);
    checkOrphans();
    List<QueueMapping> mappings = mappings();
    Calculator calculator = conf.getTrimmed(PREFIX + "resource-calculator", "")
        .endsWith(DRC) ? Calculator.DOMINANT : Calculator.MEMORY;
    return new CapacityConfig(java.util.Collections.unmodifiableMap(queues), calculator,
        maximumApplications, conf.getInt(PREFIX + "node-locality-delay", 40),
        conf.getInt(PREFIX + "rack-locality-additional-delay", -1), mappings,
        conf.getBoolean(PREFIX + "queue-mappings-override.enable", false),
        conf.getBoolean("yarn.acl.enable", false),
        Acl.parse(conf.get("yarn.admin.acl", "*")), preemption(), userMaxParallelApps(),
        conf.getInt(PREFIX + "user.max-parallel-apps", Integer.MAX_VALUE));
  }

  // --- the queue tree ---------------------------------------------------------------------

  /** Reads a queue, then its children, then checks the children against each other. */
  private void walk(String path, CapacityQueueConfig parent) throws ConfigProblem {
    List<String> children = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String child : conf.getTrimmedStrings(PREFIX + path + ".queues")) {
      if (child.contains(".") || child.chars().anyMatch(Character::isWhitespace)) {
        throw problem(path, "child queue name '" + child + "' may not contain '.' or spaces");
      }
      if (!seen.add(child)) {
        throw problem(path, "child queue '" + child + "' is listed twice");
      }
      children.add(path + "." + child);
    }
    CapacityQueueConfig queue = queue(path, children, parent);
    queues.put(path, queue);
    for (String child : children) {
      walk(child, queue);
    }
    checkChildren(queue);
  }

  private CapacityQueueConfig queue(String path, List<String> children,
      CapacityQueueConfig parent) throws ConfigProblem {
    boolean root = parent == null;
    CapacityValue capacity = root ? CapacityValue.percent(100) : value(path, "capacity", "0");
    CapacityValue maximum = root ? CapacityValue.percent(100)
        : value(path, "maximum-capacity", "100");
    if (maximum.mode() == Mode.PERCENT && maximum.amount() == -1) {
      maximum = CapacityValue.percent(100);
    }
    checkOwnCapacity(path, capacity, maximum);
    String state = conf.getTrimmed(key(path, "state"), "RUNNING");
    if (!state.equals("RUNNING") && !state.equals("STOPPED")) {
      throw problem(path, "state '" + state + "' is neither RUNNING nor STOPPED");
    }
    String ordering = conf.getTrimmed(key(path, "ordering-policy"), "fifo");
    if (!ordering.equals("fifo") && !ordering.equals("fair")) {
      throw problem(path, "ordering-policy '" + ordering + "' is neither fifo nor fair");
    }
    float amPercent = floatKey(path, "maximum-am-resource-percent",
        root ? maxAmPercent : parent.maxAmPercent());
    checkFraction(path, "maximum-am-resource-percent", amPercent);
    float factor = floatKey(path, "user-limit-factor", 1f);
    if (factor <= 0 && factor != -1) {
      throw problem(path, "user-limit-factor must be positive or -1 (no limit), got " + factor);
    }
    float minUser = floatKey(path, "minimum-user-limit-percent", 100f);
    if (minUser <= 0 || minUser > 100) {
      throw problem(path, "minimum-user-limit-percent must be in (0, 100], got " + minUser);
    }
    int maxApps = intKey(path, "maximum-applications", -1);
    if (maxApps < -1) {
      throw problem(path, "maximum-applications must not be negative, got " + maxApps);
    }
    boolean noPreempt = conf.getBoolean(key(path, "disable_preemption"),
        !root && parent.preemptionDisabled());
    ResourceVector maxAllocation = maximumAllocation(path, root ? null
        : parent.maximumAllocation());
    int maxParallel = intKey(path, "max-parallel-apps",
        conf.getInt(PREFIX + "max-parallel-apps", Integer.MAX_VALUE));
    if (maxParallel < 0) {
      throw problem(path, "max-parallel-apps must not be negative, got " + maxParallel);
    }
    return new CapacityQueueConfig(path, path.substring(path.lastIndexOf('.') + 1),
        List.copyOf(children), capacity, maximum, state.equals("RUNNING"), maxApps, amPercent,
        factor, minUser, Acl.parse(conf.get(key(path, "acl_submit_applications"),
            root ? "*" : " ")), Acl.parse(conf.get(key(path, "acl_administer_queue"),
            root ? "*" : " ")), ordering.equals("fair"), noPreempt, maxAllocation,
        maxParallel);
  }

  /** {@code maximum-allocation-mb/-vcores}, each defaulting to the parent's; null if unset. */
  private ResourceVector maximumAllocation(String path, ResourceVector inherited)
      throws ConfigProblem {
    long unset = Long.MAX_VALUE;
    long memory = longKey(path, "maximum-allocation-mb",
        inherited == null ? unset : inherited.memoryMb());
    long vcores = longKey(path, "maximum-allocation-vcores",
        inherited == null ? unset : inherited.vcores());
    if (memory <= 0 || vcores <= 0) {
      throw problem(path, "maximum-allocation-mb and -vcores must be positive");
    }
    return memory == unset && vcores == unset ? null : ResourceVector.of(memory, vcores);
  }

  private void checkOwnCapacity(String path, CapacityValue capacity, CapacityValue maximum)
      throws ConfigProblem {
    if (capacity.mode() == Mode.PERCENT && capacity.amount() > 100) {
      throw problem(path, "capacity " + capacity.amount() + " is above 100");
    }
    if (maximum.mode() == Mode.WEIGHT) {
      throw problem(path, "maximum-capacity cannot be a weight, got " + maximum);
    }
    if (maximum.mode() == Mode.PERCENT
        && (maximum.amount() <= 0 || maximum.amount() > 100)) {
      throw problem(path, "maximum-capacity " + maximum.amount() + " is not in (0, 100]");
    }
    if (capacity.mode() == Mode.PERCENT && maximum.mode() == Mode.PERCENT
        && maximum.amount() + EPSILON < capacity.amount()) {
      throw problem(path, "maximum-capacity " + maximum.amount() + " is below capacity "
          + capacity.amount());
    }
    if (capacity.mode() == Mode.ABSOLUTE && maximum.mode() == Mode.ABSOLUTE
        && !capacity.absolute().fitsIn(maximum.absolute())) {
      throw problem(path, "maximum-capacity " + maximum + " is below capacity " + capacity);
    }
  }

  /** Siblings use one mode; percentages sum to 100; absolutes fit in an absolute parent. */
  private void checkChildren(CapacityQueueConfig parent) throws ConfigProblem {
    if (parent.isLeaf()) {
      return;
    }
    Mode mode = null;
    float sum = 0;
    ResourceVector absolute = ResourceVector.ZERO;
    StringBuilder parts = new StringBuilder();
    for (String path : parent.children()) {
      CapacityValue capacity = queues.get(path).capacity();
      if (mode != null && capacity.mode() != mode) {
        throw problem(parent.path(), "children mix " + mode.name().toLowerCase() + " and "
            + capacity.mode().name().toLowerCase() + " capacities (" + path + "=" + capacity
            + ")");
      }
      mode = capacity.mode();
      sum += capacity.amount();
      absolute = capacity.mode() == Mode.ABSOLUTE ? absolute.plus(capacity.absolute())
          : absolute;
      parts.append(parts.length() == 0 ? "" : ", ").append(path).append('=').append(capacity);
    }
    boolean rootParent = parent.parentPath() == null;
    boolean absoluteParent = parent.capacity().mode() == Mode.ABSOLUTE;
    if (!rootParent && (mode == Mode.ABSOLUTE) != absoluteParent) {
      throw problem(parent.path(), "parent and children must all use absolute resources or "
          + "none of them (parent " + parent.capacity() + "; children " + parts + ")");
    }
    boolean zeroSumAllowed = conf.getBoolean(key(parent.path(), "allow-zero-capacity-sum"),
        false);
    if (mode == Mode.PERCENT && Math.abs(sum - 100) > EPSILON
        && !(zeroSumAllowed && sum == 0)) {
      throw problem(parent.path(), "capacities of the children sum to " + sum
          + ", not 100 (" + parts + ")");
    }
    if (mode == Mode.WEIGHT && sum <= 0) {
      throw problem(parent.path(), "weights of the children sum to 0 (" + parts + ")");
    }
    if (mode == Mode.ABSOLUTE && absoluteParent
        && !absolute.fitsIn(parent.capacity().absolute())) {
      throw problem(parent.path(), "absolute capacities of the children add up to "
          + absolute + ", more than the parent's " + parent.capacity().absolute());
    }
  }

  /**
   * Queue keys for a path that is not in the tree point at an unknown parent or a queue
   * missing from its parent's {@code queues} list: a typo that would otherwise be ignored.
   */
  private void checkOrphans() throws ConfigProblem {
    for (Map.Entry<String, String> entry : conf) {
      String key = entry.getKey();
      if (!key.startsWith(PREFIX + "root.") || !key.endsWith(".capacity")
          || key.contains("accessible-node-labels") || key.contains("template")) {
        continue;
      }
      String path = key.substring(PREFIX.length(), key.length() - ".capacity".length());
      if (queues.containsKey(path)) {
        continue;
      }
      String parent = path.substring(0, path.lastIndexOf('.'));
      String why = queues.containsKey(parent)
          ? "is configured but not listed in " + PREFIX + parent + ".queues"
          : "is configured under unknown parent " + parent;
      throw problem(path, "queue " + path + " " + why);
    }
  }

  private List<QueueMapping> mappings() throws ConfigProblem {
    List<QueueMapping> mappings;
    try {
      mappings = QueueMapping.parseList(conf.get(PREFIX + "queue-mappings"));
    } catch (IllegalArgumentException e) {
      throw problem(null, e.getMessage());
    }
    for (QueueMapping mapping : mappings) {
      String target = mapping.target();
      int dot = target.lastIndexOf('.');
      if (mapping.staticTarget()) {
        if (CapacityTreeLookup.find(queues, target).isEmpty()) {
          throw problem(null, "queue-mappings entry '" + mapping + "' names unknown queue "
              + target);
        }
      } else if (dot > 0 && !queues.containsKey(target.substring(0, dot))
          && CapacityTreeLookup.find(queues, target.substring(0, dot)).isEmpty()) {
        throw problem(null, "queue-mappings entry '" + mapping + "' names unknown parent "
            + target.substring(0, dot));
      }
    }
    return List.copyOf(mappings);
  }

  /** {@code yarn.scheduler.capacity.user.<name>.max-parallel-apps} for every user named. */
  private Map<String, Integer> userMaxParallelApps() throws ConfigProblem {
    Map<String, Integer> limits = new LinkedHashMap<>();
    String prefix = PREFIX + "user.";
    String suffix = ".max-parallel-apps";
    for (Map.Entry<String, String> entry : conf) {
      String key = entry.getKey();
      if (key.startsWith(prefix) && key.endsWith(suffix)
          && key.length() > prefix.length() + suffix.length()) {
        String user = key.substring(prefix.length(), key.length() - suffix.length());
        try {
          limits.put(user, Integer.parseInt(entry.getValue().trim()));
        } catch (NumberFormatException e) {
          throw problem(null, key + " '" + entry.getValue() + "' is not a whole number");
        }
      }
    }
    return Map.copyOf(limits);
  }

  private CapacityPreemptionConfig preemption() {
    CapacityPreemptionConfig d = CapacityPreemptionConfig.defaults();
    boolean enabled = conf.getBoolean("yarn.resourcemanager.scheduler.monitor.enable", false)
        && conf.get("yarn.resourcemanager.scheduler.monitor.policies",
            "ProportionalCapacityPreemptionPolicy")
            .contains("ProportionalCapacityPreemptionPolicy");
    return new CapacityPreemptionConfig(enabled,
        conf.getLong(PREEMPT + "max_wait_before_kill", d.maxWaitBeforeKillMs()),
        conf.getFloat(PREEMPT + "total_preemption_per_round", d.totalPreemptionPerRound()),
        conf.getFloat(PREEMPT + "max_ignored_over_capacity", d.maxIgnoredOverCapacity()),
        conf.getFloat(PREEMPT + "natural_termination_factor", d.naturalTerminationFactor()));
  }

  // --- small readers ----------------------------------------------------------------------

  private CapacityValue value(String path, String name, String fallback) throws ConfigProblem {
    try {
      return CapacityValue.parse(conf.getTrimmed(key(path, name), fallback), name);
    } catch (IllegalArgumentException e) {
      throw problem(path, e.getMessage());
    }
  }

  private float floatKey(String path, String name, float fallback) throws ConfigProblem {
    String text = conf.getTrimmed(key(path, name));
    try {
      return text == null ? fallback : Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw problem(path, name + " '" + text + "' is not a number");
    }
  }

  private int intKey(String path, String name, int fallback) throws ConfigProblem {
    String text = conf.getTrimmed(key(path, name));
    try {
      return text == null ? fallback : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw problem(path, name + " '" + text + "' is not a whole number");
    }
  }

  private long longKey(String path, String name, long fallback) throws ConfigProblem {
    String text = conf.getTrimmed(key(path, name));
    try {
      return text == null ? fallback : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw problem(path, name + " '" + text + "' is not a whole number");
    }
  }

  private void checkFraction(String path, String name, float value) throws ConfigProblem {
    if (value < 0 || value > 1) {
      throw problem(path, name + " must be a fraction in [0, 1], got " + value);
    }
  }

  private static String key(String path, String name) {
    return PREFIX + path + "." + name;
  }

  private ConfigProblem problem(String queue, String text) {
    return new ConfigProblem(file, queue, text);
  }
}
