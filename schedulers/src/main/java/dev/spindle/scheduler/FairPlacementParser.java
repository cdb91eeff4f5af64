package dev.spindle.scheduler;

import dev.spindle.scheduler.FairPlacementRule.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Reads a {@code <queuePlacementPolicy>}, builds the implicit policy when there is none, and
 * checks rule order: nothing after a terminal rule, and a terminal rule last.
 */
final class FairPlacementParser {

  private FairPlacementParser() {}

  static List<FairPlacementRule> parse(Element policy, String file) throws ConfigProblem {
    List<FairPlacementRule> rules = new ArrayList<>();
    for (Element e : FairConfigParser.elements(policy)) {
      FairPlacementRule rule = rule(e, file);
      if (!rules.isEmpty() && rules.get(rules.size() - 1).terminal()) {
        throw new ConfigProblem(file, null, "queuePlacementPolicy: rule '" + rule.kind().element
            + "' follows terminal rule '" + rules.get(rules.size() - 1).kind().element
            + "' and would never be reached");
      }
      rules.add(rule);
    }
    if (rules.isEmpty() || !rules.get(rules.size() - 1).terminal()) {
      throw new ConfigProblem(file, null, "queuePlacementPolicy: the last rule must be"
          + " terminal (default, reject, or user/primaryGroup with create=\"true\")");
    }
    return List.copyOf(rules);
  }

  private static FairPlacementRule rule(Element e, String file) throws ConfigProblem {
    if (!e.getTagName().equals("rule")) {
      throw new ConfigProblem(file, null, "queuePlacementPolicy: unexpected element <"
          + e.getTagName() + ">; only <rule> is allowed");
    }
    Kind kind = Kind.of(e.getAttribute("name"));
    if (kind == null) {
      throw new ConfigProblem(file, null, "queuePlacementPolicy: unknown rule '"
          + e.getAttribute("name") + "'");
    }
    boolean create = !"false".equalsIgnoreCase(e.getAttribute("create").trim());
    String queue = null;
    if (kind == Kind.DEFAULT) {
      String q = e.getAttribute("queue").trim();
      queue = q.isEmpty() ? FairConfig.DEFAULT_QUEUE : q.startsWith("root.") ? q : "root." + q;
    }
    FairPlacementRule inner = null;
    if (kind == Kind.NESTED_USER_QUEUE) {
      List<Element> nested = FairConfigParser.elements(e);
      if (nested.size() != 1) {
        throw new ConfigProblem(file, null, "queuePlacementPolicy: nestedUserQueue needs"
            + " exactly one nested rule, got " + nested.size());
      }
      inner = rule(nested.get(0), file);
    }
    return new FairPlacementRule(kind, create, queue, inner);
  }

  /**
   * The policy without a {@code queuePlacementPolicy} element (stock
   * {@code QueuePlacementPolicy#fromConfiguration}): specified (create = allow-undeclared-
   * pools), then user if user-as-default-queue, then default.
   */
  static List<FairPlacementRule> implicit(boolean allowUndeclared, boolean userAsDefault) {
    List<FairPlacementRule> rules = new ArrayList<>();
    rules.add(new FairPlacementRule(Kind.SPECIFIED, allowUndeclared, null, null));
    if (userAsDefault) {
      rules.add(new FairPlacementRule(Kind.USER, allowUndeclared, null, null));
    }
    rules.add(new FairPlacementRule(Kind.DEFAULT, true, FairConfig.DEFAULT_QUEUE, null));
    return List.copyOf(rules);
  }

  /** A default rule's fixed queue must not be a configured parent queue. */
  static void checkTargets(List<FairPlacementRule> rules, Map<String, FairQueueConfig> queues,
      String file) throws ConfigProblem {
    for (FairPlacementRule rule : rules) {
      if (rule.kind() == Kind.DEFAULT) {
        FairQueueConfig q = queues.get(rule.queue());
        if (q != null && !q.isLeaf()) {
          throw new ConfigProblem(file, rule.queue(), "queuePlacementPolicy: the default rule"
              + " names " + rule.queue() + ", which is a parent queue");
        }
      }
    }
  }
}
