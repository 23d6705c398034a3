/* nas-gemm.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one matrix product of the numeric core: a row-major wrapper around
 * cblas_sgemm and its naive twin for the tests. Shapes follow the legend
 * in nas-nn.h. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Puts OpenBLAS on one thread, once: products are split over the pool of
 * nas-parallel.c instead. nas_gemm() calls it before its first product and
 * nas_nn_set_threads() when the caller sets the thread count. */
void nas_gemm_init  (void);

/* C[M,N] = alpha · op(A)[M,K] · op(B)[K,N] + beta · C, row-major, with leading
 * dimensions (row strides) lda, ldb, ldc of the matrices as stored. */
void nas_gemm       (gboolean     trans_a,
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
                     size_t       ldc);

/* The triple loop, accumulated in double: the reference for nas_gemm. */
void nas_gemm_naive (gboolean     trans_a,
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
                     size_t       ldc);

G_END_DECLS
