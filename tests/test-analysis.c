/* test-analysis.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The pure functions behind the History windows, without a display: the
 * Pareto front of cost against accuracy, and the mask of the layers that
 * differ between architectures compared side by side. */

#define G_LOG_DOMAIN "test-analysis"

#include "config.h"

#include <math.h>

#include "nas-analysis.h"

static void
test_pareto (void)
{
  /*               0    1    2    3    4    5     6 */
  double cost[] = { 10,  20,  20,  30,  5,   NAN,  40 };
  double value[] = { 0.5, 0.7, 0.6, 0.65, 0.4, 0.99, 0.9 };
  gboolean front[G_N_ELEMENTS (cost)];
  gboolean expected[] = { TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE };

  g_assert_cmpuint (nas_pareto_front (cost, value, G_N_ELEMENTS (cost), front), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (cost); i++)
    g_assert_cmpint (front[i], ==, expected[i]);

  g_assert_cmpuint (nas_pareto_front (cost, value, 0, front), ==, 0);
}

static void
test_diff_mask (void)
{
  g_autoptr(NasArch) a = nas_arch_parse ("conv 3x3x8 | conv 3x3x16 pool2 | dense 10", NULL);
  g_autoptr(NasArch) b = nas_arch_parse ("conv 3x3x8 | conv 5x5x16 pool2 | dense 10", NULL);
  g_autoptr(NasArch) c = nas_arch_parse ("conv 3x3x8 | dense 10", NULL);
  const NasArch *ab[] = { a, b };
  const NasArch *ac[] = { a, c };
  gboolean mask[NAS_ARCH_MAX_LAYERS];

  nas_arch_diff_mask (ab, 2, 0, mask);
  g_assert_false (mask[0]);
  g_assert_true (mask[1]);
  g_assert_false (mask[2]);

  nas_arch_diff_mask (ac, 2, 0, mask);
  g_assert_false (mask[0]);
  g_assert_true (mask[1]);   /* c has no second convolution */
  g_assert_false (mask[2]);  /* both end in dense 10 */
  nas_arch_diff_mask (ac, 2, 1, mask);
  g_assert_false (mask[0]);
  g_assert_false (mask[1]);

  /* Batch normalisation alone makes a layer differ. */
  {
    g_autoptr(NasArch) d = nas_arch_parse ("conv 3x3x8 bn | conv 3x3x16 pool2 | dense 10", NULL);
    const NasArch *ad[] = { a, d };

    nas_arch_diff_mask (ad, 2, 1, mask);
    g_assert_true (mask[0]);
    g_assert_false (mask[1]);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/analysis/pareto", test_pareto);
  g_test_add_func ("/search/analysis/diff-mask", test_diff_mask);

  return g_test_run ();
}
