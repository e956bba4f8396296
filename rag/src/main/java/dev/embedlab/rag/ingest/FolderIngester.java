package dev.embedlab.rag.ingest;

import dev.embedlab.core.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.SAXException;

/**
 * Reads every file of a folder (recursively, in path order) with Apache Tika's {@link AutoDetectParser}:
 * PDF (pages kept), DOCX/DOC/PPTX/XLSX, HTML, Markdown and plain text (encoding detected). A file that
 * cannot be read — encrypted, broken, of a type no parser handles, or without text — is named in
 * {@link IngestResult#skipped()} with the reason and never silently dropped. Hidden files (a name
 * starting with {@code .}) are passed over and named too.
 *
 * <p>Thread-safe; each call parses with its own context. Files larger than {@link #maxBytes} are skipped.
 */
public final class FolderIngester {
  /** Media types whose text is not prose (images, audio, archives) are refused rather than indexed. */
  private static final Set<String> REFUSED_PREFIXES = Set.of("image/", "audio/", "video/");

  private final long maxBytes;

  /** An ingester that skips files over {@code maxBytes}. */
  public FolderIngester(long maxBytes) {
    this.maxBytes = Checks.atLeast("maxBytes", maxBytes, 1);
  }

  /** An ingester for files up to 256 MiB. */
  public FolderIngester() {
    this(256L << 20);
  }

  /**
   * Reads {@code folder}.
   *
   * @throws IllegalArgumentException when {@code folder} is not a directory
   */
  public IngestResult ingest(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("expected a folder of documents; " + folder.toAbsolutePath()
          + (Files.exists(folder) ? " is a file" : " does not exist"));
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<SourceDocument> docs = new ArrayList<>();
    List<IngestResult.Skipped> skipped = new ArrayList<>();
    for (Path f : files) {
      String rel = folder.relativize(f).toString().replace('\\', '/');
      if (f.getFileName().toString().startsWith(".")) {
        skipped.add(new IngestResult.Skipped(rel, "hidden file"));
        continue;
      }
      long size = Files.size(f);
      if (size > maxBytes) {
        skipped.add(new IngestResult.Skipped(rel, "larger than " + maxBytes + " bytes (" + size + ")"));
        continue;
      }
      try {
        SourceDocument d = read(f, rel);
        if (d.text().isBlank()) {
          skipped.add(new IngestResult.Skipped(rel, "no text (" + d.mediaType() + "; a scanned PDF needs OCR first)"));
        } else {
          docs.add(d);
        }
      } catch (EncryptedDocumentException e) {
        skipped.add(new IngestResult.Skipped(rel, "encrypted (a password is needed to read it)"));
      } catch (UnsupportedTypeException e) {
        skipped.add(new IngestResult.Skipped(rel, e.getMessage()));
      } catch (TikaException | SAXException | IOException | RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        if (root instanceof EncryptedDocumentException
            || root.getClass().getSimpleName().contains("InvalidPassword")) {
          skipped.add(new IngestResult.Skipped(rel, "encrypted (a password is needed to read it)"));
        } else {
          skipped.add(new IngestResult.Skipped(rel, "unreadable: " + root.getClass().getSimpleName()
              + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()))));
        }
      }
    }
    return new IngestResult(docs, skipped);
  }

  private static String firstLine(String s) {
    String line = s.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static final class UnsupportedTypeException extends Exception {
    UnsupportedTypeException(String message) {
      super(message);
    }
  }

  private static SourceDocument read(Path f, String rel) throws IOException, TikaException, SAXException,
      UnsupportedTypeException {
    AutoDetectParser parser = new AutoDetectParser();
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, f.getFileName().toString());
    PageTextHandler handler = new PageTextHandler();
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    try (org.apache.tika.io.TikaInputStream tis = org.apache.tika.io.TikaInputStream.get(f, md)) {
      String type = parser.getDetector().detect(tis, md).toString();
      for (String p : REFUSED_PREFIXES) {
        if (type.startsWith(p)) {
          throw new UnsupportedTypeException("unsupported type " + type + " (no text to index)");
        }
      }
      parser.parse(tis, handler, md, new ParseContext());
      String title = md.get(TikaCoreProperties.TITLE);
      String mediaType = md.get(Metadata.CONTENT_TYPE) == null ? type : md.get(Metadata.CONTENT_TYPE);
      return new SourceDocument(rel, mediaType.split(";")[0].trim().toLowerCase(Locale.ROOT),
          title == null ? "" : title.strip(), handler.text(), handler.pages(), HexFormat.of().formatHex(sha.digest()));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** For tests and tools: the text of one file, or an exception saying why not. */
  static SourceDocument readOne(Path f) {
    try {
      return read(f, f.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TikaException | SAXException | UnsupportedTypeException e) {
      throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
    }
  }
}
