package dev.roster.ops;

import dev.roster.ops.HealthCheck.CheckResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the checks of one health endpoint answered, by name, in the order they were asked. */
record HealthReport(Map<String, CheckResult> results) {

  HealthReport {
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
  }

  boolean up() {
    return results.values().stream().allMatch(CheckResult::up);
  }
}
