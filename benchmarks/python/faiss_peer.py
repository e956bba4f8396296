"""What every FAISS peer script of the benchmarks does first, in one place.

Threads are fixed for OpenMP, OpenBLAS and MKL before numpy and faiss start their pools (they read the
variables once); then the .npy files are loaded as C-contiguous float32 (int64 for exact top-k indices),
as the Java side wrote them.
"""
import os
import time


def start(threads):
    """Fixes every pool to `threads` and returns (numpy, faiss), imported after that."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import numpy as np
    import faiss

    faiss.omp_set_num_threads(threads)
    return np, faiss


def vectors(np, path):
    """A float32 (n, d) matrix from an .npy file, C-contiguous as faiss needs it."""
    return np.ascontiguousarray(np.load(path), dtype=np.float32)


def one_at_a_time(np, index, xq, truth, k):
    """Searches each query alone (a batch of one), as the Java side times them.

    Returns (recall@k against `truth`, p50 ms, p95 ms, mean ms); percentiles by nearest rank, as
    embedlab's LatencyStats.
    """
    lat = []
    hit = 0
    for i in range(len(xq)):
        t0 = time.perf_counter()
        _, ids = index.search(xq[i:i + 1], k)
        lat.append((time.perf_counter() - t0) * 1e3)
        hit += len(set(ids[0].tolist()).intersection(truth[i].tolist()))
    mean = sum(lat) / len(lat)
    lat.sort()
    p = lambda q: lat[max(0, int(np.ceil(q / 100 * len(lat))) - 1)]  # nearest rank
    return hit / (k * len(xq)), p(50), p(95), mean


def load(threads, dpath, qpath, tpath):
    """start(threads), then the documents, the queries and the exact top-k indices the Java side wrote.

    Returns (numpy, faiss, docs, queries, truth).
    """
    np, faiss = start(threads)
    return np, faiss, vectors(np, dpath), vectors(np, qpath), np.load(tpath)
