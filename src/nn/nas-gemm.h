/* nas-gemm.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one matrix product of the numeric core: a row-major wrapper around
 * cblas_sgemm, its naive twin for the tests, and the OpenBLAS thread count.
 *
 * Dimension legend of src/nn (llm.c style), used in every shape comment:
 *   B  images in the mini-batch      C  input channels    H, W  input map
 *   F  filters (output channels)     KH, KW  kernel       OH, OW  output map
 *   I  dense inputs                  O  dense outputs     K  classes
 * Spatial activations inside a NasNet are stored channel-major, [C, B, H, W]
 * ("CBHW"), so that one convolution over the whole mini-batch is one sgemm
 * whose output is already in the layout the next layer reads. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the number of threads the numeric core computes on, once,
 * deliberately (DESIGN §8): the caller (CLI, application) decides, never a
 * kernel. n < 1 means 1. OpenBLAS itself is kept on one thread: products
 * are split over the pool of nas-parallel.c instead. */
void nas_nn_set_threads (int n);
int  nas_nn_get_threads (void);

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
