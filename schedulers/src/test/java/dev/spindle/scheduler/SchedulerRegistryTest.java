package dev.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerRegistryTest {

  private final SchedulerRegistry registry = SchedulerRegistry.withBuiltins();

  @ParameterizedTest(name = "FIFO is created from \"{0}\"")
  @ValueSource(strings = {"fifo", " fifo ", SchedulerRegistry.STOCK_FIFO,
      "dev.spindle.scheduler.FifoScheduler"})
  void fifoAliases(String name) {
    Scheduler s = registry.create(name, SchedulerSettings.defaults());
    assertInstanceOf(FifoScheduler.class, s);
    assertEquals("fifo", s.name());
  }

  @Test
  @DisplayName("each create call gives a fresh scheduler")
  void freshInstances() {
    Scheduler a = registry.create("fifo", SchedulerSettings.defaults());
    Scheduler b = registry.create("fifo", SchedulerSettings.defaults());
    assertTrue(a != b);
  }

  @Test
  @DisplayName("registering a taken name or alias is rejected")
  void duplicateRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.register("other", FifoScheduler::new, SchedulerRegistry.STOCK_FIFO));
    assertEquals("Scheduler name already registered: " + SchedulerRegistry.STOCK_FIFO,
        e.getMessage());
  }

  @Test
  @DisplayName("an unknown name is reported with the names that are known")
  void unknownName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.create("lottery", SchedulerSettings.defaults()));
    assertTrue(e.getMessage().startsWith("Unknown scheduler 'lottery'; known: [fifo, "),
        e.getMessage());
  }
}
