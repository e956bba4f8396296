/**
 * The {@code embedlab} command line on picocli: {@code bakeoff} (the default), {@code embed} and {@code tune};
 * every model named through {@link dev.embedlab.core.source.EmbedderSources}, every mistake one line and exit code 2.
 */
package dev.embedlab.bakeoff.cli;
