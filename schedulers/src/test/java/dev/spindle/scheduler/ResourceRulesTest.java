package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.mb;
import static dev.spindle.scheduler.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.scheduler.SchedulerSettings.Calculator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ResourceRulesTest {

  private static final SchedulerSettings MEMORY = SchedulerSettings.defaults();
  private static final SchedulerSettings DOMINANT = Fixtures.dominant();
  /** A Fair-style increment smaller than the minimum. */
  private static final SchedulerSettings FINE_STEP = new SchedulerSettings(
      mb(1024, 1), mb(8192, 4), mb(512, 1), Calculator.DOMINANT);

  static Stream<Arguments> normalisation() {
    return Stream.of(
        Arguments.of("an ask below the minimum is raised to it", DOMINANT, mb(100, 0), mb(1024, 1)),
        Arguments.of("an exact multiple stays as it is", DOMINANT, mb(2048, 2), mb(2048, 2)),
        Arguments.of("memory is rounded up, never down", DOMINANT, mb(1025, 1), mb(2048, 1)),
        Arguments.of("vcores are rounded up with the dominant calculator", FINE_STEP,
            mb(1500, 3), mb(1536, 3)),
        Arguments.of("the memory calculator carries 1 vcore whatever was asked", MEMORY,
            mb(1500, 3), mb(2048, 1)),
        Arguments.of("the memory calculator gives 1 vcore to a zero-vcore ask", MEMORY,
            mb(0, 0), mb(1024, 1)),
        Arguments.of("an ask above the maximum is not capped", DOMINANT,
            mb(10000, 9), mb(10240, 9)),
        Arguments.of("the step is the increment, not the minimum, when they differ", FINE_STEP,
            mb(1100, 1), mb(1536, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("normalisation")
  void normalises(String sentence, SchedulerSettings settings, ResourceVector ask,
      ResourceVector expected) {
    assertEquals(expected, new ResourceRules(settings).normalize(ask));
    assertEquals(expected, new FifoScheduler(settings).normalize(ask));
  }

  @Test
  void theMaximumIsTheConfiguredOneWhileNoNodeHasJoined() {
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    assertEquals(mb(8192, 4), s.maximumAllocation("default"));
  }

  @Test
  void theMaximumIsCappedPerResourceByTheLargestNode() {
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    s.addNode(node("small", "/r", 4096, 8));
    s.addNode(node("wide", "/r", 2048, 2));
    // Memory from the 4 GB node, vcores from the configured maximum (below 8).
    assertEquals(mb(4096, 4), s.maximumAllocation("default"));
    s.removeNode(Fixtures.id("small"));
    assertEquals(mb(2048, 2), s.maximumAllocation("anything"));
    s.removeNode(Fixtures.id("wide"));
    assertEquals(mb(8192, 4), s.maximumAllocation("default"));
  }

  @Test
  void theMemoryCalculatorFitsOnMemoryAlone() {
    ResourceRules rules = new ResourceRules(MEMORY);
    assertEquals(true, rules.fits(mb(1024, 8), mb(1024, 0)));
    assertEquals(false, rules.fits(mb(2048, 1), mb(1024, 8)));
    assertEquals(false, new ResourceRules(DOMINANT).fits(mb(1024, 8), mb(1024, 0)));
  }
}
