package dev.embedlab.staticemb.ko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed parallel files the recipe distils ({@link KoStaticRecipe#PARALLEL}) are the ones
 * {@code SOURCE.md} lists: same SHA-256 (so no checkout converted line endings or encoding, which
 * would change the teacher's vectors and the model), and as many Korean lines as English ones.
 */
class KoParallelFilesTest {
  @Test
  void everyParallelSetIsTheListedFilePairLineForLine() throws Exception {
    String source = new String(read("SOURCE.md"), StandardCharsets.UTF_8);
    Map<String, String> listed = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^([0-9a-f]{64})  (\\S+)$").matcher(source);
    while (m.find()) {
      listed.put(m.group(2), m.group(1));
    }
    assertTrue(!KoStaticRecipe.PARALLEL.isEmpty(), "the shipped recipe names parallel sets");
    for (String set : KoStaticRecipe.PARALLEL) {
      long[] lines = new long[2];
      int i = 0;
      for (String name : new String[] {set + ".ko", set + ".en"}) {
        byte[] bytes = read(name);
        assertEquals(listed.get(name), KoStaticModelTest.sha256(bytes),
            name + ": expected the SHA-256 SOURCE.md lists (the source's bytes)");
        lines[i++] = new String(bytes, StandardCharsets.UTF_8).lines().count();
      }
      assertEquals(lines[0], lines[1], set + ": expected as many Korean lines as English ones");
    }
  }

  private static byte[] read(String name) throws Exception {
    try (InputStream in = KoParallelFilesTest.class.getClassLoader()
        .getResourceAsStream(TeacherTargets.PARALLEL_BASE + name)) {
      assertNotNull(in, TeacherTargets.PARALLEL_BASE + name + " is not on the test classpath");
      return in.readAllBytes();
    }
  }
}
