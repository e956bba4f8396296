package dev.embedlab.models.hub;

import dev.embedlab.models.hub.HubException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns an {@code hf:} name into a {@link HubSnapshot}: online, the model info gives the commit and
 * the file list, the ONNX file is chosen and only the files needed are fetched (the ONNX file, its
 * external data {@code *.onnx_data}, {@code tokenizer.json} and the sentence-transformers
 * configuration files the repo has), then {@code refs/{revision}} records the commit. With
 * {@code HF_HUB_OFFLINE} set — or when the Hub cannot be reached, as {@code huggingface_hub}
 * falls back — the commit comes from {@code refs/{revision}} and the files from the snapshot
 * folder, with no network at all.
 */
public final class HubResolver {
  /** Default ONNX files, in order of preference. */
  static final List<String> DEFAULT_ONNX = List.of("onnx/model.onnx", "model.onnx");

  private final HubSettings settings;
  private final Consumer<String> progress;
  private final HubHttp http;

  /** A resolver with these settings, sending progress lines to {@code progress}. */
  public HubResolver(HubSettings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress == null ? s -> { } : progress;
    this.http = new HubHttp(settings, this.progress);
  }

  /** The snapshot for {@code ref}, downloading what is missing unless offline. */
  public HubSnapshot resolve(HubRepoRef ref) throws IOException {
    HubCache cache = new HubCache(settings.cacheDir(), ref);
    if (settings.offline()) {
      return fromCache(ref, cache, "HF_HUB_OFFLINE is set");
    }
    if (ref.pinned() && completeInCache(ref, cache)) {
      // A commit never changes: when every file the model needs is known to the cache, ask nothing.
      return fromCache(ref, cache, "commit " + ref.revision() + " is pinned and fully cached");
    }
    ModelInfo info;
    try {
      info = http.modelInfo(ref);
    } catch (HubException e) {
      throw e;
    } catch (IOException e) {
      String reason = settings.endpoint().getHost() + " cannot be reached (" + settings.redact(String.valueOf(e)) + ")";
      progress.accept("hf:" + ref + ": " + reason + "; trying the cache " + cache.repoDir());
      try {
        return fromCache(ref, cache, reason);
      } catch (HubException notCached) {
        notCached.addSuppressed(e);
        throw notCached;
      }
    }
    String commit = info.commit();
    String onnx = chooseOnnx(ref, info);
    List<String> needed = new ArrayList<>();
    needed.add(onnx);
    for (String p : info.files().keySet()) {
      if (isExternalData(onnx, p)) {
        needed.add(p);
      }
    }
    if (!info.files().containsKey("tokenizer.json")) {
      throw new HubException(Kind.FILE_NOT_FOUND, HubHttp.where(ref, "tokenizer.json") + ": the repo has no"
          + " tokenizer.json (the fast tokenizer embedlab reads); export the model with its tokenizer"
          + " (optimum-cli export onnx writes one) and use --model-dir");
    }
    needed.add("tokenizer.json");
    List<String> absent = new ArrayList<>();
    for (String f : StSettings.FILES) {
      (info.files().containsKey(f) ? needed : absent).add(f);
    }
    Map<String, String> sha = new LinkedHashMap<>();
    FileFetcher fetcher = new FileFetcher(http, cache, progress);
    for (String f : needed) {
      FileFetcher.Fetched got = fetcher.fetch(ref, commit, f, info.files().get(f));
      sha.put(f, got.sha256() != null ? got.sha256() : sha256(got.file()));
    }
    for (String f : absent) {
      cache.markMissing(commit, f);
    }
    cache.writeRef(ref.revision(), commit);
    return new HubSnapshot(ref, commit, cache.snapshot(commit), onnx, sha, false);
  }

  private HubSnapshot fromCache(HubRepoRef ref, HubCache cache, String reason) throws IOException {
    String commit = cache.commitOf(ref.revision());
    String hint = "; run once with the network (HF_HUB_OFFLINE unset), or in Python `hf download " + ref.repo()
        + (ref.pinned() || !HubRepoRef.DEFAULT_REVISION.equals(ref.revision()) ? " --revision " + ref.revision() : "")
        + "`, or point HF_HUB_CACHE at a cache that has it";
    if (commit == null) {
      throw new HubException(Kind.NOT_CACHED, HubHttp.where(ref, null) + " is not in the cache: "
          + cache.repoDir().resolve("refs").resolve(ref.revision()) + " does not exist (" + reason + ")" + hint);
    }
    String onnx = ref.onnxFile();
    if (onnx == null) {
      onnx = DEFAULT_ONNX.stream().filter(f -> cache.has(commit, f)).findFirst().orElse(null);
    }
    if (onnx == null || !cache.has(commit, onnx)) {
      throw new HubException(Kind.NOT_CACHED, HubHttp.where(ref, onnx == null ? String.join(" or ", DEFAULT_ONNX) : onnx)
          + ": not in the cache snapshot " + cache.snapshot(commit) + " (" + reason + "); ONNX files cached there: "
          + cachedOnnx(cache.snapshot(commit)) + hint);
    }
    if (!cache.has(commit, "tokenizer.json")) {
      throw new HubException(Kind.NOT_CACHED, HubHttp.where(ref, "tokenizer.json") + ": not in the cache snapshot "
          + cache.snapshot(commit) + " (" + reason + ")" + hint);
    }
    Map<String, String> sha = new LinkedHashMap<>();
    List<String> files = new ArrayList<>(List.of(onnx, "tokenizer.json"));
    files.addAll(StSettings.FILES);
    Path onnxDir = cache.snapshotFile(commit, onnx).getParent();
    try (Stream<Path> s = Files.list(onnxDir)) {
      String dirRel = onnx.contains("/") ? onnx.substring(0, onnx.lastIndexOf('/') + 1) : "";
      for (Path p : s.toList()) {
        String rel = dirRel + p.getFileName();
        if (isExternalData(onnx, rel)) {
          files.add(rel);
        }
      }
    }
    for (String f : files) {
      if (cache.has(commit, f)) {
        sha.put(f, sha256(cache.snapshotFile(commit, f)));
      }
    }
    progress.accept("hf:" + ref + ": using commit " + commit + " from the cache " + cache.repoDir() + " (" + reason + ")");
    return new HubSnapshot(ref, commit, cache.snapshot(commit), onnx, sha, true);
  }

  /**
   * Whether the snapshot of a pinned commit holds the ONNX file and tokenizer and knows, for each
   * configuration file, whether it exists (present, or recorded in {@code .no_exist}).
   */
  private static boolean completeInCache(HubRepoRef ref, HubCache cache) {
    String c = ref.revision();
    String onnx = ref.onnxFile() != null ? ref.onnxFile()
        : DEFAULT_ONNX.stream().filter(f -> cache.has(c, f)).findFirst().orElse(null);
    if (onnx == null || !cache.has(c, onnx) || !cache.has(c, "tokenizer.json")) {
      return false;
    }
    return StSettings.FILES.stream().allMatch(f -> cache.has(c, f) || cache.knownMissing(c, f));
  }

  private static List<String> cachedOnnx(Path snapshot) throws IOException {
    if (!Files.isDirectory(snapshot)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(snapshot)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".onnx")).map(p -> snapshot.relativize(p).toString())
          .sorted().toList();
    }
  }

  /** The ONNX file to run: the one asked for, else {@code onnx/model.onnx}, else {@code model.onnx}. */
  static String chooseOnnx(HubRepoRef ref, ModelInfo info) throws HubException {
    List<String> onnx = info.onnxFiles();
    if (ref.onnxFile() != null) {
      if (!info.files().containsKey(ref.onnxFile())) {
        throw new HubException(Kind.FILE_NOT_FOUND, HubHttp.where(ref, ref.onnxFile()) + ": no such file at revision '"
            + ref.revision() + "' (commit " + info.commit() + "); the repo's ONNX files: "
            + (onnx.isEmpty() ? "none" : String.join(", ", onnx)));
      }
      return ref.onnxFile();
    }
    for (String d : DEFAULT_ONNX) {
      if (info.files().containsKey(d)) {
        return d;
      }
    }
    if (onnx.isEmpty()) {
      throw new HubException(Kind.NO_ONNX, HubHttp.where(ref, null) + " ships no ONNX file (" + info.files().size()
          + " files, e.g. " + String.join(", ", info.files().keySet().stream().limit(6).toList()) + "). Export one with"
          + " Python: `optimum-cli export onnx --model " + ref.repo() + " --task feature-extraction DIR`"
          + " (pip install optimum[onnxruntime]) or `SentenceTransformer(\"" + ref.repo()
          + "\", backend=\"onnx\").save_pretrained(\"DIR\")`, then use --model-dir NAME=DIR");
    }
    throw new HubException(Kind.NO_ONNX, HubHttp.where(ref, null) + " has no onnx/model.onnx or model.onnx; name one of"
        + " its ONNX files after '#': " + String.join(", ", onnx.stream().map(f -> "hf:" + ref.repo()
            + (HubRepoRef.DEFAULT_REVISION.equals(ref.revision()) ? "" : "@" + ref.revision()) + "#" + f).toList()));
  }

  /** Whether {@code path} is external tensor data of {@code onnx} ({@code model.onnx_data}, {@code model.onnx.data}). */
  static boolean isExternalData(String onnx, String path) {
    if (path.equals(onnx) || path.endsWith(".onnx") || path.indexOf('/', onnx.length()) >= 0) {
      return false;
    }
    return path.startsWith(onnx + "_data") || path.startsWith(onnx + ".data");
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
