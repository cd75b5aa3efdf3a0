package dev.roster.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health endpoints ask, by the name each answer is reported under. Liveness: can this
 * process still do its work (no: an orchestrator restarts it)? Readiness: is it doing it now (no:
 * it is starting, or something it depends on is away, and will come back by itself)?
 *
 * @param live what {@code /health/live} needs; none means live as long as it answers
 * @param ready what {@code /health/ready} needs, e.g. streams, kafka, registry
 */
public record HealthChecks(Map<String, HealthCheck> live, Map<String, HealthCheck> ready) {

  public HealthChecks {
    live = Collections.unmodifiableMap(new LinkedHashMap<>(live));
    ready = Collections.unmodifiableMap(new LinkedHashMap<>(ready));
  }
}
