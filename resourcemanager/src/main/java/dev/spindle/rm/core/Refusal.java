package dev.spindle.rm.core;

/**
 * Why the core refused a command, in Spindle's terms. The core never builds Hadoop
 * exceptions: the RPC adapters turn a refusal into the exception class a stock client
 * expects and unwraps ({@code rpc.Refusals}).
 */
public final class Refusal extends Exception {

  /** What kind of refusal; each maps to one stock exception class. */
  public enum Kind {
    /** No such application (ApplicationNotFoundException). */
    UNKNOWN_APP,
    /** No such attempt (ApplicationAttemptNotFoundException). */
    UNKNOWN_ATTEMPT,
    /** No such live container (ContainerNotFoundException). */
    UNKNOWN_CONTAINER,
    /** The AM must register first (ApplicationMasterNotRegisteredException). */
    AM_NOT_REGISTERED,
    /** The AM's call does not fit its attempt (InvalidApplicationMasterRequestException). */
    INVALID_AM_REQUEST,
    /** A release of another attempt's container (InvalidContainerReleaseException). */
    INVALID_RELEASE,
    /** The caller lacks the right (AccessControlException, as RPCUtil wraps it). */
    ACCESS_DENIED,
    /** Anything else a client is told in words (YarnException). */
    REFUSED,
    /** The core cannot answer now: shutting down, or its change could not be stored. */
    UNAVAILABLE,
    /**
     * An offer-protocol call refused; the message starts with the protocol's reason
     * ({@code UNKNOWN_OFFER: ...}), which the offer adapter turns into its exception.
     */
    OFFER
  }

  private final Kind kind;

  public Refusal(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Refusal(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** An offer-protocol refusal: {@code reason} is one of the protocol's reason names. */
  static Refusal offer(String reason, String detail) {
    return new Refusal(Kind.OFFER, reason + ": " + detail);
  }
}
