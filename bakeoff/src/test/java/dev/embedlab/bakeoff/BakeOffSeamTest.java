package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.compress.Float16Compressor;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.retrieval.Reranker;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bake-off compares embedder × retriever (× reranker): one embedding pass per embedding group,
 * each candidate's own index, real bytes per vector and index memory, and rerankers over any
 * retriever, all through one significance-tested path.
 */
class BakeOffSeamTest {
  private static final RetrievalDataset DATA = FakeEmbedders.dataset(24);

  @Test
  void oneEmbeddingPassServesEveryIndexOfAGroup() {
    FakeEmbedders.Bow[] made = new FakeEmbedders.Bow[1];
    AtomicInteger factoryCalls = new AtomicInteger();
    java.util.function.Supplier<FakeEmbedders.Bow> model = () -> {
      factoryCalls.incrementAndGet();
      return made[0] = new FakeEmbedders.Bow("bow", 64);
    };
    BakeOffResult r = BakeOff.builder().dataset(DATA).latencyQueries(3).slices(false).truncationProbe(false)
        .candidate(Candidate.builder("bow exact", model).embeddingGroup("bow").build())
        .candidate(Candidate.builder("bow fp16", model).embeddingGroup("bow")
            .index("float16 codes", in -> CompressedIndex.builder(new Float16Compressor(64))
                .vectors(List.of(in.ids()), in.vectors()).build()).build())
        .candidate(Candidate.builder("bow binary+rescore", model).embeddingGroup("bow")
            .index("binary + rescoring x4", in -> CompressedIndex.builder(new BinaryCompressor(64))
                .vectors(List.of(in.ids()), in.vectors()).rescoring(CompressedIndex.Rescoring.oversample(4))
                .build()).build())
        .build().run();
    assertEquals(1, factoryCalls.get(), "one embedder for the whole group");
    assertEquals(1 + 24, made[0].texts.get(Role.DOCUMENT), "corpus embedded once (plus one warm-up text)");
    CandidateResult exact = r.candidate("bow exact").orElseThrow();
    CandidateResult fp16 = r.candidate("bow fp16").orElseThrow();
    CandidateResult bin = r.candidate("bow binary+rescore").orElseThrow();
    assertEquals(256, exact.footprint().bytesPerVector());
    assertEquals(128, fp16.footprint().bytesPerVector());
    assertEquals(8, bin.footprint().bytesPerVector());
    assertEquals(24L * 256, bin.footprint().indexBytes(), "rescoring keeps the float32 vectors");
    assertEquals(exact.quality().mean("nDCG@10"), fp16.quality().mean("nDCG@10"), 1e-3,
        "float16 of unit bag-of-words vectors ranks like float32");
    assertTrue(fp16.info().properties().get("embeddings").startsWith("shared with bow exact"));
    assertEquals(3, r.comparisons().size() + 1, "every candidate on the one significance path");
  }

  @Test
  void aRerankerWrapsAnyCandidatesRetriever() {
    AtomicInteger scored = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    // A reranker that prefers documents with longer texts: easy to predict, unlike the retriever.
    Reranker byLength = new Reranker() {
      @Override
      public double[] score(String query, List<String> documents) {
        scored.addAndGet(documents.size());
        return documents.stream().mapToDouble(String::length).toArray();
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
    Candidate bm25 = Candidate.bm25("bm25", LexicalAnalyzer.ENGLISH);
    BakeOffResult r = BakeOff.builder().dataset(DATA).latencyQueries(2).slices(false).truncationProbe(false)
        .candidate(bm25).candidate(bm25.withReranker("bm25+rerank", () -> byLength, 5)).build().run();
    assertTrue(scored.get() > 0);
    assertEquals(1, closed.get(), "the bake-off closes the reranker it made");
    assertTrue(r.candidate("bm25+rerank").orElseThrow().info().properties().get("retriever").startsWith("rerank{"));
  }
}
