/* nas-rng.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <math.h>

#include "nas-rng.h"

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/**
 * nas_rng_seed:
 *
 * Sets @rng to the state derived from @seed. Every seed, 0 included, gives a
 * valid (non-zero) state.
 */
void
nas_rng_seed (NasRng  *rng,
              guint64  seed)
{
  guint64 x = seed;

  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

/**
 * nas_rng_seed2:
 *
 * Seeds @rng with an independent stream @stream of @seed, e.g. the RNG of
 * episode 37 of the run seeded 42. Results then depend on (seed, stream) only,
 * never on the order in which streams are created.
 */
void
nas_rng_seed2 (NasRng  *rng,
               guint64  seed,
               guint64  stream)
{
  guint64 x = seed;
  guint64 mixed = splitmix64 (&x) ^ rotl (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95) + 1, 17);

  nas_rng_seed (rng, mixed);
}

/**
 * nas_rng_derive:
 *
 * A seed for stream @stream of @seed (the child network of episode 37 of the
 * run seeded 42), for components that take a seed rather than a NasRng.
 */
guint64
nas_rng_derive (guint64 seed,
                guint64 stream)
{
  NasRng rng;

  nas_rng_seed2 (&rng, seed, stream);
  return nas_rng_next (&rng);
}

guint64
nas_rng_next (NasRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/**
 * nas_rng_below:
 *
 * Returns a uniform integer in [0, @n), without modulo bias (Lemire's method).
 * @n must be positive.
 */
guint32
nas_rng_below (NasRng  *rng,
               guint32  n)
{
  guint64 m;
  guint32 l;

  g_return_val_if_fail (n > 0, 0);

  m = (guint64) (guint32) (nas_rng_next (rng) >> 32) * n;
  l = (guint32) m;
  if (l < n)
    {
      guint32 threshold = -n % n;

      while (l < threshold)
        {
          m = (guint64) (guint32) (nas_rng_next (rng) >> 32) * n;
          l = (guint32) m;
        }
    }

  return (guint32) (m >> 32);
}

/* Uniform in [0, 1) with 53 random bits. */
double
nas_rng_double (NasRng *rng)
{
  return (nas_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, 1) with 24 random bits. */
float
nas_rng_float (NasRng *rng)
{
  return (float) (nas_rng_next (rng) >> 40) * 0x1.0p-24f;
}

float
nas_rng_uniform (NasRng *rng,
                 float   lo,
                 float   hi)
{
  return lo + (hi - lo) * nas_rng_float (rng);
}

/* Standard normal by Box-Muller; uses two draws, caches nothing so that the
 * state stays the whole story. */
double
nas_rng_normal (NasRng *rng)
{
  double u1 = 1.0 - nas_rng_double (rng);   /* (0, 1]: log() stays finite */
  double u2 = nas_rng_double (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* Fisher-Yates. */
void
nas_rng_shuffle (NasRng  *rng,
                 guint32 *items,
                 gsize    n_items)
{
  g_return_if_fail (n_items <= G_MAXUINT32);

  for (gsize i = n_items; i > 1; i--)
    {
      guint32 j = nas_rng_below (rng, (guint32) i);
      guint32 tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}
