package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.exceptions.InvalidLabelResourceRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ask validation errors (yarn-compat 8.1): rejected, never capped. */
class AskValidatorTest {

  private static final ResourceVector MAX = ResourceVector.of(4096, 4);
  private static final ResourceVector CONFIGURED = ResourceVector.of(8192, 4);

  private static ResourceRequest request(long memory, int vcores, int containers) {
    return ResourceRequest.newInstance(Priority.newInstance(3), ResourceRequest.ANY,
        Resource.newInstance(memory, vcores), containers);
  }

  @ParameterizedTest(name = "<{0} MB, {1} vcores> is rejected: {2}")
  @CsvSource({
      "4097, 1, greater than maximum allowed allocation",
      "1024, 5, greater than maximum allowed allocation",
      "-1, 1, less than 0",
      "1024, -1, less than 0",
  })
  void outOfRangeAsksAreRejectedWithTheStockMessage(long memory, int vcores, String text) {
    InvalidResourceRequestException e = assertThrows(InvalidResourceRequestException.class,
        () -> AskValidator.toAsk(request(memory, vcores, 1), MAX, CONFIGURED));
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void anAskAtTheMaximumIsTranslatedUnchanged() throws Exception {
    Ask ask = AskValidator.toAsk(request(4096, 4, 3), MAX, CONFIGURED);
    assertEquals(new Ask(3, -1, Ask.ANY, ResourceVector.of(4096, 4), 3, true), ask);
  }

  @Test
  void aCancelIsAcceptedWhateverItsSizeSoARefusedAskCanBeWithdrawn() throws Exception {
    Ask cancel = AskValidator.toAsk(request(64L * 1024 * 1024, 1, 0), MAX, CONFIGURED);
    assertEquals(0, cancel.numContainers());
  }

  @Test
  void aNegativeContainerCountIsRejected() {
    assertThrows(InvalidResourceRequestException.class,
        () -> AskValidator.toAsk(request(1024, 1, -2), MAX, CONFIGURED));
  }

  @Test
  void aLabelExpressionIsRejectedWhileLabelsAreDisabled() {
    ResourceRequest r = request(1024, 1, 1);
    r.setNodeLabelExpression("gpu");
    assertThrows(InvalidLabelResourceRequestException.class,
        () -> AskValidator.toAsk(r, MAX, CONFIGURED));
  }
}
