/* nas-activation.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include "nas-activation.h"

void
nas_relu_forward (float  *x,
                  size_t  n)
{
  for (size_t i = 0; i < n; i++)
    x[i] = x[i] > 0 ? x[i] : 0;
}

void
nas_bias_relu (float    *x,
               size_t    n,
               float     bias,
               gboolean  relu)
{
  if (relu)
    for (size_t i = 0; i < n; i++)
      {
        float v = x[i] + bias;
        x[i] = v > 0 ? v : 0;
      }
  else
    for (size_t i = 0; i < n; i++)
      x[i] += bias;
}

void
nas_relu_backward (float       *dy,
                   const float *y,
                   size_t       n)
{
  /* Branch-free so the compiler vectorises it. */
  for (size_t i = 0; i < n; i++)
    dy[i] = y[i] > 0 ? dy[i] : 0;
}
