package dev.embedlab.models.hub;

import java.util.regex.Pattern;

/**
 * A model named on the Hub: {@code ORG/NAME[@REVISION][#FILE]}, the part after {@code hf:}.
 *
 * <ul>
 *   <li>{@code ORG/NAME}: the repository id ({@code NAME} alone for the few legacy root models);
 *       letters, digits, {@code . _ -}, at most 96 characters per part, as the Hub allows.</li>
 *   <li>{@code @REVISION}: a branch, tag or 40-hex commit sha (default {@code main}); may contain
 *       {@code /} ({@code refs/pr/3}).</li>
 *   <li>{@code #FILE}: the ONNX file to run, a path inside the repo such as
 *       {@code onnx/model_qint8_avx512_vnni.onnx} (default: {@code onnx/model.onnx}, else
 *       {@code model.onnx}). Each variant is a separate candidate in a bake-off.</li>
 * </ul>
 *
 * @param repo repository id, e.g. {@code BAAI/bge-small-en-v1.5}
 * @param revision branch, tag or commit sha
 * @param onnxFile the ONNX file asked for, or null for the default choice
 */
public record HubRepoRef(String repo, String revision, String onnxFile) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  /** The default revision, as in {@code huggingface_hub}. */
  public static final String DEFAULT_REVISION = "main";

  public HubRepoRef {
    String[] parts = repo == null ? new String[0] : repo.split("/", -1);
    if (parts.length < 1 || parts.length > 2 || !PART.matcher(parts[0]).matches()
        || (parts.length == 2 && !PART.matcher(parts[1]).matches()) || repo.contains("--") || repo.contains("..")) {
      throw new IllegalArgumentException("repo must be ORG/NAME (letters, digits, '.', '_', '-'; no '--' or '..'),"
          + " e.g. BAAI/bge-small-en-v1.5; repo=" + repo);
    }
    if (revision == null || revision.isBlank() || revision.contains("..") || revision.startsWith("/")
        || revision.endsWith("/") || revision.chars().anyMatch(c -> c < 0x21 || c == '\\')) {
      throw new IllegalArgumentException("revision must be a branch, tag or commit sha without spaces, '..' or"
          + " backslashes; revision=" + revision);
    }
    if (onnxFile != null && (onnxFile.isBlank() || !onnxFile.endsWith(".onnx") || onnxFile.startsWith("/")
        || onnxFile.contains("..") || onnxFile.contains("\\"))) {
      throw new IllegalArgumentException("file after '#' must be a relative path of an .onnx file in the repo,"
          + " e.g. onnx/model_qint8_avx512_vnni.onnx; file=" + onnxFile);
    }
  }

  /**
   * Parses {@code ORG/NAME[@REVISION][#FILE]}.
   *
   * @throws IllegalArgumentException when the name does not have that shape (the message shows it)
   */
  public static HubRepoRef parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("hf: model name must be ORG/NAME[@REVISION][#FILE.onnx]; name=" + name);
    }
    String rest = name.strip();
    String file = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      file = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
    }
    String rev = DEFAULT_REVISION;
    int at = rest.indexOf('@');
    if (at >= 0) {
      rev = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    try {
      return new HubRepoRef(rest, rev, file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hf:" + name + " is not ORG/NAME[@REVISION][#FILE.onnx]: " + e.getMessage(), e);
    }
  }

  /** Whether the revision is a full commit sha (then nothing about it can change on the Hub). */
  public boolean pinned() {
    return COMMIT.matcher(revision).matches();
  }

  /** Whether {@code s} is a full 40-hex commit sha. */
  static boolean isCommit(String s) {
    return s != null && COMMIT.matcher(s).matches();
  }

  /** The cache folder name {@code huggingface_hub} uses: {@code models--ORG--NAME}. */
  public String cacheFolderName() {
    return "models--" + repo.replace("/", "--");
  }

  /** {@code ORG/NAME[@REV][#FILE]}, with the parts that differ from the defaults. */
  @Override
  public String toString() {
    return repo + (DEFAULT_REVISION.equals(revision) ? "" : "@" + revision) + (onnxFile == null ? "" : "#" + onnxFile);
  }
}
