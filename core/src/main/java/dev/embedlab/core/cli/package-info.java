/** Commands a module adds to the {@code embedlab} command line, found by name through ServiceLoader. */
package dev.embedlab.core.cli;
