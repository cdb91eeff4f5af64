package dev.spindle.scheduler;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads and validates a Fair allocation file ({@code fair-scheduler.xml}, its own XML format,
 * parsed with the JDK's DOM parser) and the {@code yarn.scheduler.fair.*} keys of
 * {@code yarn-site.xml}. Every problem names the file, the queue and what is wrong.
 */
final class FairConfigParser {

  private static final String FS = "yarn.scheduler.fair.";
  private static final Set<String> QUEUE_ELEMENTS = Set.of("minResources", "maxResources",
      "maxChildResources", "maxContainerAllocation", "maxRunningApps", "maxAMShare", "weight",
      "schedulingPolicy", "aclSubmitApps", "aclAdministerApps", "minSharePreemptionTimeout",
      "fairSharePreemptionTimeout", "fairSharePreemptionThreshold", "allowPreemptionFrom",
      "reservation", "queue", "pool");

  private static final Set<String> TOP_ELEMENTS = Set.of("queueMaxAppsDefault",
      "queueMaxResourcesDefault", "queueMaxAMShareDefault", "defaultQueueSchedulingPolicy",
      "defaultFairSharePreemptionTimeout", "defaultMinSharePreemptionTimeout",
      "defaultFairSharePreemptionThreshold", "fairSharePreemptionTimeout", "userMaxAppsDefault",
      "reservation-agent", "reservation-policy", "reservation-planner");

  private final String file = FairConfig.FILE;
  private final Map<String, String> top = new HashMap<>();
  private final Map<String, FairQueueConfig> queues = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Integer> userMaxApps = new LinkedHashMap<>();

  static FairConfig load(SchedulerConfigSource source) throws ConfigProblem {
    Configuration site = new Configuration(false);
    CapacityConfigParser.addFile(site, source, CapacityConfigParser.YARN_SITE);
    String name = site.getTrimmed(FS + "allocation.file", FairConfig.FILE);
    Optional<byte[]> bytes = source.read(name.substring(name.lastIndexOf('/') + 1));
    Element root = bytes.isEmpty() ? null : parseXml(bytes.get());
    return new FairConfigParser().build(root, site);
  }

  private static Element parseXml(byte[] bytes) throws ConfigProblem {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setIgnoringComments(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document doc = builder.parse(new ByteArrayInputStream(bytes));
      Element root = doc.getDocumentElement();
      if (!root.getTagName().equals("allocations")) {
        throw new ConfigProblem(FairConfig.FILE, null, "the root element is <"
            + root.getTagName() + ">, not <allocations>");
      }
      return root;
    } catch (ConfigProblem e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigProblem(FairConfig.FILE, null, "malformed XML: " + e.getMessage());
    }
  }

  private FairConfig build(Element allocations, Configuration site) throws ConfigProblem {
    List<Element> topQueues = new ArrayList<>();
    List<FairPlacementRule> rules = null;
    List<Element> all = allocations == null ? List.of() : elements(allocations);
    for (Element e : all) {
      switch (e.getTagName()) {
        case "queue", "pool" -> topQueues.add(e);
        case "user" -> userMaxApps.put(attr(e, "name", null), userMaxApps(e));
        case "queuePlacementPolicy" -> rules = FairPlacementParser.parse(e, file);
        default -> {
          if (!TOP_ELEMENTS.contains(e.getTagName())) {
            warnings.add(file + ": unknown element <" + e.getTagName() + "> ignored");
          }
          top.put(e.getTagName(), e.getTextContent().trim());
        }
      }
    }
    FairQueueConfig defaults = queueDefaults();
    // <queue name="root"> configures root itself; otherwise top-level queues are its children.
    Element rootElement = null;
    for (Element q : topQueues) {
      if ("root".equals(q.getAttribute("name"))) {
        rootElement = q;
      }
    }
    if (rootElement != null && topQueues.size() > 1) {
      throw problem(null, "queues are declared both inside and beside <queue name=\"root\">");
    }
    List<Element> rootChildren = rootElement == null ? topQueues : childQueues(rootElement);
    queue("root", rootElement, rootChildren, null, defaults);
    if (!queues.containsKey(FairConfig.DEFAULT_QUEUE)) {
      // The stock QueueManager always has root.default.
      addDefaultQueue(defaults);
    }
    boolean undeclared = site.getBoolean(FS + "allow-undeclared-pools", true);
    if (rules == null) {
      rules = FairPlacementParser.implicit(undeclared,
          site.getBoolean(FS + "user-as-default-queue", true));
    }
    FairPlacementParser.checkTargets(rules, queues, file);
    return new FairConfig(queues, userMaxApps, intTop("userMaxAppsDefault"), rules, defaults,
        site.getBoolean("yarn.acl.enable", false),
        site.getDouble(FS + "locality.threshold.node", -1),
        site.getDouble(FS + "locality.threshold.rack", -1),
        new FairPreemptionConfig(site.getBoolean(FS + "preemption", false),
            site.getDouble(FS + "preemption.cluster-utilization-threshold", 0.8),
            site.getLong(FS + "waitTimeBeforeKill", 15000)), List.copyOf(warnings));
  }

  /** The settings a queue gets when it says nothing: the top-level defaults. */
  private FairQueueConfig queueDefaults() throws ConfigProblem {
    FairPolicy policy = policy(null, top.getOrDefault("defaultQueueSchedulingPolicy", "fair"));
    String maxRes = top.get("queueMaxResourcesDefault");
    double threshold = doubleTop("defaultFairSharePreemptionThreshold", 0.5);
    return new FairQueueConfig("", "", List.of(), false, 1, FairResource.NONE,
        maxRes == null ? FairResource.UNLIMITED : resource(null, "queueMaxResourcesDefault",
            maxRes), intTop("queueMaxAppsDefault"), doubleTop("queueMaxAMShareDefault", 0.5),
        policy, Acl.NONE, Acl.NONE, seconds("defaultMinSharePreemptionTimeout"),
        seconds(top.containsKey("defaultFairSharePreemptionTimeout")
            ? "defaultFairSharePreemptionTimeout" : "fairSharePreemptionTimeout"),
        threshold, true, null);
  }

  private void queue(String path, Element e, List<Element> children, FairQueueConfig parent,
      FairQueueConfig defaults) throws ConfigProblem {
    if (queues.containsKey(path)) {
      throw problem(path, "queue " + path + " is declared twice");
    }
    Map<String, String> own = e == null ? Map.of() : values(path, e);
    List<String> childPaths = new ArrayList<>();
    for (Element c : children) {
      String name = c.getAttribute("name").trim();
      if (name.isEmpty() || name.contains(".")) {
        throw problem(path, "a child queue of " + path + " has name '" + name
            + "'; names must be non-empty and contain no '.'");
      }
      childPaths.add(path + "." + name);
    }
    boolean declaredParent = e != null && "parent".equals(e.getAttribute("type"));
    FairQueueConfig conf = FairQueueBuilder.build(path, own, childPaths, declaredParent,
        parent, defaults, file);
    queues.put(path, conf);
    for (Element c : children) {
      queue(path + "." + c.getAttribute("name").trim(), c, childQueues(c), conf, defaults);
    }
  }

  private void addDefaultQueue(FairQueueConfig defaults) throws ConfigProblem {
    FairQueueConfig root = queues.get("root");
    FairQueueConfig conf = FairQueueBuilder.build(FairConfig.DEFAULT_QUEUE, Map.of(), List.of(),
        false, root, defaults, file);
    List<String> children = new ArrayList<>(root.children());
    children.add(FairConfig.DEFAULT_QUEUE);
    queues.put("root", FairQueueBuilder.withChildren(root, children));
    queues.put(FairConfig.DEFAULT_QUEUE, conf);
  }

  /** The scalar settings of one queue element; warns about unknown ones like stock does. */
  private Map<String, String> values(String path, Element e) {
    Map<String, String> own = new HashMap<>();
    for (Element c : elements(e)) {
      if (!QUEUE_ELEMENTS.contains(c.getTagName())) {
        warnings.add(file + ": queue " + path + ": unknown element <" + c.getTagName()
            + "> ignored");
      } else if (!c.getTagName().equals("queue") && !c.getTagName().equals("pool")) {
        own.put(c.getTagName(), c.getTextContent().trim());
      }
    }
    return own;
  }

  private int userMaxApps(Element user) throws ConfigProblem {
    String name = attr(user, "name", null);
    for (Element c : elements(user)) {
      if (c.getTagName().equals("maxRunningApps")) {
        return FairQueueBuilder.intValue(c.getTextContent(), "user " + name
            + " maxRunningApps", file, null);
      }
    }
    return Integer.MAX_VALUE;
  }

  // --- helpers ----------------------------------------------------------------------------

  static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Element> childQueues(Element e) {
    return elements(e).stream().filter(c -> c.getTagName().equals("queue")
        || c.getTagName().equals("pool")).toList();
  }

  private String attr(Element e, String name, String fallback) throws ConfigProblem {
    String v = e.getAttribute(name);
    if (v.isEmpty()) {
      if (fallback == null) {
        throw problem(null, "<" + e.getTagName() + "> lacks the " + name + " attribute");
      }
      return fallback;
    }
    return v;
  }

  private FairPolicy policy(String path, String text) throws ConfigProblem {
    FairPolicy policy = FairPolicy.parse(text);
    if (policy == null) {
      throw problem(path, "schedulingPolicy '" + text + "' is not fair, drf or fifo");
    }
    return policy;
  }

  private FairResource resource(String path, String what, String text) throws ConfigProblem {
    try {
      return FairResource.parse(text);
    } catch (IllegalArgumentException e) {
      throw problem(path, what + " " + e.getMessage());
    }
  }

  private int intTop(String name) throws ConfigProblem {
    String v = top.get(name);
    return v == null ? Integer.MAX_VALUE : FairQueueBuilder.intValue(v, name, file, null);
  }

  private double doubleTop(String name, double fallback) throws ConfigProblem {
    String v = top.get(name);
    return v == null ? fallback : FairQueueBuilder.doubleValue(v, name, file, null);
  }

  private long seconds(String name) throws ConfigProblem {
    String v = top.get(name);
    return v == null ? Long.MAX_VALUE
        : FairQueueBuilder.longValue(v, name, file, null) * 1000;
  }

  private ConfigProblem problem(String queue, String text) {
    return new ConfigProblem(file, queue, text);
  }
}
