package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TreeBudgetTest {

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void countsEveryNodeItBuildsAsEstimated() throws Exception {
    TreeBudget budget = new TreeBudget(1 << 20);

    assertThat(budget.readTree(utf8("{\"id\": \"abc\", \"n\": 1234567, \"a\": [], \"t\": true}")))
        .hasSize(4);

    long object = TreeBudget.CONTAINER_BYTES + TreeBudget.SLOT_BYTES;
    long text = TreeBudget.SCALAR_BYTES + 2 * 3 + TreeBudget.SLOT_BYTES;
    long number = TreeBudget.SCALAR_BYTES + TreeBudget.SLOT_BYTES;
    long array = TreeBudget.CONTAINER_BYTES + TreeBudget.SLOT_BYTES;
    assertThat(budget.spent())
        .as("booleans are shared instances")
        .isEqualTo(object + text + number + array);
  }

  @Test
  void theBudgetSpansEveryTreeBuiltWithIt() throws Exception {
    long oneArray = TreeBudget.CONTAINER_BYTES + TreeBudget.SLOT_BYTES;
    TreeBudget budget = new TreeBudget(3 * oneArray);
    budget.readTree(utf8("[]"));
    budget.readTree(utf8("[]"));
    budget.readTree(utf8("[]"));

    assertThatThrownBy(() -> budget.readTree(utf8("[]")))
        .isInstanceOf(TreeBudget.Exceeded.class)
        .hasMessageContaining("more than " + 3 * oneArray + " bytes of heap");
  }

  @Test
  void anExpandingBodyIsStoppedWhileItGrows() {
    // 8 MB of [] would be 2.8 million nodes; the budget stops it after a few thousand.
    byte[] arrays = utf8("[" + "[],".repeat(2_800_000) + "[]]");
    TreeBudget budget = new TreeBudget(1 << 20);

    assertThatThrownBy(() -> budget.readTree(arrays)).isInstanceOf(TreeBudget.Exceeded.class);
    assertThat(budget.spent())
        .isLessThanOrEqualTo((1 << 20) + TreeBudget.CONTAINER_BYTES + TreeBudget.SLOT_BYTES);
  }

  @Test
  void anEmptyBodyIsAMissingNodeAsObjectMapperReadsIt() throws Exception {
    assertThat(new TreeBudget(1 << 20).readTree(new byte[0]).isMissingNode()).isTrue();
  }
}
