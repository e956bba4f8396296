package dev.embedlab.rag.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Ranking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolsTest {

  @Test
  void agreementFirstJudgedLeftOutAndLabelsFlowBackAsQrels(@TempDir Path dir) throws Exception {
    Map<String, List<Ranking>> runs = Map.of(
        "bm25", List.of(new Ranking("q1", new String[] {"d1", "d2", "d3"}, new double[] {3, 2, 1})),
        "dense", List.of(new Ranking("q1", new String[] {"d2", "d4", "d1"}, new double[] {0.9, 0.8, 0.7})));
    List<Pools.Entry> pool = Pools.pool(runs, 3, 1, Map.of("q1", Set.of("d3")));
    assertEquals(List.of("d1", "d2", "d4"), pool.stream().map(Pools.Entry::docId).toList(),
        "d1 and d2 have two votes (d1 ranked first by bm25), d4 one; d3 is already judged");
    assertEquals(List.of("d1", "d2"), Pools.pool(runs, 3, 2, Map.of()).stream().map(Pools.Entry::docId).toList());
    Path f = dir.resolve("label.tsv");
    Pools.writeLabelFile(f, pool, q -> "query\ttext", d -> "doc\ntext " + d);
    List<String> lines = Files.readAllLines(f);
    assertEquals(LabelFile.HEADER, lines.get(0));
    assertEquals("q1\td1\t\t2\tquery text\tdoc text d1", lines.get(1));
    lines.set(1, lines.get(1).replace("\t\t2", "\t2\t2"));
    lines.set(2, lines.get(2).replace("\t\t2", "\t0\t2"));
    Files.write(f, lines);
    LabelFile.Labels labels = LabelFile.read(f);
    assertEquals(Map.of("q1", Map.of("d1", 2, "d2", 0)), labels.judgments());
    assertEquals(1, labels.unlabelled());
    Path qrels = dir.resolve("qrels.txt");
    LabelFile.writeTrecQrels(qrels, labels.judgments());
    assertEquals(List.of("q1 0 d1 2", "q1 0 d2 0"), Files.readAllLines(qrels));
    lines.set(3, lines.get(3).replace("\t\t1", "\tyes\t1"));
    Files.write(f, lines);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelFile.read(f));
    assertTrue(e.getMessage().endsWith("label.tsv:4: label must be a whole number (0 not relevant, 1 relevant, 2 highly relevant); found 'yes'"),
        e.getMessage());
  }
}
