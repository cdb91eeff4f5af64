package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.R1;
import static dev.spindle.scheduler.Fixtures.R2;
import static dev.spindle.scheduler.Fixtures.id;
import static dev.spindle.scheduler.Fixtures.mb;
import static dev.spindle.scheduler.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NodeTableTest {

  private final NodeTable table = new NodeTable(new ResourceRules(SchedulerSettings.defaults()));

  @Test
  @DisplayName("host and rack indexes follow nodes joining and leaving")
  void indexes() {
    table.add(node("h1", R1, 4096, 4));
    table.add(new NodeSpec("h1:9999", "h1", R1, mb(2048, 2)));
    table.add(node("h2", R2, 4096, 4));
    assertEquals(Set.of(id("h1"), "h1:9999"), table.nodesOnHost("h1"));
    assertEquals(Set.of(id("h1"), "h1:9999"), table.nodesInRack(R1));
    table.remove(table.get("h1:9999"));
    assertEquals(Set.of(id("h1")), table.nodesOnHost("h1"));
    table.remove(table.get(id("h2")));
    assertTrue(table.nodesInRack(R2).isEmpty());
    assertEquals(mb(4096, 4), table.capacity());
  }

  @Test
  @DisplayName("the largest node is tracked per resource and survives removals")
  void largestNode() {
    assertNull(table.largestNode());
    table.add(node("big", R1, 8192, 2));
    table.add(node("wide", R1, 2048, 16));
    table.add(node("twin", R1, 8192, 1));
    assertEquals(mb(8192, 16), table.largestNode());
    table.remove(table.get(id("big")));
    assertEquals(mb(8192, 16), table.largestNode());
    table.remove(table.get(id("wide")));
    assertEquals(mb(8192, 1), table.largestNode());
  }

  @Test
  @DisplayName("a node leaves the room index once it cannot hold a minimum container")
  void roomIndex() {
    table.add(node("h1", R1, 2048, 4));
    table.add(node("h2", R1, 2048, 4));
    NodeState h1 = table.get(id("h1"));
    table.charge(h1, 1, mb(1024, 1));
    assertTrue(table.hasRoom(h1));
    table.charge(h1, 2, mb(1024, 1));
    assertFalse(table.hasRoom(h1));
    assertEquals(id("h2"), table.firstWithRoom());
    table.credit(h1, 2, mb(1024, 1));
    assertEquals(id("h1"), table.firstWithRoom());
    assertEquals(id("h2"), table.nextWithRoom(id("h1")));
    assertNull(table.nextWithRoom(id("h2")));
    assertEquals(List.of(1L), h1.allocationIds());
  }

  @Test
  @DisplayName("removing a node that still holds containers is a bug")
  void removeBusyNode() {
    table.add(node("h1", R1, 2048, 4));
    table.charge(table.get(id("h1")), 1, mb(1024, 1));
    assertThrows(IllegalStateException.class, () -> table.remove(table.get(id("h1"))));
  }

  @Test
  @DisplayName("the room index yields nodes in id order that can hold a given memory, as they fill and free")
  void roomByMemory() {
    table.add(node("a", R1, 4096, 4));
    table.add(node("b", R1, 2048, 4));
    table.add(node("c", R2, 8192, 4));
    table.add(node("d", R2, 4096, 4));
    assertEquals(id("a"), table.nextWithRoom(null, 4096));
    assertEquals(id("c"), table.nextWithRoom(id("a"), 4096));
    assertEquals(id("d"), table.nextWithRoom(id("c"), 4096));
    assertNull(table.nextWithRoom(id("d"), 4096));
    assertEquals(id("c"), table.nextWithRoom(null, 5000));

    table.charge(table.get(id("c")), 1, mb(6144, 1));
    assertEquals(id("d"), table.nextWithRoom(id("a"), 4096));
    assertEquals(id("b"), table.nextWithRoom(id("a"), 2048));
    table.setSchedulable(table.get(id("d")), false);
    assertNull(table.nextWithRoom(id("a"), 4096));
    table.credit(table.get(id("c")), 1, mb(6144, 1));
    assertEquals(id("c"), table.nextWithRoom(id("a"), 4096));
    table.remove(table.get(id("c")));
    assertNull(table.nextWithRoom(id("a"), 4096));
  }
}
