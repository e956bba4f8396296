#!/usr/bin/python3
"""FAISS IndexHNSWFlat peer for HnswPeerBenchmark: one round (build, then every efSearch), machine-readable.

Usage: /usr/bin/python3 faiss_hnsw.py DOCS.npy QUERIES.npy TRUTH.npy K M EF_CONSTRUCTION EF_LIST THREADS
  DOCS/QUERIES: float32 (n, d) unit vectors; TRUTH: int64 (nq, K) exact top-K doc indices (inner product)
  EF_LIST: comma-separated efSearch values, e.g. 10,20,40,80,160
IndexHNSWFlat(d, M, METRIC_INNER_PRODUCT) with efConstruction; each query is searched alone (a batch of
one), after one warm-up pass over every query at the largest efSearch. Prints
  INFO faiss=<version> numpy=<version> threads=<n> docs=<n> queries=<n> dim=<d>
  BUILD <wall seconds> <process CPU seconds>
  RESULT <efSearch> <recall@K> <p50 ms> <p95 ms> <mean ms>
(nearest-rank percentiles, as embedlab's LatencyStats). Needs python3-faiss and numpy.
"""
import sys
import time

import faiss_peer


def main():
    dpath, qpath, tpath, k, m, efc, efs, threads = sys.argv[1:9]
    k, m, efc, threads = int(k), int(m), int(efc), int(threads)
    np, faiss, xb, xq, truth = faiss_peer.load(threads, dpath, qpath, tpath)
    d = xb.shape[1]
    print("INFO faiss=%s numpy=%s threads=%d docs=%d queries=%d dim=%d"
          % (faiss.__version__, np.__version__, faiss.omp_get_max_threads(), len(xb), len(xq), d))
    t0 = time.perf_counter()
    c0 = time.process_time()
    index = faiss.IndexHNSWFlat(d, m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = efc
    index.add(xb)
    print("BUILD %.4f %.4f" % (time.perf_counter() - t0, time.process_time() - c0))
    sys.stdout.flush()
    ef_list = [int(x) for x in efs.split(",") if x]
    index.hnsw.efSearch = max(ef_list)
    for i in range(len(xq)):  # warm-up, as the Java side
        index.search(xq[i:i + 1], k)
    for ef in ef_list:
        index.hnsw.efSearch = ef
        recall, p50, p95, mean = faiss_peer.one_at_a_time(np, index, xq, truth, k)
        print("RESULT %d %.6f %.6f %.6f %.6f" % (ef, recall, p50, p95, mean))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
