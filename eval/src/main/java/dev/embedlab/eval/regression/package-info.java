/**
 * Regression files (after Anserini's): one file per data set × candidate with the expected scores and
 * where they come from, a runner per kind of candidate, and the tables of the README generated from
 * the files.
 */
package dev.embedlab.eval.regression;
