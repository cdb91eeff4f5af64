package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.R1;
import static dev.spindle.scheduler.Fixtures.R2;
import static dev.spindle.scheduler.Fixtures.any;
import static dev.spindle.scheduler.Fixtures.app;
import static dev.spindle.scheduler.Fixtures.ask;
import static dev.spindle.scheduler.Fixtures.count;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.mb;
import static dev.spindle.scheduler.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Ask replacement and the locality rules of yarn-compat 2.5, on h1, h2 (/r1) and h3 (/r2). */
class AskAndLocalityTest {

  private final FifoScheduler s = Fixtures.threeNodes();

  // Decrement tests ask for whole 4 GB nodes so that one allocation fills a node.

  private Allocation only(List<Allocation> allocations) {
    assertEquals(1, allocations.size(), allocations.toString());
    return allocations.get(0);
  }

  @Test
  @DisplayName("a new ask at the same key replaces the old count instead of adding to it")
  void replaceNotDelta() {
    submit(s, app(1), any(1, 1024, 5));
    s.updateAsks(1, List.of(any(1, 1024, 2)));
    assertEquals(2, count(s, 1, 1, Ask.ANY));
    assertEquals(mb(2048, 2), s.application(1).orElseThrow().pending());
    // Capability is not part of the key: a different size overwrites too.
    s.updateAsks(1, List.of(any(1, 2048, 1)));
    assertEquals(mb(2048, 1), s.application(1).orElseThrow().pending());
    assertEquals(2048, only(s.allocateOn(id("h1"))).resource().memoryMb());
  }

  @Test
  @DisplayName("an ask with zero containers cancels it and nothing more is allocated")
  void cancelByZero() {
    submit(s, app(1), any(1, 1024, 3));
    s.updateAsks(1, List.of(any(1, 1024, 0)));
    assertNull(Fixtures.group(s, 1, 1));
    assertEquals(List.of(), s.allocateAll());
    assertNull(s.application(1).orElseThrow().pendingReason());
  }

  @Test
  @DisplayName("asks are normalised on arrival, so the allocation is never smaller than asked")
  void asksAreNormalised() {
    submit(s, app(1), new Ask(1, -1, Ask.ANY, mb(1500, 3), 1, true));
    Allocation a = only(s.allocateOn(id("h1")));
    assertEquals(mb(2048, 1), a.resource());
  }

  @Test
  @DisplayName("node-local allocation decrements the host, rack and ANY asks")
  void nodeLocal() {
    submit(s, app(1), ask(1, "h1", 4096, 1, true), ask(1, R1, 4096, 1, true), any(1, 4096, 2));
    Allocation a = only(s.allocateOn(id("h1")));
    assertEquals(Locality.NODE_LOCAL, a.locality());
    assertEquals(0, count(s, 1, 1, "h1"));
    assertEquals(0, count(s, 1, 1, R1));
    assertEquals(1, count(s, 1, 1, Ask.ANY));
  }

  @Test
  @DisplayName("rack-local allocation decrements the rack and ANY asks but not the host")
  void rackLocal() {
    submit(s, app(1), ask(1, "h1", 4096, 1, true), ask(1, R1, 4096, 1, true), any(1, 4096, 2));
    Allocation a = only(s.allocateOn(id("h2")));
    assertEquals(Locality.RACK_LOCAL, a.locality());
    assertEquals(1, count(s, 1, 1, "h1"));
    assertEquals(0, count(s, 1, 1, R1));
    assertEquals(1, count(s, 1, 1, Ask.ANY));
    // h1 is still asked for but its rack is served: the rest goes off-switch.
    assertEquals(Locality.OFF_SWITCH, only(s.allocateOn(id("h1"))).locality());
  }

  @Test
  @DisplayName("off-switch allocation decrements the ANY ask alone")
  void offSwitch() {
    submit(s, app(1), ask(1, "h1", 1024, 1, true), ask(1, R1, 1024, 1, true), any(1, 1024, 1));
    Allocation a = only(s.allocateOn(id("h3")));
    assertEquals(Locality.OFF_SWITCH, a.locality());
    assertEquals(1, count(s, 1, 1, "h1"));
    assertEquals(1, count(s, 1, 1, R1));
    assertEquals(0, count(s, 1, 1, Ask.ANY));
  }

  @Test
  @DisplayName("an ANY-only ask places anywhere, even with relaxLocality false")
  void anyOnly() {
    submit(s, app(1), new Ask(1, -1, Ask.ANY, mb(1024, 1), 1, false));
    assertEquals(Locality.OFF_SWITCH, only(s.allocateOn(id("h3"))).locality());
  }

  @Test
  @DisplayName("strict node placement (AMRMClient relaxLocality=false) only uses the named node")
  void strictNode() {
    submit(s, app(1), ask(1, "h1", 1024, 1, true), ask(1, R1, 1024, 1, false),
        new Ask(1, -1, Ask.ANY, mb(1024, 1), 1, false));
    assertEquals(List.of(), s.allocateOn(id("h3")));
    assertEquals(List.of(), s.allocateOn(id("h2")));
    assertEquals(WaitReason.LOCALITY.reason, s.application(1).orElseThrow().pendingReason());
    assertEquals(Locality.NODE_LOCAL, only(s.allocateOn(id("h1"))).locality());
    assertEquals(List.of(), s.allocateAll());
  }

  @Test
  @DisplayName("a strict ANY with a relaxed rack allows rack-local but not off-switch")
  void strictAnyRelaxedRack() {
    submit(s, app(1), ask(1, R2, 1024, 1, true), new Ask(1, -1, Ask.ANY, mb(1024, 1), 1, false));
    assertEquals(List.of(), s.allocateOn(id("h1")));
    assertEquals(Locality.RACK_LOCAL, only(s.allocateOn(id("h3"))).locality());
  }

  @Test
  @DisplayName("a strict rack keeps its other hosts out, but other racks may go off-switch")
  void strictRack() {
    submit(s, app(1), ask(1, "h1", 4096, 1, true), ask(1, R1, 4096, 1, false), any(1, 4096, 2));
    assertEquals(List.of(), s.allocateOn(id("h2")));
    assertEquals(Locality.OFF_SWITCH, only(s.allocateOn(id("h3"))).locality());
    assertEquals(Locality.NODE_LOCAL, only(s.allocateOn(id("h1"))).locality());
  }

  @Test
  @DisplayName("a locality miss on one priority does not stop a lower priority of the same app")
  void localityMissSkipsToNextGroup() {
    submit(s, app(1), ask(1, "h1", 1024, 1, true), ask(1, R1, 1024, 1, false),
        new Ask(1, -1, Ask.ANY, mb(1024, 1), 1, false), any(2, 1024, 1));
    Allocation a = only(s.allocateOn(id("h3")));
    assertEquals(2, a.priority());
    assertTrue(s.state.app(1).missedOpportunities(1) > 0);
  }

  @Test
  @DisplayName("blacklisted hosts and racks are skipped until removed from the blacklist")
  void blacklist() {
    submit(s, app(1), any(1, 1024, 1));
    s.updateBlacklist(1, List.of("h1", R2), List.of());
    assertEquals(List.of(), s.allocateOn(id("h1")));
    assertEquals(List.of(), s.allocateOn(id("h3")));
    assertEquals(WaitReason.BLACKLISTED.reason, s.application(1).orElseThrow().pendingReason());
    s.updateBlacklist(1, List.of(), List.of("h1"));
    assertEquals(id("h1"), only(s.allocateOn(id("h1"))).nodeId());
  }

  @Test
  @DisplayName("the blacklist of one application does not affect another")
  void blacklistIsPerApplication() {
    submit(s, app(1), any(1, 4096, 1));
    submit(s, app(2), any(1, 4096, 1));
    s.updateBlacklist(1, List.of("h1"), List.of());
    assertEquals(2, only(s.allocateOn(id("h1"))).appKey());
  }

  @Test
  @DisplayName("clearing asks drops every outstanding ask of the application")
  void clearAsks() {
    submit(s, app(1), any(1, 1024, 3), ask(1, "h1", 1024, 1, true));
    s.clearAsks(1);
    assertEquals(List.of(), s.allocateAll());
    assertEquals(ResourceVector.ZERO, s.application(1).orElseThrow().pending());
  }
}
