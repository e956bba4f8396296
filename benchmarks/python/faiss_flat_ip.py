#!/usr/bin/python3
"""FAISS IndexFlatIP peer for ExactSearchBenchmark (run by the Java benchmark, same vectors, same threads).

Usage: /usr/bin/python3 faiss_flat_ip.py QUERIES.npy DOCS.npy K THREADS REPEAT OUT_IDS.npy
Prints one JSON line: add and search wall times (seconds) per repeat, faiss/numpy versions.
Needs Debian's python3-faiss and numpy (/usr/bin/python3, not a pyenv python).
"""
import json
import sys
import time

import faiss_peer


def main():
    qpath, dpath, k, threads, repeat, out = sys.argv[1:7]
    k, threads, repeat = int(k), int(threads), int(repeat)
    np, faiss = faiss_peer.start(threads)  # threads fixed before numpy/faiss start their pools
    xq = faiss_peer.vectors(np, qpath)
    xb = faiss_peer.vectors(np, dpath)
    add_s, search_s = [], []
    ids = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        index = faiss.IndexFlatIP(xb.shape[1])
        index.add(xb)
        t1 = time.perf_counter()
        _, ids = index.search(xq, k)
        t2 = time.perf_counter()
        add_s.append(t1 - t0)
        search_s.append(t2 - t1)
        del index
    np.save(out, ids.astype(np.int64))
    print(json.dumps({
        "faiss": faiss.__version__, "numpy": np.__version__, "threads": faiss.omp_get_max_threads(),
        "blas": faiss_peer.blas(),
        "add_s": add_s, "search_s": search_s}))


if __name__ == "__main__":
    main()
