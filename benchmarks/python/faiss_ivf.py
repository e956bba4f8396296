#!/usr/bin/python3
"""FAISS IndexIVFFlat peer for IvfPeerBenchmark: one round (train and add, then every nprobe), machine-readable.

Usage: /usr/bin/python3 faiss_ivf.py DOCS.npy QUERIES.npy TRUTH.npy K NLIST NPROBE_LIST THREADS [ITERATIONS]
  DOCS/QUERIES: float32 (n, d) unit vectors; TRUTH: int64 (nq, K) exact top-K doc indices (inner product)
  NPROBE_LIST: comma-separated nprobe values, e.g. 1,2,4,8,16,32
  ITERATIONS: k-means iterations (index.cp.niter); 0 or absent: FAISS's IVF default (10)
IndexIVFFlat over an IndexFlatL2 coarse quantiser (k-means in L2; documents assigned and queries probed by
L2 distance to the centroids, as embedlab's IvfRetriever) with inner-product lists. Prints the lines of
faiss_peer.run (INFO, BUILD, RESULT <nprobe> ...). Needs python3-faiss and numpy.
"""
import sys

import faiss_peer


def main():
    dpath, qpath, tpath, k, nlist, nprobes, threads = sys.argv[1:8]
    nlist = int(nlist)
    iterations = int(sys.argv[8]) if len(sys.argv) > 8 else 0

    def build(faiss, xb):
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(xb.shape[1]), xb.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
        if iterations > 0:
            index.cp.niter = iterations
        index.train(xb)
        index.add(xb)
        return index

    def set_nprobe(index, nprobe):
        index.nprobe = nprobe

    faiss_peer.run(int(threads), dpath, qpath, tpath, int(k), build, set_nprobe, nprobes)


if __name__ == "__main__":
    main()
