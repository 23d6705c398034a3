/* nas-dense.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <string.h>

#include "nas-dense.h"
#include "nas-gemm.h"

void
nas_dense_forward (float       *y,
                   const float *x,
                   const float *w,
                   const float *bias,
                   size_t       batch,
                   size_t       in,
                   size_t       out)
{
  /* Seed y with the bias so sgemm adds into it (beta = 1): one pass fewer. */
  if (bias != NULL)
    for (size_t b = 0; b < batch; b++)
      memcpy (y + b * out, bias, out * sizeof (float));
  nas_gemm (FALSE, TRUE, batch, out, in, 1.0f, x, in, w, in, bias != NULL ? 1.0f : 0.0f, y, out);
}

void
nas_dense_backward (float       *dx,
                    float       *dw,
                    float       *db,
                    const float *dy,
                    const float *x,
                    const float *w,
                    size_t       batch,
                    size_t       in,
                    size_t       out)
{
  if (db != NULL)
    for (size_t b = 0; b < batch; b++)
      for (size_t o = 0; o < out; o++)
        db[o] += dy[b * out + o];
  /* dw[O, I] += dyᵀ[O, B] · x[B, I] */
  nas_gemm (TRUE, FALSE, out, in, batch, 1.0f, dy, out, x, in, 1.0f, dw, in);
  /* dx[B, I] = dy[B, O] · w[O, I] */
  if (dx != NULL)
    nas_gemm (FALSE, FALSE, batch, in, out, 1.0f, dy, out, w, in, 0.0f, dx, in);
}

void
nas_dense_forward_naive (float       *y,
                         const float *x,
                         const float *w,
                         const float *bias,
                         size_t       batch,
                         size_t       in,
                         size_t       out)
{
  for (size_t b = 0; b < batch; b++)
    for (size_t o = 0; o < out; o++)
      {
        double sum = bias != NULL ? bias[o] : 0.0;

        for (size_t i = 0; i < in; i++)
          sum += (double) x[b * in + i] * w[o * in + i];
        y[b * out + o] = (float) sum;
      }
}

void
nas_dense_backward_naive (float       *dx,
                          float       *dw,
                          float       *db,
                          const float *dy,
                          const float *x,
                          const float *w,
                          size_t       batch,
                          size_t       in,
                          size_t       out)
{
  if (dx != NULL)
    memset (dx, 0, batch * in * sizeof (float));
  for (size_t b = 0; b < batch; b++)
    for (size_t o = 0; o < out; o++)
      {
        float g = dy[b * out + o];

        if (db != NULL)
          db[o] += g;
        for (size_t i = 0; i < in; i++)
          {
            dw[o * in + i] += g * x[b * in + i];
            if (dx != NULL)
              dx[b * in + i] += g * w[o * in + i];
          }
      }
}
