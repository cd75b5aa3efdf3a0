package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.StatusCategory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusCategoriesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "active, ACTIVE",
    "enabled, ACTIVE",
    "activated, ACTIVE",
    "password_expired, ACTIVE",
    "recovery, ACTIVE",
    "inactive, INACTIVE",
    "suspended, INACTIVE",
    "disabled, INACTIVE",
    "deactivated, INACTIVE",
    "blocked, INACTIVE",
    "locked, INACTIVE",
    "locked_out, INACTIVE",
    "deleted, DELETED",
    "deprovisioned, DELETED",
    "removed, DELETED",
    "archived, DELETED",
    "invited, INVITED",
    "pending, INVITED",
    "pending_invite, INVITED",
    "pending_invitation, INVITED",
    "staged, INVITED",
    "provisioned, INVITED",
  })
  void everyWordOfTheTableHasItsCategory(String word, StatusCategory expected) {
    assertThat(StatusCategories.categorize(word)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUSPENDED", " Suspended ", "\tsuspended\n"})
  void caseAndSurroundingWhitespaceDoNotMatter(String word) {
    assertThat(StatusCategories.categorize(word)).isEqualTo(StatusCategory.INACTIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOCKED_OUT", "locked-out", "Locked Out", "locked  -  out"})
  void spacesAndHyphensReadAsUnderscores(String word) {
    assertThat(StatusCategories.categorize(word)).isEqualTo(StatusCategory.INACTIVE);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "on_leave", "activ", "actives", "1", "true", "lockedout"})
  void anythingElseIsUnknown(String word) {
    assertThat(StatusCategories.categorize(word)).isEqualTo(StatusCategory.UNKNOWN);
  }

  @Test
  void unknownIsNotAConfusedNeighbour() {
    // "inactive" contains "active": a substring match would read it as ACTIVE.
    assertThat(StatusCategories.categorize("inactive")).isEqualTo(StatusCategory.INACTIVE);
  }

  @Property
  void neverThrowsAndNeverReturnsNull(@ForAll String anyText) {
    assertThat(StatusCategories.categorize(anyText)).isNotNull();
  }
}
