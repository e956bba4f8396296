/** More judgments from what exists: pools of documents that several retrievers agree on, labelled by a person. */
package dev.embedlab.rag.judge;
