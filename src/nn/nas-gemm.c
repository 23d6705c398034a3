/* nas-gemm.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every FLOP-heavy operation of the child networks (convolutions via im2col,
 * dense layers) ends up here, so this is the only file that talks to
 * OpenBLAS. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>

#include "nas-check.h"
#include "nas-gemm.h"

void
nas_nn_set_threads (int n)
{
  openblas_set_num_threads (MAX (n, 1));
}

int
nas_nn_get_threads (void)
{
  return openblas_get_num_threads ();
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

  cblas_sgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               (int) m, (int) n, (int) k,
               alpha, a, (int) lda, b, (int) ldb,
               beta, c, (int) ldc);
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
