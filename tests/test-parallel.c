/* test-parallel.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The numeric core's thread pool and the split sgemm built on it: every
 * index visited exactly once, parts aligned to the grain, nested and
 * concurrent callers, thousands of back-to-back jobs (the way a training
 * step uses the pool), and nas_gemm on two and three threads against the
 * naive triple loop for shapes that split by columns and by rows. */

#define G_LOG_DOMAIN "test-parallel"

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "nas-gemm.h"
#include "nas-nn.h"
#include "nas-parallel.h"
#include "nas-rng.h"

typedef struct
{
  gint   *hits;      /* per index */
  size_t  grain;
  gint    parts;     /* calls of the function */
  gint    misaligned;
  GThread *threads[NAS_PARALLEL_MAX_THREADS];
  gint    n_threads;
} Visit;

static void
visit (size_t  begin,
       size_t  end,
       guint   part,
       void   *data)
{
  Visit *v = data;
  GThread *self = g_thread_self ();
  gint i, n;

  /* Per-thread scratch is indexed by part: never past the pool's size,
   * even with workers left from a larger pool. */
  g_assert_cmpuint (part, <, nas_parallel_get_threads ());
  for (size_t k = begin; k < end; k++)
    g_atomic_int_inc (&v->hits[k]);
  if (begin % v->grain != 0)
    g_atomic_int_inc (&v->misaligned);
  g_atomic_int_inc (&v->parts);

  /* Record which threads ran parts (a few slots are enough). */
  n = g_atomic_int_get (&v->n_threads);
  for (i = 0; i < n; i++)
    if (v->threads[i] == self)
      return;
  i = g_atomic_int_add (&v->n_threads, 1);
  if (i < NAS_PARALLEL_MAX_THREADS)
    v->threads[i] = self;
}

static void
check_split (size_t n,
             size_t grain,
             guint  threads)
{
  g_autofree gint *hits = g_new0 (gint, MAX (n, 1));
  Visit v = { hits, grain, 0, 0, { NULL }, 0 };
  size_t units = (n + grain - 1) / grain;

  /* Dynamic: up to four chunks a thread, each index once, whoever runs it. */
  nas_parallel_set_threads (threads);
  nas_parallel_for_dynamic (n, grain, visit, &v);
  for (size_t k = 0; k < n; k++)
    g_assert_cmpint (hits[k], ==, 1);
  g_assert_cmpint (v.misaligned, ==, 0);
  g_assert_cmpint (v.parts, <=, (gint) MIN (units, 4 * threads));
  g_assert_cmpint (v.parts, ==, n == 0 ? 0 : (gint) MIN (units, threads < 2 || units < 2 ? 1 : 4 * threads));
  memset (hits, 0, MAX (n, 1) * sizeof (gint));
  v.parts = 0;

  nas_parallel_for (n, grain, visit, &v);
  for (size_t k = 0; k < n; k++)
    g_assert_cmpint (hits[k], ==, 1);
  g_assert_cmpint (v.misaligned, ==, 0);
  if (n == 0)
    g_assert_cmpint (v.parts, ==, 0);
  else
    g_assert_cmpint (v.parts, ==, (gint) MIN (units, threads));
}

static void
test_split (void)
{
  static const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 63, 64, 65, 1000, 4099 };
  static const size_t grains[] = { 1, 3, 8, 16 };

  /* Growing, then shrinking: workers of the larger pool stay idle. */
  for (guint t = 1; t <= 4; t++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      for (guint g = 0; g < G_N_ELEMENTS (grains); g++)
        check_split (sizes[i], grains[g], t);
  for (guint t = 3; t >= 1; t--)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      for (guint g = 0; g < G_N_ELEMENTS (grains); g++)
        check_split (sizes[i], grains[g], t);
}

/* With two threads a job of two parts really runs on two threads. */
static void
test_uses_workers (void)
{
  gint hits[64] = { 0 };
  Visit v = { hits, 1, 0, 0, { NULL }, 0 };

  nas_parallel_set_threads (2);
  g_assert_cmpuint (nas_parallel_get_threads (), ==, 2);
  nas_parallel_for (64, 32, visit, &v);
  g_assert_cmpint (v.parts, ==, 2);
  g_assert_cmpint (v.n_threads, ==, 2);
  g_assert_true (v.threads[0] != v.threads[1]);
}

/* A part that calls the pool again runs the inner job inline. */
static void
nested (size_t  begin,
        size_t  end,
        guint   part,
        void   *data)
{
  Visit *outer = data;

  for (size_t k = begin; k < end; k++)
    {
      gint inner_hits[10] = { 0 };
      Visit inner = { inner_hits, 1, 0, 0, { NULL }, 0 };

      nas_parallel_for (10, 1, visit, &inner);
      g_assert_cmpint (inner.parts, ==, 1);
      for (guint i = 0; i < 10; i++)
        g_assert_cmpint (inner_hits[i], ==, 1);
      g_atomic_int_inc (&outer->hits[k]);
    }
}

static void
test_nested (void)
{
  gint hits[40] = { 0 };
  Visit v = { hits, 1, 0, 0, { NULL }, 0 };

  nas_parallel_set_threads (2);
  nas_parallel_for (40, 4, nested, &v);
  for (guint i = 0; i < 40; i++)
    g_assert_cmpint (hits[i], ==, 1);
}

static void
sum_range (size_t  begin,
           size_t  end,
           guint   part,
           void   *data)
{
  gint64 *sums = data;
  gint64 s = 0;

  for (size_t k = begin; k < end; k++)
    s += (gint64) k;
  /* One slot per part, found by its first index. */
  sums[begin] = s;
}

static gint64
pool_sum (size_t n)
{
  g_autofree gint64 *sums = g_new0 (gint64, n);
  gint64 total = 0;

  nas_parallel_for (n, 16, sum_range, sums);
  for (size_t k = 0; k < n; k++)
    total += sums[k];
  return total;
}

/* Many small jobs back to back, the way a training step uses the pool,
 * with pauses long enough in between for the workers to fall asleep. */
static void
test_many_jobs (void)
{
  nas_parallel_set_threads (2);
  for (guint i = 0; i < 10000; i++)
    {
      size_t n = 32 + i % 97;

      g_assert_cmpint (pool_sum (n), ==, (gint64) n * (gint64) (n - 1) / 2);
      if (i % 1000 == 0)
        g_usleep (2000);
    }
}

static gpointer
concurrent_main (gpointer data)
{
  for (guint i = 0; i < 5000; i++)
    {
      size_t n = 100 + i % 50;

      if (pool_sum (n) != (gint64) n * (gint64) (n - 1) / 2)
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

/* Two threads using the pool at once (two trainers): one gets the pool,
 * the other runs inline; both are right. */
static void
test_concurrent (void)
{
  GThread *a, *b;

  nas_parallel_set_threads (2);
  a = g_thread_new ("a", concurrent_main, NULL);
  b = g_thread_new ("b", concurrent_main, NULL);
  g_assert_null (g_thread_join (a));
  g_assert_null (g_thread_join (b));
}

/* A job whose result depends on its split: each part sums its floats
 * into its own slot, and the slots are added in order afterwards, as a
 * convolution's weight gradient is. */
typedef struct
{
  const float *x;
  float        partial[NAS_PARALLEL_MAX_THREADS];
  size_t       begin[NAS_PARALLEL_MAX_THREADS];
  gint         calls;
} SplitSum;

static void
split_sum_part (size_t  begin,
                size_t  end,
                guint   part,
                void   *data)
{
  SplitSum *s = data;
  float sum = 0;

  for (size_t i = begin; i < end; i++)
    sum += s->x[i];
  s->partial[part] = sum;
  s->begin[part] = begin;
  g_atomic_int_inc (&s->calls);
}

static float
split_sum (const float *x,
           size_t       n,
           SplitSum    *s)
{
  float total = 0;

  *s = (SplitSum) { .x = x };
  nas_parallel_for (n, 1, split_sum_part, s);
  for (guint i = 0; i < nas_parallel_get_threads (); i++)
    total += s->partial[i];
  return total;
}

/* A job that holds the pool until told to let go. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean release;
} Holder;

static void
hold_part (size_t  begin,
           size_t  end,
           guint   part,
           void   *data)
{
  Holder *h = data;

  g_mutex_lock (&h->lock);
  h->started = TRUE;
  g_cond_broadcast (&h->cond);
  while (!h->release)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
}

static gpointer
hold_main (gpointer data)
{
  nas_parallel_for (2, 1, hold_part, data);
  return NULL;
}

/* While another thread has the pool, a static job runs on the calling
 * thread with the pool's parts, and its per-part sums give the same bits
 * as on the pool (a search must not change because the window measured
 * the computer's speed beside it). */
static void
test_busy_same_bits (void)
{
  g_autofree float *x = g_new (float, 100001);
  Holder h = { 0 };
  SplitSum pooled, inline_;
  float on_pool, beside;
  GThread *holder;
  NasRng rng;

  nas_rng_seed (&rng, 3);
  for (size_t i = 0; i < 100001; i++)
    x[i] = nas_rng_float (&rng) * 1e3f - 1e-3f * (float) i;

  nas_parallel_set_threads (2);
  on_pool = split_sum (x, 100001, &pooled);
  g_assert_cmpint (pooled.calls, ==, 2);

  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);
  holder = g_thread_new ("holder", hold_main, &h);
  g_mutex_lock (&h.lock);
  while (!h.started)
    g_cond_wait (&h.cond, &h.lock);
  g_mutex_unlock (&h.lock);

  beside = split_sum (x, 100001, &inline_);

  g_mutex_lock (&h.lock);
  h.release = TRUE;
  g_cond_broadcast (&h.cond);
  g_mutex_unlock (&h.lock);
  g_thread_join (holder);
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);

  g_assert_cmpint (inline_.calls, ==, 2);
  g_assert_cmpuint (inline_.begin[1], ==, pooled.begin[1]);
  g_assert_cmpmem (inline_.partial, sizeof inline_.partial, pooled.partial, sizeof pooled.partial);
  g_assert_true (memcmp (&beside, &on_pool, sizeof (float)) == 0);
  nas_parallel_set_threads (1);
}

static void
fill (float  *x,
      size_t  n,
      NasRng *rng)
{
  for (size_t i = 0; i < n; i++)
    x[i] = nas_rng_float (rng) * 2 - 1;
}

/* nas_gemm split over 2 and 3 threads against the naive loop: both split
 * directions, transposes, strides wider than the matrix, beta 0 and 1. */
static void
test_gemm_split (void)
{
  static const struct { size_t m, n, k; } shapes[] = {
    { 32, 1000, 25 },      /* columns: a first convolution */
    { 64, 288, 200 },      /* columns: a weight gradient */
    { 200, 128, 60 },      /* rows: a dense layer */
    { 97, 131, 61 },       /* odd sizes, rows */
    { 5, 2000, 40 },       /* few rows */
  };
  NasRng rng;

  nas_rng_seed (&rng, 7);
  for (guint threads = 2; threads <= 3; threads++)
    for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
      for (guint mode = 0; mode < 8; mode++)
        {
          gboolean ta = mode & 1, tb = (mode >> 1) & 1;
          float beta = (mode >> 2) & 1 ? 1.0f : 0.0f;
          size_t m = shapes[i].m, n = shapes[i].n, k = shapes[i].k;
          size_t lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
          g_autofree float *a = g_new (float, (ta ? k : m) * lda);
          g_autofree float *b = g_new (float, (tb ? n : k) * ldb);
          g_autofree float *c1 = g_new (float, m * ldc);
          g_autofree float *c2 = g_new (float, m * ldc);
          double worst = 0;

          fill (a, (ta ? k : m) * lda, &rng);
          fill (b, (tb ? n : k) * ldb, &rng);
          fill (c1, m * ldc, &rng);
          memcpy (c2, c1, m * ldc * sizeof (float));

          nas_nn_set_threads ((int) threads);
          nas_gemm (ta, tb, m, n, k, 0.5f, a, lda, b, ldb, beta, c1, ldc);
          nas_gemm_naive (ta, tb, m, n, k, 0.5f, a, lda, b, ldb, beta, c2, ldc);
          for (size_t r = 0; r < m; r++)
            for (size_t c = 0; c < ldc; c++)
              {
                double d = fabs ((double) c1[r * ldc + c] - c2[r * ldc + c]);

                /* The padding between rows is never written. */
                if (c >= n)
                  g_assert_cmpfloat (d, ==, 0);
                worst = MAX (worst, d);
              }
          g_assert_cmpfloat (worst, <, 1e-4 * sqrt ((double) k));
        }
  nas_nn_set_threads (1);
}

/* Runs first, before anything sets threads: OpenBLAS's own threads (one
 * per core by default) would spin beside the pool's, so its first product
 * puts it on one thread even if nas_nn_set_threads() was never called. */
static void
test_openblas_default (void)
{
  float a[4] = { 1, 2, 3, 4 }, b[4] = { 1, 0, 0, 1 }, c[4];

  nas_gemm (FALSE, FALSE, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
  g_assert_cmpfloat (c[3], ==, 4.0f);
  g_assert_cmpint (openblas_get_num_threads (), ==, 1);
  g_assert_cmpuint (nas_parallel_get_threads (), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/parallel/openblas-default", test_openblas_default);
  g_test_add_func ("/nn/parallel/split", test_split);
  g_test_add_func ("/nn/parallel/uses-workers", test_uses_workers);
  g_test_add_func ("/nn/parallel/nested", test_nested);
  g_test_add_func ("/nn/parallel/many-jobs", test_many_jobs);
  g_test_add_func ("/nn/parallel/concurrent", test_concurrent);
  g_test_add_func ("/nn/parallel/busy-same-bits", test_busy_same_bits);
  g_test_add_func ("/nn/parallel/gemm-split", test_gemm_split);

  return g_test_run ();
}
