#!/usr/bin/python3
"""FAISS IndexPQ and scikit-learn PCA peers for CompressionFaissBenchmark (same vectors, same threads).

Usage: /usr/bin/python3 compression_faiss.py DOCS.npy QUERIES.npy TRUTH.npy M NBITS K THREADS REPEAT PCA.npy PCA_K
  DOCS/QUERIES: float32 (n, d); TRUTH: int64 (nq, K) exact top-K doc indices (inner product)
  PCA.npy: float32 matrix for the PCA timing (empty string to skip)
Prints one JSON line: IndexPQ train+add and search wall times (seconds, per repeat), recall@K against
TRUTH, and PCA fit times for svd_solver="auto" (what PCA(n_components=PCA_K) does by default) and
"full", with the explained variance ratio sum. Needs Debian's python3-faiss, numpy and scikit-learn.
"""
import json
import sys
import time

import faiss_peer


SEARCH_REPEAT = 5  # searches per trained index, minimum reported (as the Java side)


def main():
    dpath, qpath, tpath, m, nbits, k, threads, repeat, pca_path, pca_k = sys.argv[1:11]
    m, nbits, k, threads, repeat, pca_k = int(m), int(nbits), int(k), int(threads), int(repeat), int(pca_k)
    np, faiss = faiss_peer.start(threads)
    import sklearn
    from sklearn.decomposition import PCA

    xb = faiss_peer.vectors(np, dpath)
    xq = faiss_peer.vectors(np, qpath)
    truth = np.load(tpath)
    train_s, search_s, recalls = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        index = faiss.IndexPQ(xb.shape[1], m, nbits, faiss.METRIC_INNER_PRODUCT)
        index.train(xb)
        index.add(xb)
        t1 = time.perf_counter()
        best = None
        for _ in range(SEARCH_REPEAT):
            s0 = time.perf_counter()
            _, ids = index.search(xq, k)
            s1 = time.perf_counter() - s0
            best = s1 if best is None else min(best, s1)
        train_s.append(t1 - t0)
        search_s.append(best)
        hit = sum(len(set(ids[i]).intersection(truth[i])) for i in range(len(xq)))
        recalls.append(hit / (k * len(xq)))
        del index
    out = {"faiss": faiss.__version__, "blas": faiss_peer.blas(), "numpy": np.__version__, "sklearn": sklearn.__version__,
           "threads": faiss.omp_get_max_threads(), "pq_train_add_s": train_s, "pq_search_s": search_s,
           "pq_recall": recalls}
    if pca_path:
        x = np.ascontiguousarray(np.load(pca_path), dtype=np.float32)
        for solver in ("auto", "full"):
            times = []
            ratio = None
            for _ in range(repeat):
                t0 = time.perf_counter()
                p = PCA(n_components=pca_k, svd_solver=solver, random_state=0).fit(x)
                times.append(time.perf_counter() - t0)
                ratio = float(p.explained_variance_ratio_.sum())
            out["pca_" + solver + "_s"] = times
            out["pca_" + solver + "_ratio_sum"] = ratio
            out["pca_" + solver + "_first5"] = [float(v) for v in p.explained_variance_ratio_[:5]]
        out["pca_shape"] = list(x.shape)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
