/* nn-check.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the numeric core's tests share: random inputs, copies, and the two
 * measures they compare fast kernels with naive twins and gradients with
 * finite differences by. */

#pragma once

#include <glib.h>

#include "nas-rng.h"

G_BEGIN_DECLS

/* n floats uniform in [lo, hi) (at least one allocated); g_free them. */
float  *nn_check_random_floats (NasRng      *rng,
                                size_t       n,
                                float        lo,
                                float        hi);
float  *nn_check_copy_floats   (const float *x,
                                size_t       n);
/* max |a − b| / (1 + |b|): absolute near zero, relative for large values. */
double  nn_check_max_diff      (const float *a,
                                const float *b,
                                size_t       n);
/* Σ r·y in double: the scalar loss L = r·y of the gradient checks. */
double  nn_check_dot           (const float *r,
                                const float *y,
                                size_t       n);

G_END_DECLS
