package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountsOwnershipTest {

  @Test
  void theOwnerOfPartitionZeroLeadsAndNobodyElse() {
    assertThat(new AccountsOwnership(Set.of(0), 3).leads()).isTrue();
    assertThat(new AccountsOwnership(Set.of(2, 0), 3).leads()).isTrue();
    assertThat(new AccountsOwnership(Set.of(1, 2), 3).leads()).isFalse();
    assertThat(new AccountsOwnership(Set.of(), 3).leads())
        .as("before the first assignment, or after leaving")
        .isFalse();
  }

  @Test
  void exactlyOneInstanceLeadsWhateverWayThePartitionsAreSplit() {
    List<List<Set<Integer>>> splits =
        List.of(
            List.of(Set.of(0, 1, 2)),
            List.of(Set.of(0), Set.of(1), Set.of(2)),
            List.of(Set.of(1), Set.of(2, 0)),
            List.of(Set.of(), Set.of(0, 1), Set.of(2)));
    for (List<Set<Integer>> split : splits) {
      assertThat(split.stream().filter(owned -> new AccountsOwnership(owned, 3).leads()).count())
          .as("leaders of %s", split)
          .isEqualTo(1);
    }
  }

  @Test
  void countsWhatItOwnsAndRefusesPartitionsTheTableDoesNotHave() {
    assertThat(new AccountsOwnership(Set.of(1, 2), 3).owned()).isEqualTo(2);
    assertThatThrownBy(() -> new AccountsOwnership(Set.of(3), 3))
        .hasMessageContaining("not all among the table's 3");
    assertThatThrownBy(() -> new AccountsOwnership(Set.of(), 0))
        .hasMessageContaining("at least one partition");
  }
}
