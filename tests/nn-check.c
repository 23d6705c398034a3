/* nn-check.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-nn"

#include "config.h"

#include <math.h>

#include "nn-check.h"

float *
nn_check_random_floats (NasRng *rng,
                        size_t  n,
                        float   lo,
                        float   hi)
{
  float *x = g_new (float, MAX (n, 1));

  for (size_t i = 0; i < n; i++)
    x[i] = nas_rng_uniform (rng, lo, hi);
  return x;
}

float *
nn_check_copy_floats (const float *x,
                      size_t       n)
{
  return g_memdup2 (x, MAX (n, 1) * sizeof (float));
}

double
nn_check_max_diff (const float *a,
                   const float *b,
                   size_t       n)
{
  double worst = 0;

  for (size_t i = 0; i < n; i++)
    worst = MAX (worst, fabs ((double) a[i] - b[i]) / (1.0 + fabs ((double) b[i])));
  return worst;
}

double
nn_check_dot (const float *r,
              const float *y,
              size_t       n)
{
  double sum = 0;

  for (size_t i = 0; i < n; i++)
    sum += (double) r[i] * y[i];
  return sum;
}
