package dev.spindle.offers;

import java.io.IOException;
import java.util.Locale;

/**
 * The RM refused an offer-protocol call: bad input or a call out of step. The message names
 * what was wrong (the offer id, the container id, the response id) and starts with the
 * {@link Reason} so that the reason survives Hadoop RPC, which carries an exception as its
 * class name and message only. Nothing was changed on the RM by a refused call.
 */
public class OfferProtocolException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Why a call was refused. */
  public enum Reason {
    /** No such offer (never made, or already accepted or declined). */
    UNKNOWN_OFFER,
    /** The offer timed out and was rescinded. */
    EXPIRED_OFFER,
    /** The offer was rescinded (node lost or decommissioned, resources reclaimed). */
    RESCINDED_OFFER,
    /** The offer was made to another framework. */
    NOT_YOUR_OFFER,
    /** The offers of one accept are on different nodes. */
    OFFERS_ON_DIFFERENT_NODES,
    /** The launches need more than the accepted offers hold. */
    OVER_LAUNCH,
    /** The attempt has not registered as a framework (or the RM restarted): register again. */
    NOT_REGISTERED,
    /** A poll whose response id is neither the current nor the previous one. */
    OUT_OF_STEP,
    /** Any other malformed request (no offers, a negative resource, an unknown container). */
    INVALID_REQUEST
  }

  private final Reason reason;

  /**
   * Used by Hadoop RPC to rebuild the exception on the client. The text Hadoop RPC carries is
   * the message followed by the server's stack trace; only the message is kept.
   */
  public OfferProtocolException(String message) {
    super(firstLine(message));
    this.reason = parse(message);
  }

  public OfferProtocolException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end).stripTrailing();
  }

  private static Reason parse(String message) {
    if (message != null) {
      int colon = message.indexOf(':');
      if (colon > 0) {
        try {
          return Reason.valueOf(message.substring(0, colon).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notAReason) {
          // fall through
        }
      }
    }
    return Reason.INVALID_REQUEST;
  }
}
