package dev.roster.config;

import java.util.List;

/**
 * Configuration that cannot be used, with every problem found rather than the first: whoever fixes
 * the configuration should not have to restart once per mistake. Each problem is one line naming
 * the key (or file entry) and, unless it is a secret, the bad value.
 */
public final class ConfigProblems extends RuntimeException {

  private final List<String> problems;

  public ConfigProblems(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("ConfigProblems needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
