/* nas-gemm.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every FLOP-heavy operation of the child networks (convolutions via im2col,
 * dense layers) ends up here, so this is the only file that talks to
 * OpenBLAS. OpenBLAS itself runs on one thread; products big enough to be
 * worth it are split into blocks of C, one per thread of nas-parallel.c,
 * each a single-threaded sgemm (see there for why). */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>

#include "nas-check.h"
#include "nas-gemm.h"
#include "nas-parallel.h"

/* Products below this many multiply-adds run on one thread: waking the
 * others costs a few µs. */
#define SPLIT_MIN_MACS ((size_t) 1 << 17)

/* OpenBLAS starts with a thread per core, which spin in sched_yield beside
 * ours; it is put on one thread before its first product even when nobody
 * called nas_nn_set_threads() (a test, a library user). */
void
nas_gemm_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      openblas_set_num_threads (1);
      g_once_init_leave (&done, 1);
    }
}

typedef struct
{
  gboolean     trans_a, trans_b, split_n;
  size_t       m, n, k;
  float        alpha, beta;
  const float *a, *b;
  size_t       lda, ldb, ldc;
  float       *c;
} Gemm;

static void
sgemm (const Gemm  *g,
       size_t       m,
       size_t       n,
       const float *a,
       const float *b,
       float       *c)
{
  cblas_sgemm (CblasRowMajor,
               g->trans_a ? CblasTrans : CblasNoTrans,
               g->trans_b ? CblasTrans : CblasNoTrans,
               (int) m, (int) n, (int) g->k,
               g->alpha, a, (int) g->lda, b, (int) g->ldb,
               g->beta, c, (int) g->ldc);
}

/* Columns [begin, end) of C, or rows. */
static void
gemm_part (size_t  begin,
           size_t  end,
           guint   part,
           void   *data)
{
  const Gemm *g = data;

  if (g->split_n)
    sgemm (g, g->m, end - begin, g->a,
           g->trans_b ? g->b + begin * g->ldb : g->b + begin,
           g->c + begin);
  else
    sgemm (g, end - begin, g->n,
           g->trans_a ? g->a + begin : g->a + begin * g->lda,
           g->b, g->c + begin * g->ldc);
}

void
nas_gemm (gboolean     trans_a,
          gboolean     trans_b,
          size_t       m,
          size_t       n,
          size_t       k,
          float        alpha,
          const float *a,
          size_t       lda,
          const float *b,
          size_t       ldb,
          float        beta,
          float       *c,
          size_t       ldc)
{
  NAS_CHECK (lda >= (trans_a ? m : k) && ldb >= (trans_b ? k : n) && ldc >= n);
  NAS_CHECK (m <= G_MAXINT && n <= G_MAXINT && k <= G_MAXINT);

  if (m == 0 || n == 0)
    return;

  nas_gemm_init ();
  {
    Gemm g = { trans_a, trans_b, FALSE, m, n, k, alpha, beta, a, b, lda, ldb, ldc, c };

    /* The longer side of C is split: columns in blocks of 16 floats (whole
     * cache lines of C and of a non-transposed B), rows in blocks of 8. */
    if (m * n * k < SPLIT_MIN_MACS || nas_parallel_get_threads () < 2)
      sgemm (&g, m, n, a, b, c);
    else if (n >= 4 * m || n >= 256)
      {
        g.split_n = TRUE;
        nas_parallel_for_dynamic (n, 16, gemm_part, &g);
      }
    else
      nas_parallel_for_dynamic (m, 8, gemm_part, &g);
  }
}

void
nas_gemm_naive (gboolean     trans_a,
                gboolean     trans_b,
                size_t       m,
                size_t       n,
                size_t       k,
                float        alpha,
                const float *a,
                size_t       lda,
                const float *b,
                size_t       ldb,
                float        beta,
                float       *c,
                size_t       ldc)
{
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      {
        double sum = 0;

        for (size_t p = 0; p < k; p++)
          {
            float av = trans_a ? a[p * lda + i] : a[i * lda + p];
            float bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];

            sum += (double) av * bv;
          }
        /* beta = 0 must ignore C, which may hold NaN garbage (BLAS rule). */
        c[i * ldc + j] = (float) (alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]));
      }
}
