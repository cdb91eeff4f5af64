package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * Parked replies: an operation that persisted something is answered only once the sink says
 * it is durable, while the loop goes on serving operations that wrote nothing. The sink here
 * is durable exactly when the test says so, so every ordering below is deterministic.
 */
@org.junit.jupiter.api.Timeout(120)
class ParkedReplyTest {

  /** A sink whose flushes complete when the test completes {@link #gate}. */
  private static final class GatedSink implements RecordSink {
    final List<StateRecord> persisted = new ArrayList<>();
    volatile CompletableFuture<Void> gate = new CompletableFuture<>();
    private int unflushed;

    @Override
    public void persist(StateRecord record) {
      persisted.add(record);
      unflushed++;
    }

    @Override
    public CompletableFuture<Void> flush() {
      if (unflushed == 0) {
        return DURABLE;
      }
      unflushed = 0;
      return gate;
    }
  }

  private static final StateRecord RECORD =
      new StateRecord.AppEvicted(ApplicationId.newInstance(1, 1));

  @Test
  void aWriteIsAnsweredOnlyOnceDurableWhileTheLoopServesOthers() throws Exception {
    GatedSink sink = new GatedSink();
    try (EventLoop loop = new EventLoop(sink)) {
      CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> call(loop, () -> {
        sink.persist(RECORD);
        return "stored";
      }));
      // Wait until the write ran on the loop (its record reached the sink) ...
      awaitPersisted(loop, sink);
      // ... then an operation that wrote nothing is answered at once, after it in queue order.
      assertEquals("heartbeat", loop.call(() -> "heartbeat"));
      assertEquals(1, loop.parkedReplies());
      assertFalse(writer.isDone(), "answered before the store said it was durable");

      sink.gate.complete(null);
      assertEquals("stored", writer.get(60, TimeUnit.SECONDS));
      assertEquals(0, loop.parkedReplies());
    }
  }

  @Test
  void aWriteTheStoreRefusesIsAnsweredWithAnError() throws Exception {
    GatedSink sink = new GatedSink();
    sink.gate.completeExceptionally(new IllegalStateException("ZooKeeper said no"));
    try (EventLoop loop = new EventLoop(sink)) {
      Refusal e = assertThrows(Refusal.class, () -> loop.call(() -> {
        sink.persist(RECORD);
        return "stored";
      }));
      assertEquals(Refusal.Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("could not store"), e.getMessage());
      assertEquals("alive", loop.call(() -> "alive"), "the loop keeps serving");
    }
  }

  @Test
  void anOperationThatFailsAfterWritingIsAnsweredWithItsErrorOnceDurable() throws Exception {
    GatedSink sink = new GatedSink();
    try (EventLoop loop = new EventLoop(sink)) {
      CompletableFuture<String> failing = CompletableFuture.supplyAsync(() -> call(loop, () -> {
        sink.persist(RECORD);
        throw new Refusal(Refusal.Kind.UNKNOWN_APP, "gone after writing");
      }));
      awaitPersisted(loop, sink);
      assertEquals("next", loop.call(() -> "next"));
      assertFalse(failing.isDone());
      sink.gate.complete(null);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> failing.get(60, TimeUnit.SECONDS));
      assertEquals(Refusal.Kind.UNKNOWN_APP, ((Refusal) e.getCause()).kind(),
          "the operation's own refusal");
    }
  }

  @Test
  void aTimersWriteIsFlushedAndParksNobody() throws Exception {
    GatedSink sink = new GatedSink();
    try (EventLoop loop = new EventLoop(sink)) {
      loop.post(() -> sink.persist(RECORD));
      // Had the post not flushed, this read-only call would find its record unflushed and
      // wait for the gate; it is answered at once instead.
      assertEquals(1, (int) loop.call(() -> sink.persisted.size()));
      assertEquals(0, loop.parkedReplies(), "nobody waits for a posted write");
    }
  }

  /** Polls (through the loop) until the sink has a record. */
  private static void awaitPersisted(EventLoop loop, GatedSink sink) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (loop.call(() -> sink.persisted.isEmpty())) {
      assertTrue(System.nanoTime() < deadline, "the write never ran");
      Thread.sleep(5);
    }
  }

  private static <T> T call(EventLoop loop, EventLoop.Op<T> op) {
    try {
      return loop.call(op);
    } catch (Refusal e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
