package dev.embedlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
    assertEquals(3, Suggestions.editDistance("", "abc"));
    assertEquals(3, Suggestions.editDistance("abc", ""));
    assertEquals(0, Suggestions.editDistance("same", "same"));
    assertEquals(2, Suggestions.editDistance("--latnecy", "--latency")); // a swap is two substitutions
  }

  @Test
  void nearestKeepsThoseWithinTheBoundNearestFirstThenAlphabetically() {
    List<String> known = List.of("--split", "--latency", "--beir", "--seed", "--slit");
    assertEquals(List.of("--latency"), Suggestions.nearest("--latnecy", known, 3));
    // --slit and --split are one edit from --spit, --beir and --seed three; ties sort by name
    assertEquals(List.of("--slit", "--split", "--beir", "--seed"), Suggestions.nearest("--spit", known, 3));
    assertEquals(List.of(), Suggestions.nearest("--zzzzzzzz", known, 3));
  }
}
