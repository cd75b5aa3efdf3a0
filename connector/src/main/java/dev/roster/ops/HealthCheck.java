package dev.roster.ops;

/**
 * One thing {@code /health/live} or {@code /health/ready} depends on, e.g. {@code () ->
 * CheckResult.up("RUNNING")}. May block; the server bounds it.
 */
@FunctionalInterface
public interface HealthCheck {

  CheckResult check() throws Exception;

  /** Whether the dependency is usable, and in words what was seen. */
  record CheckResult(boolean up, String detail) {

    public static CheckResult up(String detail) {
      return new CheckResult(true, detail);
    }

    public static CheckResult down(String detail) {
      return new CheckResult(false, detail);
    }
  }
}
