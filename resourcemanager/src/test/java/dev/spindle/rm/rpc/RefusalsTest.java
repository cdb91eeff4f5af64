package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.Refusal;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.ContainerNotFoundException;
import org.apache.hadoop.yarn.exceptions.InvalidApplicationMasterRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidContainerReleaseException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.junit.jupiter.api.Test;

/** Each refusal reaches clients as the exception class stock clients catch or unwrap. */
class RefusalsTest {

  @Test
  void everyKindBecomesItsStockExceptionWithTheCoresMessage() {
    Map<Refusal.Kind, Class<?>> expected = new EnumMap<>(Refusal.Kind.class);
    expected.put(Refusal.Kind.UNKNOWN_APP, ApplicationNotFoundException.class);
    expected.put(Refusal.Kind.UNKNOWN_ATTEMPT, ApplicationAttemptNotFoundException.class);
    expected.put(Refusal.Kind.UNKNOWN_CONTAINER, ContainerNotFoundException.class);
    expected.put(Refusal.Kind.AM_NOT_REGISTERED, ApplicationMasterNotRegisteredException.class);
    expected.put(Refusal.Kind.INVALID_AM_REQUEST,
        InvalidApplicationMasterRequestException.class);
    expected.put(Refusal.Kind.INVALID_RELEASE, InvalidContainerReleaseException.class);
    expected.put(Refusal.Kind.REFUSED, YarnException.class);
    expected.put(Refusal.Kind.UNAVAILABLE, YarnException.class);
    expected.put(Refusal.Kind.ACCESS_DENIED, YarnException.class);
    // The offer adapter turns these into OfferProtocolException itself; elsewhere: words.
    expected.put(Refusal.Kind.OFFER, YarnException.class);
    assertEquals(Refusal.Kind.values().length, expected.size(), "every kind is covered");
    for (var e : expected.entrySet()) {
      YarnException y = Refusals.toYarn(new Refusal(e.getKey(), "because " + e.getKey()));
      assertEquals(e.getValue(), y.getClass(), e.getKey().name());
      if (e.getKey() != Refusal.Kind.ACCESS_DENIED) {
        assertEquals("because " + e.getKey(), y.getMessage());
      }
    }
  }

  @Test
  void anAccessRefusalUnwrapsToAnAccessControlExceptionAsRpcUtilWrapsIt() {
    YarnException y = Refusals.toYarn(new Refusal(Refusal.Kind.ACCESS_DENIED, "no, alice"));
    // Stock RMAppManager and ClientRMService wrap it so (RPCUtil.getRemoteException);
    // clients unwrap the cause.
    assertEquals("no, alice",
        assertInstanceOf(AccessControlException.class, y.getCause()).getMessage());
  }

  @Test
  void aRefusalOnTheLoopComesBackAsTheStockException() throws Exception {
    try (EventLoop loop = new EventLoop()) {
      assertInstanceOf(ApplicationNotFoundException.class,
          org.junit.jupiter.api.Assertions.assertThrows(YarnException.class,
              () -> Refusals.call(loop, () -> {
                throw new Refusal(Refusal.Kind.UNKNOWN_APP, "gone");
              })));
      assertEquals(7, Refusals.call(loop, () -> 7));
    }
  }
}
