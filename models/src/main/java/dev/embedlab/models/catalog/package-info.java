/**
 * Published scores to start a model choice from: {@link dev.embedlab.models.catalog.MtebExtract} is a
 * pinned, vendored extract of the MTEB results repository, {@link dev.embedlab.models.catalog.Advisor}
 * turns it into a fair shortlist for one language and task type, and
 * {@link dev.embedlab.models.catalog.AdviseCommand} prints that shortlist with the bake-off command that
 * measures it on a team's own data.
 */
package dev.embedlab.models.catalog;
