package dev.embedlab.rag.chunk;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.rag.ingest.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Windows of {@code size} tokens moving by {@code size - overlap} tokens (LangChain's and LlamaIndex's
 * token splitters), cut at token boundaries so no token is split; the tokens are the candidate model's
 * when {@link TokenSpans} wraps its tokenizer, which makes a passage fit the model's window exactly.
 */
public final class TokenChunker implements Chunker {
  private final int size;
  private final int overlap;
  private final TokenSpans tokens;
  private final String tokenizerName;

  /**
   * @param size tokens per passage, {@code >= 1}
   * @param overlap tokens shared by consecutive passages, {@code 0 <= overlap < size}
   * @param tokens the tokenizer
   * @param tokenizerName what the tokenizer is (recorded in provenance), e.g. the model id
   */
  public TokenChunker(int size, int overlap, TokenSpans tokens, String tokenizerName) {
    if (size < 1 || overlap < 0 || overlap >= size) {
      throw new IllegalArgumentException("need size >= 1 and 0 <= overlap < size; size=" + size + ", overlap=" + overlap);
    }
    this.size = size;
    this.overlap = overlap;
    this.tokens = tokens;
    this.tokenizerName = tokenizerName;
  }

  @Override
  public List<Passage> chunk(SourceDocument doc) {
    int[][] spans = tokens.spans(doc.text());
    List<Passage> out = new ArrayList<>();
    for (int from = 0; from < spans.length; from += size - overlap) {
      int to = Math.min(spans.length, from + size);
      Passage p = Chunker.passage(doc, spans[from][0], spans[to - 1][1]);
      if (p != null) {
        out.add(p);
      }
      if (to == spans.length) {
        break;
      }
    }
    return out;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("token-chunker", Map.of("size", size, "overlap", overlap, "tokenizer", tokenizerName));
  }
}
