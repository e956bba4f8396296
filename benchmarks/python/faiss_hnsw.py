#!/usr/bin/python3
"""FAISS IndexHNSWFlat peer for HnswPeerBenchmark: one round (build, then every efSearch), machine-readable.

Usage: /usr/bin/python3 faiss_hnsw.py DOCS.npy QUERIES.npy TRUTH.npy K M EF_CONSTRUCTION EF_LIST THREADS
  DOCS/QUERIES: float32 (n, d) unit vectors; TRUTH: int64 (nq, K) exact top-K doc indices (inner product)
  EF_LIST: comma-separated efSearch values, e.g. 10,20,40,80,160
IndexHNSWFlat(d, M, METRIC_INNER_PRODUCT) with efConstruction; each query is searched alone (a batch of
one), after one warm-up pass over every query at the largest efSearch. Prints the lines of faiss_peer.run
(INFO, BUILD, RESULT <efSearch> ...; nearest-rank percentiles, as embedlab's LatencyStats). Needs
python3-faiss and numpy.
"""
import sys

import faiss_peer


def main():
    dpath, qpath, tpath, k, m, efc, efs, threads = sys.argv[1:9]
    m, efc = int(m), int(efc)

    def build(faiss, xb):
        index = faiss.IndexHNSWFlat(xb.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = efc
        index.add(xb)
        return index

    def set_ef(index, ef):
        index.hnsw.efSearch = ef

    faiss_peer.run(int(threads), dpath, qpath, tpath, int(k), build, set_ef, efs)


if __name__ == "__main__":
    main()
