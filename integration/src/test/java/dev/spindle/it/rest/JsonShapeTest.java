package dev.spindle.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.rest.JsonShape.Comparison;
import dev.spindle.it.rest.JsonShape.Kind;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonShapeTest {

  @Test
  void pathsCarryKindsAndMergeArrayElements() {
    JsonShape shape = JsonShape.of(
        "{\"apps\":{\"app\":[{\"id\":\"a\",\"p\":1.5},{\"id\":\"b\",\"x\":null,\"ok\":true}]}}");
    Map<String, Set<Kind>> paths = shape.paths();
    assertEquals(List.of("$", "$.apps", "$.apps.app", "$.apps.app[]", "$.apps.app[].id",
        "$.apps.app[].ok", "$.apps.app[].p", "$.apps.app[].x"), List.copyOf(paths.keySet()));
    assertEquals(EnumSet.of(Kind.ARRAY), paths.get("$.apps.app"));
    assertEquals(EnumSet.of(Kind.OBJECT), paths.get("$.apps.app[]"));
    assertEquals(EnumSet.of(Kind.STRING), paths.get("$.apps.app[].id"));
    assertEquals(EnumSet.of(Kind.NUMBER), paths.get("$.apps.app[].p"));
    assertEquals(EnumSet.of(Kind.NULL), paths.get("$.apps.app[].x"));
    assertEquals(EnumSet.of(Kind.BOOLEAN), paths.get("$.apps.app[].ok"));
  }

  @Test
  void mixedKindsAtOnePathAreAllKept() {
    JsonShape shape = JsonShape.of("[1, \"1\", [2]]");
    assertEquals(EnumSet.of(Kind.NUMBER, Kind.STRING, Kind.ARRAY), shape.paths().get("$[]"));
    assertEquals(EnumSet.of(Kind.NUMBER), shape.paths().get("$[][]"));
  }

  @Test
  void identicalShapesMatchWhateverTheValues() {
    Comparison c = JsonShape.of("{\"app\":{\"id\":\"x\",\"n\":1}}")
        .compare(JsonShape.of("{\"app\":{\"n\":99,\"id\":\"y\"}}"), List.of());
    assertTrue(c.matches(), c.report());
    assertTrue(c.extra().isEmpty());
  }

  @Test
  void missingSubtreeIsReportedOnceAtItsTop() {
    JsonShape golden = JsonShape.of("{\"app\":{\"id\":\"x\",\"timeouts\":{\"timeout\":[{\"type\":"
        + "\"LIFETIME\"}]},\"z\":0}}");
    Comparison c = golden.compare(JsonShape.of("{\"app\":{\"id\":\"x\"}}"), List.of());
    assertFalse(c.matches());
    assertEquals(List.of("$.app.timeouts", "$.app.z"), c.missing());
  }

  @Test
  void allowListCoversAPathAndEverythingUnderIt() {
    JsonShape golden = JsonShape.of("{\"app\":{\"id\":\"x\",\"timeouts\":{\"timeout\":[{\"type\":"
        + "\"LIFETIME\"}]}}}");
    Comparison c = golden.compare(JsonShape.of("{\"app\":{\"id\":\"x\"}}"),
        List.of("$.app.timeouts"));
    assertTrue(c.matches(), c.report());
  }

  @Test
  void numberRenderedAsStringIsAKindMismatch() {
    Comparison c = JsonShape.of("{\"a\":{\"n\":1}}").compare(JsonShape.of("{\"a\":{\"n\":\"1\"}}"),
        List.of());
    assertFalse(c.matches());
    assertEquals(List.of("$.a.n: golden [NUMBER], candidate [STRING]"), c.kindMismatches());
  }

  @Test
  void oneElementListAsObjectIsAKindMismatch() {
    // Jersey 1 "natural" JSON could unwrap a one-element list; 3.5.0 keeps the array.
    Comparison c = JsonShape.of("{\"apps\":{\"app\":[{\"id\":\"a\"}]}}")
        .compare(JsonShape.of("{\"apps\":{\"app\":{\"id\":\"a\"}}}"), List.of());
    assertEquals(List.of("$.apps.app[]"), c.missing());
    assertEquals(1, c.kindMismatches().size());
    assertTrue(c.kindMismatches().get(0).startsWith("$.apps.app: golden [ARRAY]"));
  }

  @Test
  void extraPathsAreListedButDoNotFail() {
    Comparison c = JsonShape.of("{\"apps\":{}}")
        .compare(JsonShape.of("{\"apps\":{\"app\":[{\"id\":\"a\"}]}}"), List.of());
    assertTrue(c.matches(), c.report());
    assertEquals(List.of("$.apps.app", "$.apps.app[]", "$.apps.app[].id"), c.extra());
  }

  @Test
  void emptyListRenderedAsNullIsAKindMismatch() {
    // 3.4.x rendered an empty list as {"apps":null}; 3.5.0 renders {"apps":{}}.
    Comparison c = JsonShape.of("{\"apps\":{}}").compare(JsonShape.of("{\"apps\":null}"),
        List.of());
    assertEquals(List.of("$.apps: golden [OBJECT], candidate [NULL]"), c.kindMismatches());
  }

  @Test
  void restrictToKeepsSubtreesAndTheirAncestorsOnly() {
    JsonShape shape = JsonShape.of("{\"s\":{\"type\":\"x\",\"big\":{\"a\":1},"
        + "\"queues\":{\"queue\":[{\"queueName\":\"q\",\"other\":2}]}}}");
    JsonShape cut = shape.restrictTo(List.of("$.s.type", "$.s.queues.queue[].queueName"));
    assertEquals(List.of("$", "$.s", "$.s.queues", "$.s.queues.queue", "$.s.queues.queue[]",
        "$.s.queues.queue[].queueName", "$.s.type"), List.copyOf(cut.paths().keySet()));
  }

  @Test
  void notJsonIsRefused() {
    assertThrows(UncheckedIOException.class, () -> JsonShape.of("<html>"));
  }
}
