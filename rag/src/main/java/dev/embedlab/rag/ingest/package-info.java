/** A folder of PDF, HTML, DOCX, Markdown and text files read through Apache Tika, with page and offset provenance. */
package dev.embedlab.rag.ingest;
