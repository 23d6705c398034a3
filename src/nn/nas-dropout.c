/* nas-dropout.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include "nas-check.h"
#include "nas-dropout.h"

void
nas_dropout_forward (float  *x,
                     float  *mask,
                     size_t  n,
                     float   rate,
                     NasRng *rng)
{
  /* One 64-bit draw gives four 16-bit uniforms: the RNG was a visible cost
   * at one draw per unit, and 1/65536 resolution is plenty for a rate. */
  guint32 threshold = (guint32) (rate * 65536.0f + 0.5f);
  float scale = 1.0f / (1.0f - rate);
  size_t i = 0;

  NAS_CHECK (rate >= 0 && rate < 1);

  while (i < n)
    {
      guint64 bits = nas_rng_next (rng);

      for (guint k = 0; k < 4 && i < n; k++, i++, bits >>= 16)
        {
          mask[i] = (guint32) (bits & 0xffff) >= threshold ? scale : 0.0f;
          x[i] *= mask[i];
        }
    }
}

void
nas_dropout_backward (float       *dx,
                      const float *mask,
                      size_t       n)
{
  for (size_t i = 0; i < n; i++)
    dx[i] *= mask[i];
}
