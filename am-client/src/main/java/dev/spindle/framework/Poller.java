package dev.spindle.framework;

import dev.spindle.offers.OfferProtocolClient;
import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.yarn.api.records.NMToken;

/**
 * The driver's heartbeat: polls the RM at the poll interval with the AM-RM allocate
 * discipline (each poll sends the response id of the last answer; a lost answer is asked for
 * again with the same id and comes back the same), hands new NM tokens to the launcher and
 * each event, in order, to the driver. Re-registers when the RM no longer knows the
 * framework (an RM restart or failover); any other refusal ends the driver through error().
 */
final class Poller implements Runnable {

  /** Where the poller delivers what it learns; implemented by the driver. */
  interface Sink {
    void nmTokens(List<NMToken> tokens);

    /** The RM rolled the attempt's AMRM token (serialized TokenProto). */
    void amrmToken(ByteString token) throws IOException;

    void event(EventProto event);

    /** Registers again after the RM forgot the framework; returns the poll interval. */
    long reregister() throws IOException;

    void failed(String message);
  }

  private final OfferProtocolClient client;
  private final Retry retry;
  private final Sink sink;
  private volatile long intervalMs;
  private volatile boolean running = true;
  private int responseId;

  Poller(OfferProtocolClient client, Retry retry, Sink sink, long intervalMs) {
    this.client = client;
    this.retry = retry;
    this.sink = sink;
    this.intervalMs = intervalMs;
  }

  void halt() {
    running = false;
  }

  @Override
  public void run() {
    while (running) {
      try {
        PollResponseProto answer = retry.call(() -> client.poll(
            PollRequestProto.newBuilder().setResponseId(responseId).build()));
        if (!running) {
          return; // stopped while the poll was on the wire: stop() owns what follows
        }
        responseId = answer.getResponseId();
        sink.nmTokens(tokens(answer.getNmTokensList()));
        if (answer.hasAmrmToken()) {
          sink.amrmToken(answer.getAmrmToken());
        }
        for (EventProto event : answer.getEventsList()) {
          sink.event(event);
          if (event.hasError()) {
            return; // the driver has failed; nothing after an error is delivered
          }
        }
        Thread.sleep(intervalMs);
      } catch (OfferProtocolException e) {
        if (e.reason() != OfferProtocolException.Reason.NOT_REGISTERED || !reregister()) {
          fail("the RM refused a poll: " + e.getMessage());
          return;
        }
      } catch (InterruptedException e) {
        return; // stop() interrupts the sleep
      } catch (IOException e) {
        fail("polling the RM failed: " + e);
        return;
      }
    }
  }

  private boolean reregister() {
    try {
      intervalMs = sink.reregister();
      responseId = 0;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void fail(String message) {
    if (running) {
      sink.failed(message);
    }
  }

  private static List<NMToken> tokens(List<ByteString> raw) throws IOException {
    List<NMToken> out = new ArrayList<>(raw.size());
    for (ByteString bytes : raw) {
      out.add(Protos.nmToken(bytes));
    }
    return out;
  }
}
