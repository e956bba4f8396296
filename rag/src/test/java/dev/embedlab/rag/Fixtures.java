package dev.embedlab.rag;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** A folder of mixed documents written by the test itself: PDF, HTML, DOCX, Markdown, text, and bad files. */
public final class Fixtures {
  private Fixtures() {}

  public static final String PDF_PAGE_1 = "The Hubble telescope was launched in 1990 aboard the space shuttle Discovery.";
  public static final String PDF_PAGE_2 = "Its primary mirror is 2.4 meters across and was ground with a small flaw.";
  public static final String KO_DOCX_1 = "서울은 대한민국의 수도이며 인구는 약 940만 명이다.";
  public static final String KO_DOCX_2 = "한강은 서울을 동서로 가로질러 흐르는 강이다.";
  public static final String KO_HTML = "경주는 신라의 천년 고도로 불국사와 석굴암이 있는 도시입니다.";

  /** Writes the folder; returns it. */
  public static Path mixedFolder(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    pdf(dir.resolve("hubble.pdf"), List.of(PDF_PAGE_1, PDF_PAGE_2), null);
    pdf(dir.resolve("secret.pdf"), List.of("You should not read this."), "pw");
    Files.write(dir.resolve("broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R".getBytes(StandardCharsets.US_ASCII));
    try (XWPFDocument d = new XWPFDocument(); OutputStream out = Files.newOutputStream(dir.resolve("sub/seoul.docx"))) {
      d.createParagraph().createRun().setText(KO_DOCX_1);
      d.createParagraph().createRun().setText(KO_DOCX_2);
      d.write(out);
    }
    Files.writeString(dir.resolve("gyeongju.html"), "<html><head><title>경주 안내</title><style>p{color:red}</style>"
        + "<script>var x = 1;</script></head><body><h1>경주</h1><p>" + KO_HTML + "</p><p>The city is in North "
        + "Gyeongsang Province.</p></body></html>", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("notes.md"), "# Release notes\n\nVersion 2 adds hybrid search.\n\n"
        + "Version 3 adds reranking with a cross-encoder.\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("sub/plain.txt"), "Plain text files are read as they are.\n", StandardCharsets.UTF_8);
    Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0});
    Files.writeString(dir.resolve(".DS_Store"), "x");
    return dir;
  }

  /** A PDF with one page per text, Helvetica, encrypted with {@code userPassword} when not null. */
  public static void pdf(Path file, List<String> pages, String userPassword) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
          cs.newLineAtOffset(72, 700);
          cs.showText(text);
          cs.endText();
        }
      }
      if (userPassword != null) {
        StandardProtectionPolicy p = new StandardProtectionPolicy("owner-" + userPassword, userPassword, new AccessPermission());
        p.setEncryptionKeyLength(128);
        doc.protect(p);
      }
      doc.save(file.toFile());
    }
  }
}
