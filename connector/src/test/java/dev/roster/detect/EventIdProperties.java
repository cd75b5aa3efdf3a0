package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class EventIdProperties {

  record EventName(String accountId, String userId, long pollId, ChangeType type) {
    String eventId() {
      return ChangeEvents.eventId(accountId, userId, pollId, type);
    }
  }

  record NamePair(EventName first, EventName second) {}

  /**
   * Pairs that are equal or differ in one part only. The parts are few and run together alike ("a"
   * + "bc" and "ab" + "c"). Ids are compared as Avro carries them, so unpaired surrogates are left
   * out: Avro writes them as '?', and so do event ids.
   */
  @Provide
  Arbitrary<NamePair> pairs() {
    Arbitrary<String> parts = Arbitraries.of("", "a", "ab", "bc", "c", "null", "ia-1", "00u1é");
    Arbitrary<EventName> names =
        Combinators.combine(
                parts, parts, Arbitraries.longs().between(-1, 2), Arbitraries.of(ChangeType.class))
            .as(EventName::new);
    return Combinators.combine(names, names, Arbitraries.integers().between(0, 4))
        .as(
            (first, other, part) ->
                new NamePair(
                    first,
                    switch (part) {
                      case 1 ->
                          new EventName(
                              other.accountId(), first.userId(), first.pollId(), first.type());
                      case 2 ->
                          new EventName(
                              first.accountId(), other.userId(), first.pollId(), first.type());
                      case 3 ->
                          new EventName(
                              first.accountId(), first.userId(), other.pollId(), first.type());
                      case 4 ->
                          new EventName(
                              first.accountId(), first.userId(), first.pollId(), other.type());
                      default -> first;
                    }));
  }

  @Property(tries = 2000)
  void eventIdsAreEqualExactlyWhenTheirPartsAre(@ForAll("pairs") NamePair pair) {
    assertThat(pair.first().eventId()).isEqualTo(pair.first().eventId());
    boolean sameName = pair.first().equals(pair.second());
    assertThat(pair.first().eventId().equals(pair.second().eventId())).isEqualTo(sameName);
    Statistics.collect(sameName);
    Statistics.coverage(
        coverage -> {
          coverage.check(true).percentage(share -> share > 10);
          coverage.check(false).percentage(share -> share > 30);
        });
  }
}
