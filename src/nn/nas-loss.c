/* nas-loss.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <math.h>

#include "nas-check.h"
#include "nas-loss.h"

double
nas_softmax_xent_forward (float        *probs,
                          const float  *logits,
                          const guint8 *labels,
                          size_t        batch,
                          size_t        k,
                          size_t       *n_correct)
{
  double loss = 0;
  size_t correct = 0;

  for (size_t b = 0; b < batch; b++)
    {
      const float *z = logits + b * k;
      float *p = probs + b * k;
      size_t best = 0;
      double sum = 0;
      float zmax;

      NAS_CHECK (labels[b] < k);
      for (size_t i = 1; i < k; i++)
        if (z[i] > z[best])
          best = i;
      zmax = z[best];
      /* Subtracting the max keeps exp() finite for any logits. */
      for (size_t i = 0; i < k; i++)
        sum += exp ((double) z[i] - zmax);
      for (size_t i = 0; i < k; i++)
        p[i] = (float) (exp ((double) z[i] - zmax) / sum);
      loss += log (sum) - ((double) z[labels[b]] - zmax);
      correct += best == labels[b];
    }

  if (n_correct != NULL)
    *n_correct = correct;
  return batch > 0 ? loss / batch : 0;
}

void
nas_softmax_xent_backward (float        *dlogits,
                           const float  *probs,
                           const guint8 *labels,
                           size_t        batch,
                           size_t        k)
{
  float inv = 1.0f / (float) batch;

  for (size_t b = 0; b < batch; b++)
    for (size_t i = 0; i < k; i++)
      dlogits[b * k + i] = (probs[b * k + i] - (i == labels[b] ? 1.0f : 0.0f)) * inv;
}
