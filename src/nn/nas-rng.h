/* nas-rng.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one random number generator of Nascent: xoshiro256** seeded through
 * splitmix64. Its state is a plain value passed explicitly (never a global),
 * 32 bytes that checkpoints store and restore verbatim, so a resumed search
 * draws exactly the numbers the uninterrupted one would have drawn. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} NasRng;

void     nas_rng_seed    (NasRng  *rng,
                          guint64  seed);
void     nas_rng_seed2   (NasRng  *rng,
                          guint64  seed,
                          guint64  stream);
guint64  nas_rng_derive  (guint64  seed,
                          guint64  stream);
guint64  nas_rng_next    (NasRng  *rng);
guint32  nas_rng_below   (NasRng  *rng,
                          guint32  n);
double   nas_rng_double  (NasRng  *rng);
float    nas_rng_float   (NasRng  *rng);
float    nas_rng_uniform (NasRng  *rng,
                          float    lo,
                          float    hi);
double   nas_rng_normal  (NasRng  *rng);
void     nas_rng_shuffle (NasRng  *rng,
                          guint32 *items,
                          gsize    n_items);

G_END_DECLS
