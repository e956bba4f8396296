package dev.embedlab.monitor.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentHostileTest {
  @Test
  void hugeEqualWeightsSplitEvenlyNotEverythingToB() {
    Assignment a = Assignment.of("exp", List.of("A", "B"), 1e308, 1e308);
    assertEquals(0.5, a.share(0), 1e-15);
    assertEquals(0.5, a.share(1), 1e-15);
    int inA = 0;
    for (int i = 0; i < 10_000; i++) {
      inA += a.armIndex("user-" + i) == 0 ? 1 : 0;
    }
    assertTrue(inA > 4_800 && inA < 5_200, "about half in A (sd 50): " + inA);
    Assignment max = Assignment.of("exp", List.of("A", "B", "C"), Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE);
    assertEquals(1.0 / 3, max.share(1), 1e-15);
    Assignment tiny = Assignment.of("exp", List.of("A", "B"), Double.MIN_VALUE, 3 * Double.MIN_VALUE);
    assertEquals(0.25, tiny.share(0), 1e-15);
  }

  @Test
  void aNullArmNameIsAClearIllegalArgumentException() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Assignment.of("exp", Arrays.asList("A", null), 1, 1));
    assertEquals("arm names must be non-blank; arms[1]=null", e.getMessage());
  }

  @Test
  void unpairedSurrogateIdsAreRefusedInsteadOfColliding() {
    Assignment a = Assignment.even("exp");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.arm("user\uD800"));
    assertTrue(e.getMessage().startsWith("id has an unpaired surrogate at index 4 (U+D800)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.arm("\uDBFF"));
    assertThrows(IllegalArgumentException.class, () -> Assignment.even("exp\uDC00"));
    a.arm("\uD83D\uDE00 paired is fine");
  }
}
