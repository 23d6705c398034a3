/* nas-stats.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The statistics that decide what a comparison may claim: mean and sample
 * standard deviation over seeds, McNemar's exact test of two classifiers on
 * the same test images, and the rank correlations (Spearman's ρ, Kendall's
 * τ-b) and top-k overlap that say whether a cheap training budget ranks
 * architectures as a full one does. Pure functions, no allocation the caller
 * sees, no I/O. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  n;
  double mean;
  double sd;        /* sample standard deviation (n − 1); NAN when n < 2 */
} NasMeanSd;

NasMeanSd nas_stats_mean_sd          (const double *x,
                                      guint         n);

/* Sorts @x ascending, in place; NANs are for the caller to leave out. */
void      nas_stats_sort             (double       *x,
                                      gsize         n);

/* The median of @x, which it sorts in place: the middle value, or the mean
 * of the two middle ones when n is even; NAN when n = 0. */
double    nas_stats_median           (double       *x,
                                      gsize         n);

/* McNemar's exact test. @b: images only the first classifier got right;
 * @c: images only the second got right (the discordant pairs; the
 * concordant ones do not enter). The two-sided p-value of the exact binomial
 * test of b against Binomial(b + c, 1/2), as
 * min(1, 2 · P(X ≤ min(b, c))); 1 when b + c = 0. */
double    nas_stats_mcnemar_exact_p  (guint64       b,
                                      guint64       c);

/* Counts the discordant pairs of two prediction vectors against the labels. */
void      nas_stats_mcnemar_counts   (const guint8 *labels,
                                      const guint8 *pred_a,
                                      const guint8 *pred_b,
                                      gsize         n,
                                      guint64      *b,
                                      guint64      *c);

/* Spearman's ρ: Pearson's correlation of the ranks, ties given their mean
 * rank. NAN when n < 2 or either side is constant. */
double    nas_stats_spearman         (const double *x,
                                      const double *y,
                                      guint         n);

/* Kendall's τ-b, which corrects for ties on either side. NAN when n < 2 or
 * either side is constant. O(n²): meant for tens to hundreds of points. */
double    nas_stats_kendall_tau_b    (const double *x,
                                      const double *y,
                                      guint         n);

/* How many of the k largest of @x are among the k largest of @y (ties
 * broken by the lower index). k is clamped to n. */
guint     nas_stats_top_k_overlap    (const double *x,
                                      const double *y,
                                      guint         n,
                                      guint         k);

G_END_DECLS
