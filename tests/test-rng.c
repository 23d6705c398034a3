/* test-rng.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-rng"

#include "config.h"

#include <math.h>

#include "nas-rng.h"

/* The same seed gives the same stream, different seeds and streams differ. */
static void
test_reproducible (void)
{
  NasRng a, b, c, d;

  nas_rng_seed (&a, 42);
  nas_rng_seed (&b, 42);
  nas_rng_seed (&c, 43);
  nas_rng_seed2 (&d, 42, 1);

  for (guint i = 0; i < 1000; i++)
    {
      guint64 x = nas_rng_next (&a);

      g_assert_cmpuint (x, ==, nas_rng_next (&b));
      g_assert_cmpuint (x, !=, nas_rng_next (&c));
      g_assert_cmpuint (x, !=, nas_rng_next (&d));
    }
}

/* A copy of the state continues exactly where the original does: this is
 * what checkpoints rely on. */
static void
test_state_copy (void)
{
  NasRng a, b;

  nas_rng_seed (&a, 7);
  for (guint i = 0; i < 17; i++)
    nas_rng_next (&a);
  b = a;
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (nas_rng_next (&a), ==, nas_rng_next (&b));
}

/* Chi-square of nas_rng_below over 10 buckets, and the moments of the
 * uniform and normal draws, with generous bounds (p ≈ 1e-6). */
static void
test_distribution (void)
{
  NasRng rng;
  guint counts[10] = { 0 };
  const guint n = 100000;
  double chi2 = 0, sum = 0, sum2 = 0, nsum = 0, nsum2 = 0;

  nas_rng_seed (&rng, 1);
  for (guint i = 0; i < n; i++)
    {
      double u = nas_rng_double (&rng);
      double z = nas_rng_normal (&rng);
      float f = nas_rng_float (&rng);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      g_assert_cmpfloat (f, >=, 0.0f);
      g_assert_cmpfloat (f, <, 1.0f);
      counts[nas_rng_below (&rng, 10)]++;
      sum += u;
      sum2 += u * u;
      nsum += z;
      nsum2 += z * z;
    }

  for (guint i = 0; i < 10; i++)
    chi2 += pow (counts[i] - n / 10.0, 2) / (n / 10.0);
  g_assert_cmpfloat (chi2, <, 40.0);
  g_assert_cmpfloat (fabs (sum / n - 0.5), <, 0.01);
  g_assert_cmpfloat (fabs (sum2 / n - 1.0 / 3.0), <, 0.01);
  g_assert_cmpfloat (fabs (nsum / n), <, 0.02);
  g_assert_cmpfloat (fabs (nsum2 / n - 1.0), <, 0.03);
}

static void
test_shuffle (void)
{
  NasRng rng;
  guint32 items[100];
  gboolean seen[100] = { FALSE };
  guint moved = 0;

  for (guint i = 0; i < 100; i++)
    items[i] = i;
  nas_rng_seed (&rng, 3);
  nas_rng_shuffle (&rng, items, 100);

  for (guint i = 0; i < 100; i++)
    {
      g_assert_cmpuint (items[i], <, 100);
      g_assert_false (seen[items[i]]);
      seen[items[i]] = TRUE;
      moved += items[i] != i;
    }
  g_assert_cmpuint (moved, >, 80);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/rng/reproducible", test_reproducible);
  g_test_add_func ("/nn/rng/state-copy", test_state_copy);
  g_test_add_func ("/nn/rng/distribution", test_distribution);
  g_test_add_func ("/nn/rng/shuffle", test_shuffle);
  return g_test_run ();
}
