package dev.embedlab.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the XHTML that Tika emits into plain text: a blank line after each block element
 * ({@code p}, headings, list items, table cells, {@code div}), a page boundary at each
 * {@code <div class="page">} (Tika's PDF parser marks pages so), whitespace runs inside a block
 * collapsed to one space. Content of {@code script}, {@code style} and {@code head} is dropped.
 */
final class PageTextHandler extends DefaultHandler {
  private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6",
      "li", "td", "th", "tr", "div", "pre", "blockquote", "br", "title");

  private final StringBuilder text = new StringBuilder();
  private final List<int[]> pageStarts = new ArrayList<>();
  private int skipDepth;
  private boolean pendingSpace;

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts) {
    String name = localName.isEmpty() ? qName : localName;
    if (name.equals("script") || name.equals("style") || name.equals("head")) {
      skipDepth++;
      return;
    }
    if (name.equals("div") && "page".equals(atts.getValue("class"))) {
      endBlock();
      pageStarts.add(new int[] {text.length()});
    } else if (BLOCKS.contains(name)) {
      endBlock();
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    String name = localName.isEmpty() ? qName : localName;
    if (name.equals("script") || name.equals("style") || name.equals("head")) {
      skipDepth = Math.max(0, skipDepth - 1);
      return;
    }
    if (BLOCKS.contains(name)) {
      endBlock();
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (skipDepth > 0) {
      return;
    }
    for (int i = start; i < start + length; i++) {
      char c = ch[i];
      if (Character.isWhitespace(c) || c == '\u00a0') {
        pendingSpace = text.length() > 0 && !endsWithBreak();
      } else {
        if (pendingSpace) {
          text.append(' ');
          pendingSpace = false;
        }
        text.append(c);
      }
    }
  }

  private boolean endsWithBreak() {
    return text.length() > 0 && text.charAt(text.length() - 1) == '\n';
  }

  private void endBlock() {
    pendingSpace = false;
    if (text.length() == 0) {
      return;
    }
    if (!text.toString().endsWith("\n\n")) {
      text.append(endsWithBreak() ? "\n" : "\n\n");
    }
  }

  /** The collected text, trailing blank lines removed. */
  String text() {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\n') {
      end--;
    }
    return text.substring(0, end);
  }

  /** Page ranges over {@link #text()}; one page when the format has none. */
  List<SourceDocument.Page> pages() {
    String t = text();
    List<SourceDocument.Page> out = new ArrayList<>();
    if (pageStarts.isEmpty()) {
      out.add(new SourceDocument.Page(1, 0, t.length()));
      return out;
    }
    for (int i = 0; i < pageStarts.size(); i++) {
      int s = Math.min(pageStarts.get(i)[0], t.length());
      int e = i + 1 < pageStarts.size() ? Math.min(pageStarts.get(i + 1)[0], t.length()) : t.length();
      out.add(new SourceDocument.Page(i + 1, s, Math.max(s, e)));
    }
    return out;
  }
}
