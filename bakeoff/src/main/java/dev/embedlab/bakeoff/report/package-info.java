/**
 * Bake-off reports: a JSON document with a versioned, stable schema, a Markdown summary and one
 * self-contained HTML page with inline SVG charts (no scripts, fonts or images fetched).
 */
package dev.embedlab.bakeoff.report;
