package dev.spindle.framework;

import dev.spindle.offers.OfferProtocolException;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;

/**
 * Retries an RPC whose answer was lost on the way (timeout, broken connection). Every call
 * the driver retries is safe to repeat: a poll repeats its response id and gets the same
 * answer, an accept repeats its sequence number, the others are idempotent. An answer from
 * the RM, even a refusal, is never retried.
 */
final class Retry {

  /** One RPC. */
  interface Call<T> {
    T run() throws IOException;
  }

  private final int attempts;
  private final long backoffMs;

  Retry(int attempts, long backoffMs) {
    this.attempts = attempts;
    this.backoffMs = backoffMs;
  }

  <T> T call(Call<T> call) throws IOException {
    IOException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return call.run();
      } catch (IOException e) {
        if (!isTransportFailure(e)) {
          throw e;
        }
        last = e;
        sleep();
      }
    }
    throw last;
  }

  /** True for a failure of the wire, not an answer of the RM. */
  static boolean isTransportFailure(IOException e) {
    return !(e instanceof RemoteException || e instanceof OfferProtocolException
        || e instanceof AccessControlException || e instanceof InvalidToken
        || e instanceof InterruptedIOException && Thread.currentThread().isInterrupted());
  }

  private void sleep() throws IOException {
    try {
      Thread.sleep(backoffMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted between retries");
    }
  }
}
