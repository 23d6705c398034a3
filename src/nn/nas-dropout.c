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

#include <string.h>

#include "nas-check.h"
#include "nas-dropout.h"

/* Units per block of draws: 64 draws of four 16-bit uniforms each. */
#define BLOCK 256

void
nas_dropout_forward (float  *x,
                     float  *mask,
                     size_t  n,
                     float   rate,
                     NasRng *rng)
{
  /* One 64-bit draw gives four 16-bit uniforms: the RNG was a visible cost
   * at one draw per unit, and 1/65536 resolution is plenty for a rate.
   * The draws of a block go to a buffer first, stored little-endian so its
   * 16-bit halves come in the naive loop's order (low bits first); the mask
   * pass over them then vectorises. Same draws, same masks as the twin. */
  guint32 threshold = (guint32) (rate * 65536.0f + 0.5f);
  float scale = 1.0f / (1.0f - rate);

  NAS_CHECK (rate >= 0 && rate < 1);

  for (size_t i0 = 0; i0 < n; i0 += BLOCK)
    {
      guint64 draws[BLOCK / 4];
      guint16 u[BLOCK];
      size_t m = MIN (BLOCK, n - i0);
      float *restrict xb = x + i0;
      float *restrict mb = mask + i0;

      for (size_t d = 0; d < (m + 3) / 4; d++)
        draws[d] = GUINT64_TO_LE (nas_rng_next (rng));
      memcpy (u, draws, sizeof u);
      for (size_t k = 0; k < m; k++)
        {
          float v = (guint32) u[k] >= threshold ? scale : 0.0f;

          mb[k] = v;
          xb[k] *= v;
        }
    }
}

void
nas_dropout_forward_naive (float  *x,
                           float  *mask,
                           size_t  n,
                           float   rate,
                           NasRng *rng)
{
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
