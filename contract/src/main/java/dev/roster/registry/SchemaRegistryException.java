package dev.roster.registry;

/**
 * A schema registry request failed. Carries the HTTP status and the registry's {@code error_code}
 * (which differ between Confluent versions and Apicurio, so callers should decide on the status).
 */
public class SchemaRegistryException extends RuntimeException {

  /** Status used when no HTTP answer was received at all. */
  public static final int NO_RESPONSE = -1;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }

  public boolean isNotFound() {
    return httpStatus == 404;
  }

  /**
   * Worth retrying later: no registry answered, or one answered with a server error (5xx:
   * restarting, its own storage not ready). A 4xx (bad credentials, invalid or incompatible schema)
   * is not.
   */
  public boolean isTransient() {
    return httpStatus == NO_RESPONSE || httpStatus >= 500;
  }

  /**
   * The schema is incompatible with the subject's earlier versions under its compatibility level.
   */
  public static final class Incompatible extends SchemaRegistryException {
    public Incompatible(String message, int httpStatus, int errorCode) {
      super(message, httpStatus, errorCode, null);
    }
  }

  /** No registry at the configured address answered (connection refused, DNS, TLS, timeout). */
  public static final class Unreachable extends SchemaRegistryException {
    public Unreachable(String message, Throwable cause) {
      super(message, NO_RESPONSE, NO_RESPONSE, cause);
    }
  }
}
