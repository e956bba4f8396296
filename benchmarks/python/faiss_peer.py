"""What every FAISS peer script of the benchmarks does first, in one place.

Threads are fixed for OpenMP, OpenBLAS and MKL before numpy and faiss start their pools (they read the
variables once); then the .npy files are loaded as C-contiguous float32 (int64 for exact top-k indices),
as the Java side wrote them.
"""
import os


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
