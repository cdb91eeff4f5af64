package dev.spindle.it.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of a JSON document: every key path with the kinds of value seen there. Object keys
 * add {@code .key}, array elements add {@code []} and are merged, so
 * {@code {"apps":{"app":[{"id":"a"},{"id":"b","x":1}]}}} has the paths {@code $},
 * {@code $.apps}, {@code $.apps.app}, {@code $.apps.app[]}, {@code $.apps.app[].id} and
 * {@code $.apps.app[].x}. Values do not matter, only where they are and what kind they are:
 * that is what a REST client's parser depends on.
 */
public final class JsonShape {

  /** The kind of a JSON value; numbers are one kind (int vs float is not a shape fact). */
  public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Set<Kind>> paths;

  private JsonShape(Map<String, Set<Kind>> paths) {
    this.paths = Collections.unmodifiableMap(paths);
  }

  /** The shape of a JSON text; a text that is not JSON is a bug in the caller's test. */
  public static JsonShape of(String json) {
    try {
      return of(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** The shape of a parsed document. */
  public static JsonShape of(JsonNode root) {
    Map<String, Set<Kind>> paths = new TreeMap<>();
    walk(root, "$", paths);
    return new JsonShape(paths);
  }

  private static void walk(JsonNode node, String path, Map<String, Set<Kind>> paths) {
    paths.computeIfAbsent(path, p -> EnumSet.noneOf(Kind.class)).add(kind(node));
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        walk(field.getValue(), path + "." + field.getKey(), paths);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        walk(element, path + "[]", paths);
      }
    }
  }

  private static Kind kind(JsonNode node) {
    if (node.isObject()) {
      return Kind.OBJECT;
    } else if (node.isArray()) {
      return Kind.ARRAY;
    } else if (node.isTextual()) {
      return Kind.STRING;
    } else if (node.isNumber()) {
      return Kind.NUMBER;
    } else if (node.isBoolean()) {
      return Kind.BOOLEAN;
    }
    return Kind.NULL;
  }

  /** Every path of the document with the kinds seen there, sorted by path. */
  public Map<String, Set<Kind>> paths() {
    return paths;
  }

  /**
   * This shape cut down to {@code roots}, the subtrees under them and their ancestors: for
   * documents (the Capacity scheduler's) whose full shape is more than a client reads.
   */
  public JsonShape restrictTo(Collection<String> roots) {
    Map<String, Set<Kind>> kept = new TreeMap<>();
    paths.forEach((path, kinds) -> {
      if (under(path, roots) || isAncestorOfAny(path, roots)) {
        kept.put(path, kinds);
      }
    });
    return new JsonShape(kept);
  }

  private static boolean isAncestorOfAny(String path, Collection<String> roots) {
    for (String root : roots) {
      if (under(root, List.of(path))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compares a candidate against this shape (the golden one).
   *
   * @param allowedMissing documented omissions: a path listed here, or any path under it, may be
   *                       missing from the candidate
   */
  public Comparison compare(JsonShape candidate, Collection<String> allowedMissing) {
    List<String> missing = new ArrayList<>();
    List<String> kindMismatches = new ArrayList<>();
    for (Map.Entry<String, Set<Kind>> golden : paths.entrySet()) {
      String path = golden.getKey();
      Set<Kind> seen = candidate.paths.get(path);
      if (seen == null) {
        // Ancestors sort before descendants, so a missing subtree is reported once, at its top.
        if (!under(path, allowedMissing) && !under(path, missing)) {
          missing.add(path);
        }
      } else if (!golden.getValue().containsAll(seen)) {
        kindMismatches.add(path + ": golden " + golden.getValue() + ", candidate " + seen);
      }
    }
    List<String> extra = new ArrayList<>();
    for (String path : candidate.paths.keySet()) {
      if (!paths.containsKey(path)) {
        extra.add(path);
      }
    }
    return new Comparison(missing, kindMismatches, extra);
  }

  /** True when {@code path} is one of {@code roots} or lies under one of them. */
  private static boolean under(String path, Collection<String> roots) {
    for (String allowed : roots) {
      if (path.equals(allowed) || path.startsWith(allowed + ".")
          || path.startsWith(allowed + "[")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The differences between a golden shape and a candidate.
   *
   * @param missing        golden paths absent from the candidate and not allowed to be (only the
   *                       topmost of a missing subtree is listed)
   * @param kindMismatches paths where the candidate shows a kind the golden never had
   * @param extra          candidate paths the golden does not have (informational: a golden
   *                       captured with fewer apps/queues cannot show every optional path)
   */
  public record Comparison(List<String> missing, List<String> kindMismatches, List<String> extra) {

    /** True when nothing is missing and no kind differs. */
    public boolean matches() {
      return missing.isEmpty() && kindMismatches.isEmpty();
    }

    /** A readable report for assertion messages. */
    public String report() {
      return "missing " + missing + "; kind mismatches " + kindMismatches + "; extra " + extra;
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    paths.forEach((p, k) -> out.append(p).append(' ').append(k).append('\n'));
    return out.toString();
  }
}
