package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The core's event loop: one thread, queue order, exceptions passed through by class. */
class EventLoopTest {

  @Test
  void operationsRunOnOneThreadInQueueOrder() throws Exception {
    try (EventLoop loop = new EventLoop()) {
      List<Integer> seen = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        loop.post(() -> seen.add(n));
      }
      Thread first = loop.call(Thread::currentThread);
      assertSame(first, loop.call(Thread::currentThread));
      assertEquals(100, loop.call(seen::size));
      for (int i = 0; i < 100; i++) {
        assertEquals(i, seen.get(i));
      }
    }
  }

  @Test
  void aRefusalKeepsItsKindAndABugItsClass() throws Exception {
    try (EventLoop loop = new EventLoop()) {
      assertEquals(Refusal.Kind.UNKNOWN_APP, assertThrows(Refusal.class, () -> loop.call(() -> {
        throw new Refusal(Refusal.Kind.UNKNOWN_APP, "nope");
      })).kind());
      assertThrows(IllegalStateException.class, () -> loop.call(() -> {
        throw new IllegalStateException("bug");
      }));
      assertEquals(42, loop.call(() -> 42), "the loop survives both");
    }
  }

  @Test
  void aFailingPostedOperationDoesNotStopTheLoop() throws Exception {
    try (EventLoop loop = new EventLoop()) {
      loop.post(() -> {
        throw new IllegalStateException("bug");
      });
      assertEquals("alive", loop.call(() -> "alive"));
    }
  }

  @Test
  void timersEnqueueOntoTheLoop() throws Exception {
    try (EventLoop loop = new EventLoop()) {
      Thread loopThread = loop.call(Thread::currentThread);
      CountDownLatch ticks = new CountDownLatch(3);
      List<Thread> threads = new ArrayList<>();
      loop.every(5, () -> {
        threads.add(Thread.currentThread());
        ticks.countDown();
      });
      assertTrue(ticks.await(10, TimeUnit.SECONDS));
      assertTrue(loop.call(() -> threads.stream().allMatch(t -> t == loopThread)));
    }
  }

  @Test
  void callsAfterCloseAreRefusedAsUnavailable() {
    EventLoop loop = new EventLoop();
    loop.close();
    assertEquals(Refusal.Kind.UNAVAILABLE,
        assertThrows(Refusal.class, () -> loop.call(() -> 1)).kind());
  }
}
