package dev.embedlab.rag.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.rag.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderIngesterTest {

  @Test
  void readsEveryFormatAndNamesEveryFileItCouldNotRead(@TempDir Path tmp) throws Exception {
    IngestResult r = new FolderIngester().ingest(Fixtures.mixedFolder(tmp.resolve("docs")));
    Map<String, SourceDocument> docs = r.documents().stream().collect(Collectors.toMap(SourceDocument::file, Function.identity()));
    assertEquals(java.util.Set.of("hubble.pdf", "gyeongju.html", "notes.md", "sub/plain.txt", "sub/seoul.docx"), docs.keySet());
    Map<String, String> skipped = r.skipped().stream().collect(Collectors.toMap(IngestResult.Skipped::file, IngestResult.Skipped::reason));
    assertEquals(java.util.Set.of("secret.pdf", "broken.pdf", "logo.png", ".DS_Store"), skipped.keySet(), skipped.toString());
    assertTrue(skipped.get("secret.pdf").startsWith("encrypted"), skipped.get("secret.pdf"));
    assertTrue(skipped.get("broken.pdf").startsWith("unreadable") || skipped.get("broken.pdf").startsWith("no text"),
        skipped.get("broken.pdf"));
    assertTrue(skipped.get("logo.png").contains("image/png"), skipped.get("logo.png"));
    assertEquals("hidden file", skipped.get(".DS_Store"));

    SourceDocument pdf = docs.get("hubble.pdf");
    assertEquals("application/pdf", pdf.mediaType());
    assertEquals(2, pdf.pages().size(), "one range per PDF page");
    String page2 = pdf.text().substring(pdf.pages().get(1).start(), pdf.pages().get(1).end());
    assertTrue(page2.contains("primary mirror") && !page2.contains("launched"), page2);
    assertEquals(2, pdf.pageAt(pdf.text().indexOf("primary mirror")));
    assertEquals(1, pdf.pageAt(pdf.text().indexOf("launched")));

    SourceDocument docx = docs.get("sub/seoul.docx");
    assertTrue(docx.text().contains(Fixtures.KO_DOCX_1) && docx.text().contains(Fixtures.KO_DOCX_2), docx.text());
    assertTrue(docx.text().contains(Fixtures.KO_DOCX_1 + "\n\n"), "paragraphs end with a blank line: " + docx.text());
    SourceDocument html = docs.get("gyeongju.html");
    assertTrue(html.text().contains(Fixtures.KO_HTML), html.text());
    assertTrue(!html.text().contains("var x") && !html.text().contains("color:red"), "script and style dropped: " + html.text());
    assertEquals("경주 안내", html.title());
    assertEquals(64, pdf.sha256().length());
  }

  @Test
  void aMissingFolderIsNamed(@TempDir Path tmp) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FolderIngester().ingest(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
