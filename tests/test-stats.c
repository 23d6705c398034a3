/* test-stats.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The statistics of studies and calibrations against exact values: McNemar's
 * exact p from the binomial tail summed in integers (Python's math.comb and
 * fractions, see the comments), Spearman's ρ against the textbook example
 * (Wikipedia, "Spearman's rank correlation coefficient": ρ = −29/165), and
 * ties, constants and tiny inputs for every function. */

#include "config.h"

#include <math.h>

#include "nas-stats.h"

static void
test_mean_sd (void)
{
  const double x[] = { 0.9941, 0.9952, 0.9949 };
  const double one[] = { 0.5 };
  NasMeanSd r = nas_stats_mean_sd (x, 3);

  g_assert_cmpuint (r.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (r.mean, 0.99473333333333333, 1e-15);
  /* deviations −6.333e-4, 4.667e-4, 1.667e-4: ss = 6.4667e-7, /2, sqrt */
  g_assert_cmpfloat_with_epsilon (r.sd, 5.686240703077319e-4, 1e-15);

  r = nas_stats_mean_sd (one, 1);
  g_assert_cmpfloat (r.mean, ==, 0.5);
  g_assert_true (isnan (r.sd));
  r = nas_stats_mean_sd (NULL, 0);
  g_assert_true (isnan (r.mean));
}

static void
test_median (void)
{
  double odd[] = { 3.0, -1.0, 2.5, 7.0, 0.0 };
  double even[] = { 4.0, 1.0, 3.0, 2.0 };
  double one[] = { 0.25 };
  double ties[] = { 2.0, 1.0, 2.0, 2.0 };

  g_assert_cmpfloat (nas_stats_median (odd, 5), ==, 2.5);
  /* sorted in place, ascending */
  g_assert_cmpfloat (odd[0], ==, -1.0);
  g_assert_cmpfloat (odd[4], ==, 7.0);
  g_assert_cmpfloat (nas_stats_median (even, 4), ==, 2.5);
  g_assert_cmpfloat (nas_stats_median (one, 1), ==, 0.25);
  g_assert_cmpfloat (nas_stats_median (ties, 4), ==, 2.0);
  g_assert_true (isnan (nas_stats_median (NULL, 0)));
  nas_stats_sort (NULL, 0);   /* an empty GArray's data: no qsort (NULL) */
}

static void
test_mcnemar (void)
{
  /* min(1, 2·Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c)), exact in rationals. */
  static const struct { guint64 b, c; double p; } cases[] = {
    { 2, 10, 0.03857421875 },           /* 2·79/4096 */
    { 10, 2, 0.03857421875 },           /* symmetric */
    { 0, 5, 0.0625 },                   /* 2/32 */
    { 5, 5, 1.0 },                      /* clamped */
    { 0, 0, 1.0 },                      /* no discordant pair */
    { 1, 0, 1.0 },
    { 30, 12, 0.007915897334896727 },
    { 100, 140, 0.011664092317677663 },
    { 4000, 4200, 0.027972423571324383 },   /* 2^8200 would overflow a double */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double p = nas_stats_mcnemar_exact_p (cases[i].b, cases[i].c);

      g_test_message ("b = %" G_GUINT64_FORMAT ", c = %" G_GUINT64_FORMAT ": p = %.17g",
                      cases[i].b, cases[i].c, p);
      g_assert_cmpfloat_with_epsilon (p, cases[i].p, 1e-9 * cases[i].p);
    }
}

static void
test_mcnemar_counts (void)
{
  const guint8 labels[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  const guint8 a[] =      { 0, 1, 2, 3, 9, 9, 6, 9 };
  const guint8 b[] =      { 0, 9, 9, 3, 4, 9, 6, 9 };
  guint64 only_a, only_b;

  nas_stats_mcnemar_counts (labels, a, b, G_N_ELEMENTS (labels), &only_a, &only_b);
  g_assert_cmpuint (only_a, ==, 2);   /* images 1 and 2 */
  g_assert_cmpuint (only_b, ==, 1);   /* image 4 */
}

static void
test_spearman (void)
{
  /* IQ against hours of TV a week: ρ = −29/165. */
  const double iq[] = { 106, 86, 100, 101, 99, 103, 97, 113, 112, 110 };
  const double tv[] = { 7, 0, 27, 50, 28, 29, 20, 12, 6, 17 };
  const double up[] = { 1, 2, 3, 4, 5 };
  const double down[] = { 5, 4, 3, 2, 1 };
  const double tied[] = { 5, 6, 7, 8, 7 };
  const double flat[] = { 1, 1, 1, 1, 1 };

  g_assert_cmpfloat_with_epsilon (nas_stats_spearman (iq, tv, 10), -29.0 / 165, 1e-14);
  g_assert_cmpfloat_with_epsilon (nas_stats_spearman (up, down, 5), -1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (nas_stats_spearman (up, up, 5), 1.0, 1e-15);
  /* mean ranks 1, 2, 3.5, 5, 3.5 */
  g_assert_cmpfloat_with_epsilon (nas_stats_spearman (up, tied, 5), 0.8207826816681233, 1e-14);
  g_assert_true (isnan (nas_stats_spearman (up, flat, 5)));
  g_assert_true (isnan (nas_stats_spearman (up, up, 1)));
}

static void
test_kendall (void)
{
  const double up[] = { 1, 2, 3, 4, 5 };
  const double down[] = { 5, 4, 3, 2, 1 };
  const double tied[] = { 5, 6, 7, 8, 7 };
  const double flat[] = { 1, 1, 1, 1, 1 };
  /* cheap-budget against full-budget accuracies of eight architectures */
  const double cheap[] = { 0.91, 0.95, 0.93, 0.97, 0.90, 0.96, 0.94, 0.92 };
  const double full[] = { 0.981, 0.990, 0.985, 0.988, 0.979, 0.992, 0.990, 0.983 };

  g_assert_cmpfloat_with_epsilon (nas_stats_kendall_tau_b (up, down, 5), -1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (nas_stats_kendall_tau_b (up, up, 5), 1.0, 1e-15);
  /* 8 concordant, 1 discordant, 1 tie in y: (8 − 1)/√(10 · 9) */
  g_assert_cmpfloat_with_epsilon (nas_stats_kendall_tau_b (up, tied, 5), 0.7378647873726218, 1e-14);
  g_assert_cmpfloat_with_epsilon (nas_stats_kendall_tau_b (cheap, full, 8), 0.7637626158259733, 1e-14);
  g_assert_cmpfloat_with_epsilon (nas_stats_spearman (cheap, full, 8), 0.8503146459584139, 1e-14);
  g_assert_true (isnan (nas_stats_kendall_tau_b (up, flat, 5)));
  g_assert_true (isnan (nas_stats_kendall_tau_b (up, up, 1)));
}

static void
test_top_k (void)
{
  const double cheap[] = { 0.91, 0.95, 0.93, 0.97, 0.90, 0.96, 0.94, 0.92 };
  const double full[] = { 0.981, 0.990, 0.985, 0.988, 0.979, 0.992, 0.990, 0.983 };

  /* top 3 cheap: 3, 5, 1; full: 5, then 1 and 6 tied (lower index first) */
  g_assert_cmpuint (nas_stats_top_k_overlap (cheap, full, 8, 3), ==, 2);
  g_assert_cmpuint (nas_stats_top_k_overlap (cheap, full, 8, 5), ==, 5);
  g_assert_cmpuint (nas_stats_top_k_overlap (cheap, cheap, 8, 5), ==, 5);
  g_assert_cmpuint (nas_stats_top_k_overlap (cheap, full, 8, 20), ==, 8);
  g_assert_cmpuint (nas_stats_top_k_overlap (cheap, full, 0, 5), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/stats/mean-sd", test_mean_sd);
  g_test_add_func ("/search/stats/median", test_median);
  g_test_add_func ("/search/stats/mcnemar", test_mcnemar);
  g_test_add_func ("/search/stats/mcnemar-counts", test_mcnemar_counts);
  g_test_add_func ("/search/stats/spearman", test_spearman);
  g_test_add_func ("/search/stats/kendall", test_kendall);
  g_test_add_func ("/search/stats/top-k", test_top_k);

  return g_test_run ();
}
