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


def blas():
    """The BLAS library this process loaded (from /proc/self/maps), e.g. .../openblas-pthread/libblas.so.3.

    FAISS's exact search and k-means run on it: Debian's python3-faiss alone pulls the reference BLAS
    (libblas3, tens of times slower); with libopenblas0 installed the same package runs on OpenBLAS.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    import os.path as osp
    resolved = sorted({osp.realpath(p) for p in paths if p.startswith("/")})
    return ", ".join(resolved) if resolved else "none loaded"


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


def run(threads, dpath, qpath, tpath, k, build, set_effort, efforts):
    """One round of a peer benchmark's FAISS side, in the lines its Java side reads.

    build(faiss, docs) returns the filled index (timed, wall and process CPU); set_effort(index, e) sets
    the search effort (efSearch, nprobe); efforts is a comma-separated list. After a warm-up pass over
    every query at the largest effort, each effort is measured with one_at_a_time. Prints
      INFO faiss=<version> numpy=<version> threads=<n> docs=<n> queries=<n> dim=<d>
      BUILD <wall seconds> <process CPU seconds>
      RESULT <effort> <recall@K> <p50 ms> <p95 ms> <mean ms>
    """
    import sys

    np, faiss, xb, xq, truth = load(threads, dpath, qpath, tpath)
    print("INFO faiss=%s numpy=%s threads=%d docs=%d queries=%d dim=%d blas=%s"
          % (faiss.__version__, np.__version__, faiss.omp_get_max_threads(), len(xb), len(xq), xb.shape[1],
             blas().replace(" ", "")))
    t0 = time.perf_counter()
    c0 = time.process_time()
    index = build(faiss, xb)
    print("BUILD %.4f %.4f" % (time.perf_counter() - t0, time.process_time() - c0))
    sys.stdout.flush()
    effort_list = [int(x) for x in efforts.split(",") if x]
    set_effort(index, max(effort_list))
    for i in range(len(xq)):  # warm-up, as the Java side
        index.search(xq[i:i + 1], k)
    for e in effort_list:
        set_effort(index, e)
        recall, p50, p95, mean = one_at_a_time(np, index, xq, truth, k)
        print("RESULT %d %.6f %.6f %.6f %.6f" % (e, recall, p50, p95, mean))
        sys.stdout.flush()
