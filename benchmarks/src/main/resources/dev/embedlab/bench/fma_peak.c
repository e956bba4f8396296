/*
 * Measured fp32 FMA peak of this machine, for EmbedThroughputBenchmark's %peak.
 *
 * Each thread (pinned to its own core) runs ACC independent vector accumulators through
 * acc = acc * a + b, i.e. one fused multiply-add per lane per instruction, 2 FLOP per lane. With
 * FMA latency L cycles and P FMA pipes, at least L * P independent chains are needed to keep the
 * pipes busy (Zen 4/5: L = 4, P = 2 -> 8; Intel SPR: L = 4, P = 2); ACC = 16 leaves headroom and
 * still fits the 32 vector registers, so the loop body is pure register FMAs (no loads).
 * a = 0.99999, b = 1e-5: every accumulator converges to 1 and stays a normal float (no denormals).
 *
 * A trial runs for SECONDS of wall time (checked every INNER iterations); the best of TRIALS
 * trials is reported, so a trial slowed by a neighbour's process does not lower the figure. Two
 * rates are printed: FLOP per second of wall time (what a program gets now, neighbours included)
 * and FLOP per second of the thread's own CPU time (CLOCK_THREAD_CPUTIME_ID: the core's rate
 * while it runs this thread, which time-slicing with other processes does not lower).
 *
 * It also measures the core clock while vector FMAs are not running: a chain of dependent
 * integer adds retires one add per cycle, so adds/second = cycles/second. Then
 * FLOP/cycle/core = GFLOP/s / (threads * GHz) tells how many FMA pipes x lanes the core has.
 *
 * Output: one line per measurement, "key=value" pairs (parsed by FmaPeak.java).
 * Build: gcc -O2 -march=native -pthread fma_peak.c -o fma_peak
 * Run:   ./fma_peak [seconds per trial, default 0.5] [trials, default 5] [max threads, default all cores]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <immintrin.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define VFMA(x, a, b) _mm512_fmadd_ps(x, a, b)
#define VSET(v) _mm512_set1_ps(v)
#define ISA "avx512f"
#elif defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define VFMA(x, a, b) _mm256_fmadd_ps(x, a, b)
#define VSET(v) _mm256_set1_ps(v)
#define ISA "avx2+fma"
#else
#error "needs an x86-64 CPU with FMA (compile with -march=native)"
#endif

#define ACC 16
#define INNER 4096L

static double clock_s(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static double now(void) {
  return clock_s(CLOCK_MONOTONIC);
}

static double cpu_now(void) {
  return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

typedef struct {
  int cpu;
  double seconds;
  pthread_barrier_t *start;
  double flops;
  double elapsed;
  double cpuSeconds;
  float sink;
} job;

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set); /* best effort: a failure only loses the pinning */
}

static void *fma_worker(void *arg) {
  job *j = (job *) arg;
  pin(j->cpu);
  vec a = VSET(0.99999f), b = VSET(1e-5f);
  vec acc[ACC];
  for (int i = 0; i < ACC; i++) {
    acc[i] = VSET(1.0f + i * 1e-3f);
  }
  pthread_barrier_wait(j->start);
  long iters = 0;
  double c0 = cpu_now();
  double t0 = now(), t1;
  do {
    for (long k = 0; k < INNER; k++) {
      /* ACC independent chains; the compiler keeps them in registers. */
#pragma GCC unroll 16
      for (int i = 0; i < ACC; i++) {
        acc[i] = VFMA(acc[i], a, b);
      }
    }
    iters += INNER;
    t1 = now();
  } while (t1 - t0 < j->seconds);
  float s = 0;
  float lanes[LANES] __attribute__((aligned(64)));
  for (int i = 0; i < ACC; i++) {
    *(vec *) lanes = acc[i];
    s += lanes[0];
  }
  j->sink = s; /* keeps the chains alive */
  j->flops = (double) iters * ACC * LANES * 2;
  j->elapsed = t1 - t0;
  j->cpuSeconds = cpu_now() - c0;
  return NULL;
}

/*
 * Best-of-trials GFLOP/s with `threads` pinned threads running at the same time: best[0] per
 * second of wall time, best[1] per second of each thread's CPU time (summed over threads).
 */
static void fma_gflops(int threads, double seconds, int trials, double best[2]) {
  best[0] = best[1] = 0;
  for (int t = 0; t < trials; t++) {
    pthread_t th[256];
    job jobs[256];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, threads);
    for (int i = 0; i < threads; i++) {
      jobs[i] = (job) {.cpu = i, .seconds = seconds, .start = &start};
      pthread_create(&th[i], NULL, fma_worker, &jobs[i]);
    }
    double wall = 0, cpu = 0;
    for (int i = 0; i < threads; i++) {
      pthread_join(th[i], NULL);
      wall += jobs[i].flops / jobs[i].elapsed / 1e9; /* each thread's own rate; they overlap in time */
      cpu += jobs[i].flops / jobs[i].cpuSeconds / 1e9;
    }
    pthread_barrier_destroy(&start);
    best[0] = wall > best[0] ? wall : best[0];
    best[1] = cpu > best[1] ? cpu : best[1];
  }
}

/* Core clock in GHz from a chain of dependent integer adds (1 cycle each) per second of this
 * thread's CPU time, best of trials. */
static double clock_ghz(double seconds, int trials) {
  pin(0);
  double best = 0;
  for (int t = 0; t < trials; t++) {
    unsigned long x = 0, adds = 0;
    double t0 = cpu_now(), t1;
    do {
      for (int k = 0; k < 1000; k++) {
        __asm__ volatile(
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            : "+r"(x));
      }
      adds += 16000;
      t1 = cpu_now();
    } while (t1 - t0 < seconds);
    double ghz = adds / (t1 - t0) / 1e9;
    if (ghz > best) {
      best = ghz;
    }
  }
  return best;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 0.5;
  int trials = argc > 2 ? atoi(argv[2]) : 5;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int maxThreads = argc > 3 ? atoi(argv[3]) : (int) cores;
  if (seconds <= 0 || trials < 1 || maxThreads < 1 || maxThreads > 256) {
    fprintf(stderr, "usage: fma_peak [seconds>0] [trials>=1] [threads 1..256]; got %s %s %s\n",
        argc > 1 ? argv[1] : "-", argc > 2 ? argv[2] : "-", argc > 3 ? argv[3] : "-");
    return 2;
  }
  printf("isa=%s lanes=%d accumulators=%d seconds=%.3f trials=%d cores=%ld\n", ISA, LANES, ACC,
      seconds, trials, cores);
  printf("clock_ghz=%.3f\n", clock_ghz(seconds / 2, trials));
  for (int th = 1; th <= maxThreads; th = th < maxThreads && th * 2 > maxThreads ? maxThreads : th * 2) {
    double best[2];
    fma_gflops(th, seconds, trials, best);
    printf("threads=%d gflops_wall=%.1f gflops_cpu=%.1f\n", th, best[0], best[1]);
    fflush(stdout);
    if (th == maxThreads) {
      break;
    }
  }
  return 0;
}
