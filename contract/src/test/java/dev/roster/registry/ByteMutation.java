package dev.roster.registry;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a record's bytes, for property tests that feed mutated encodings to a reader: a
 * kind the test defines and applies, where (a fraction of the length it applies to) and a byte's
 * worth of value to use as it likes.
 */
public record ByteMutation<K extends Enum<K>>(K kind, double at, int value) {

  /** Where in {@code length} bytes this mutation applies: 0 to length - 1. */
  public int position(int length) {
    return (int) (at * length);
  }

  /** One to four mutations of {@code kinds}. */
  public static <K extends Enum<K>> Arbitrary<List<ByteMutation<K>>> lists(Class<K> kinds) {
    Arbitrary<ByteMutation<K>> mutation =
        Combinators.combine(
                Arbitraries.of(kinds),
                Arbitraries.doubles().between(0, 1).filter(at -> at < 1),
                Arbitraries.integers().between(0, 255))
            .as(ByteMutation::new);
    return mutation.list().ofMinSize(1).ofMaxSize(4);
  }
}
