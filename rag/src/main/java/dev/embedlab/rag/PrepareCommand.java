package dev.embedlab.rag;

import dev.embedlab.rag.chunk.Chunker;
import dev.embedlab.rag.chunk.HuggingFaceTokenSpans;
import dev.embedlab.rag.chunk.ParagraphChunker;
import dev.embedlab.rag.chunk.Passage;
import dev.embedlab.rag.chunk.SentenceChunker;
import dev.embedlab.rag.chunk.TokenChunker;
import dev.embedlab.rag.chunk.TokenSpans;
import dev.embedlab.rag.ingest.FolderIngester;
import dev.embedlab.rag.ingest.IngestResult;
import dev.embedlab.rag.llm.OpenAiChatClient;
import dev.embedlab.rag.synth.BeirWriter;
import dev.embedlab.rag.synth.GeneratedSet;
import dev.embedlab.rag.synth.QueryGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code prepare --docs DIR --out DIR [options]}: a folder of a team's files to a BEIR folder the
 * bake-off reads — ingest (Tika), chunk, and, with a chat endpoint, generate one question per sampled
 * passage (marked synthetic). Prints what each step read, dropped and cost, and how long it took.
 *
 * <pre>
 *   --chunk sentence:MAXCHARS:OVERLAP | paragraph:MAXCHARS | tokens:SIZE:OVERLAP   (default sentence:600:1)
 *   --tokenizer FILE     the candidate model's tokenizer.json: tokens: chunks count its tokens (default: words)
 *   --queries N          questions wanted (default 50)        --seed S   sampling seed (default 42)
 *   --chat-url URL       an OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (no URL: corpus only)
 *   --chat-model NAME    (default gpt-4o-mini)   --chat-key-env VAR  environment variable holding the key
 *                        (default OPENAI_API_KEY)   --temperature T (default 0)
 *   --cache DIR          chat response cache (default OUT/.chat-cache): a second run calls nothing
 *   --price-in USD --price-out USD   per 1M input / output tokens, to print the cost
 * </pre>
 * Exit 0 on success, 1 when a step failed, 2 for a usage mistake.
 */
public final class PrepareCommand {
  private PrepareCommand() {}

  /** Runs the command with the process environment. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /** Runs the command; {@code env} supplies the API key variable. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.println("usage: prepare --docs DIR --out DIR [--chunk sentence:600:1|paragraph:1000|tokens:256:32]"
            + " [--queries N] [--seed S] [--chat-url URL --chat-model NAME --chat-key-env VAR --temperature T"
            + " --cache DIR --price-in USD --price-out USD]");
        return 0;
      }
      if (!a.startsWith("--") || i + 1 == args.length) {
        err.println("expected --option VALUE pairs; '" + a + "' " + (a.startsWith("--") ? "has no value" : "is not an option"));
        return 2;
      }
      o.put(a.substring(2), args[++i]);
    }
    List<String> known = List.of("docs", "out", "chunk", "tokenizer", "queries", "seed", "chat-url", "chat-model", "chat-key-env",
        "temperature", "cache", "price-in", "price-out");
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        err.println("unknown option --" + k + "; expected one of " + known.stream().map(x -> "--" + x).toList());
        return 2;
      }
    }
    if (!o.containsKey("docs") || !o.containsKey("out")) {
      err.println("--docs DIR and --out DIR are required");
      return 2;
    }
    Path docs = Path.of(o.get("docs"));
    Path outDir = Path.of(o.get("out"));
    if (!Files.isDirectory(docs)) {
      err.println("--docs " + docs + ": expected a folder of documents; " + (Files.exists(docs) ? "it is a file" : "it does not exist"));
      return 2;
    }
    Chunker chunker;
    int queries;
    long seed;
    double temperature;
    try {
      chunker = chunker(o.getOrDefault("chunk", "sentence:600:1"), o.get("tokenizer"));
      queries = dev.embedlab.core.cli.CliCommand.positiveCount("--queries", o.getOrDefault("queries", "50"));
      seed = Long.parseLong(o.getOrDefault("seed", "42"));
      temperature = Double.parseDouble(o.getOrDefault("temperature", "0"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try {
      long t0 = System.nanoTime();
      IngestResult ingest = new FolderIngester().ingest(docs);
      long t1 = System.nanoTime();
      out.printf(Locale.ROOT, "read %d files in %.1f s%n", ingest.documents().size(), (t1 - t0) / 1e9);
      for (IngestResult.Skipped s : ingest.skipped()) {
        out.println("  skipped " + s.file() + ": " + s.reason());
      }
      List<Passage> passages = chunker.chunkAll(ingest.documents());
      long t2 = System.nanoTime();
      out.printf(Locale.ROOT, "cut %d passages with %s in %.2f s%n", passages.size(), chunker.provenance().canonical(), (t2 - t1) / 1e9);
      if (!o.containsKey("chat-url")) {
        BeirWriter.writeCorpus(outDir, passages);
        out.println("wrote " + outDir.resolve("corpus.jsonl") + " (no --chat-url: no questions generated)");
        return 0;
      }
      String keyVar = o.getOrDefault("chat-key-env", "OPENAI_API_KEY");
      OpenAiChatClient chat = OpenAiChatClient.builder(o.get("chat-url"), o.getOrDefault("chat-model", "gpt-4o-mini"))
          .apiKey(env.get(keyVar)).temperature(temperature).seed(seed)
          .cacheDir(Path.of(o.getOrDefault("cache", outDir.resolve(".chat-cache").toString()))).build();
      List<QueryGenerator.AuditRecord> audit = new ArrayList<>();
      GeneratedSet set = new QueryGenerator(chat, queries, seed).generate(passages, audit::add);
      long t3 = System.nanoTime();
      BeirWriter.write(outDir, ingest, chunker.provenance(), passages, set, seed, audit);
      Map<String, Integer> reasons = new TreeMap<>();
      set.rejected().forEach(r -> reasons.merge(r.reason().replaceAll(" q\\d+$| [:(].*$", ""), 1, Integer::sum));
      out.printf(Locale.ROOT, "generated %d synthetic questions with %s (temperature %s) in %.1f s: %d calls, %d from cache,"
          + " %d + %d tokens%n", set.queries().size(), set.model(), set.temperature(), (t3 - t2) / 1e9, set.calls(),
          set.cacheHits(), set.promptTokens(), set.completionTokens());
      reasons.forEach((r, n) -> out.println("  rejected " + n + ": " + r));
      if (o.containsKey("price-in") || o.containsKey("price-out")) {
        out.printf(Locale.ROOT, "cost: $%.4f%n", chat.cost(Double.parseDouble(o.getOrDefault("price-in", "0")),
            Double.parseDouble(o.getOrDefault("price-out", "0"))));
      }
      out.println("wrote " + outDir + " (corpus.jsonl, queries.jsonl, qrels/test.tsv, generation.jsonl, "
          + BeirWriter.DESCRIPTION + "); bake-off: --beir " + outDir);
      return set.queries().isEmpty() ? 1 : 0;
    } catch (IOException | RuntimeException e) {
      err.println("prepare failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Parses {@code sentence:MAX:OVERLAP}, {@code paragraph:MAX} or {@code tokens:SIZE:OVERLAP}; token
   * windows count the tokens of {@code tokenizer} (a model's tokenizer.json) when given, else words.
   */
  static Chunker chunker(String spec, String tokenizer) {
    if (tokenizer != null && !spec.startsWith("tokens:")) {
      throw new IllegalArgumentException("--tokenizer " + tokenizer + " is used by --chunk tokens:SIZE:OVERLAP only; --chunk is '"
          + spec + "'");
    }
    if (tokenizer != null) {
      String[] p = spec.split(":");
      try {
        HuggingFaceTokenSpans spans = HuggingFaceTokenSpans.open(Path.of(tokenizer));
        return new TokenChunker(Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 0, spans, tokenizer);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("--chunk '" + spec + "' --tokenizer " + tokenizer + ": " + e.getMessage());
      }
    }
    String[] p = spec.split(":");
    try {
      return switch (p[0]) {
        case "sentence" -> new SentenceChunker(Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 0);
        case "paragraph" -> new ParagraphChunker(Integer.parseInt(p[1]));
        case "tokens" -> new TokenChunker(Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 0,
            TokenSpans.WORDS, "words");
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--chunk '" + spec + "': expected sentence:MAXCHARS:OVERLAP, paragraph:MAXCHARS"
          + " or tokens:SIZE:OVERLAP with whole numbers" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  /** Runs {@link #run} and exits with its code when not 0. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }
}
