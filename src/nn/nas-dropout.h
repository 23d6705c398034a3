/* nas-dropout.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Inverted dropout, training only: each unit is kept with probability
 * 1 − rate and scaled by 1/(1 − rate), so evaluation needs no rescaling and
 * simply skips the layer. Randomness comes from the caller's NasRng. */

#pragma once

#include <glib.h>

#include "nas-rng.h"

G_BEGIN_DECLS

/* x ← x ⊙ mask, mask[i] ∈ {0, 1/(1 − rate)}. 0 ≤ rate < 1. */
void nas_dropout_forward  (float       *x,     /* [n], in place */
                           float       *mask,  /* [n], written */
                           size_t       n,
                           float        rate,
                           NasRng      *rng);
/* The scalar reference of nas_dropout_forward: same draws, same masks. */
void nas_dropout_forward_naive (float  *x,
                                float  *mask,
                                size_t  n,
                                float   rate,
                                NasRng *rng);
void nas_dropout_backward (float       *dx,    /* [n], in place */
                           const float *mask,  /* [n] */
                           size_t       n);

G_END_DECLS
