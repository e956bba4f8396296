#!/usr/bin/python3
"""FAISS IndexHNSWFlat and IndexIVFFlat peers for AnnTuningBenchmark (same vectors, matched parameters).

Usage: /usr/bin/python3 faiss_ann.py DOCS.npy QUERIES.npy TRUTH.npy K THREADS M_LIST EF_CONSTRUCTION EF_LIST \
           NLIST_LIST NPROBE_LIST
  DOCS/QUERIES: float32 (n, d) unit vectors; TRUTH: int64 (nq, K) exact top-K doc indices (inner product)
  *_LIST: comma-separated integers, e.g. 8,16,32
HNSW: IndexHNSWFlat(d, M, METRIC_INNER_PRODUCT) with efConstruction (Lucene's beamWidth) and efSearch
(Lucene's candidate count; FAISS uses max(efSearch, K) as Lucene does). IVF: IndexIVFFlat with an
IndexFlatL2 coarse quantiser (k-means in L2, documents assigned and queries probed by L2 distance to
the centroids, as embedlab's IvfRetriever) and inner-product lists.
Each query is searched alone (batch of one, as the Java side times per query); prints one line per
configuration: recall@K against TRUTH, p50/p95 per-query milliseconds, build seconds.
Needs Debian's python3-faiss and numpy (/usr/bin/python3, not a pyenv python).
"""
import sys
import time

import faiss_peer


def ints(s):
    return [int(x) for x in s.split(",") if x]


def main():
    dpath, qpath, tpath, k, threads, ms, efc, efs, nlists, nprobes = sys.argv[1:11]
    k, threads, efc = int(k), int(threads), int(efc)
    np, faiss, xb, xq, truth = faiss_peer.load(threads, dpath, qpath, tpath)
    d = xb.shape[1]
    print("faiss %s numpy %s threads %d: %d docs, %d queries, %d-d, k=%d; BLAS %s"
          % (faiss.__version__, np.__version__, faiss.omp_get_max_threads(), len(xb), len(xq), d, k,
             faiss_peer.blas()))
    print("%-36s %9s %8s %8s %9s" % ("configuration", "R@%d" % k, "p50 ms", "p95 ms", "build s"))

    def measure(label, index, build_s):
        for i in range(min(50, len(xq))):  # warm-up, as the Java side
            index.search(xq[i:i + 1], k)
        recall, p50, p95, _ = faiss_peer.one_at_a_time(np, index, xq, truth, k)
        print("%-36s %9.4f %8.3f %8.3f %9.2f" % (label, recall, p50, p95, build_s))
        sys.stdout.flush()

    for m in ints(ms):
        t0 = time.perf_counter()
        index = faiss.IndexHNSWFlat(d, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = efc
        index.add(xb)
        build = time.perf_counter() - t0
        for ef in ints(efs):
            index.hnsw.efSearch = ef
            measure("faiss-hnsw(M=%d,efC=%d,ef=%d)" % (m, efc, ef), index, build)
        del index
    for nlist in ints(nlists):
        t0 = time.perf_counter()
        quantizer = faiss.IndexFlatL2(d)
        index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(xb)
        index.add(xb)
        build = time.perf_counter() - t0
        for nprobe in ints(nprobes):
            if nprobe <= nlist:
                index.nprobe = nprobe
                measure("faiss-ivf-flat(nlist=%d,nprobe=%d)" % (nlist, nprobe), index, build)
        del index


if __name__ == "__main__":
    main()
