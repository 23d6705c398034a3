/* nas-stats.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Seeds, significance and rank agreement: the few statistics a study and a
 * calibration of the cheap budget report. Sizes are small (a handful of
 * seeds, tens of architectures, 10,000 test images), so every function is
 * the direct formula; the binomial tail is summed in log space so that
 * 10,000 discordant pairs neither overflow nor underflow. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "nas-stats.h"

NasMeanSd
nas_stats_mean_sd (const double *x,
                   guint         n)
{
  NasMeanSd r = { n, NAN, NAN };
  double sum = 0, ss = 0;

  if (n == 0)
    return r;
  for (guint i = 0; i < n; i++)
    sum += x[i];
  r.mean = sum / n;
  if (n < 2)
    return r;
  /* Two passes: the deviations are small next to the mean (accuracies). */
  for (guint i = 0; i < n; i++)
    ss += (x[i] - r.mean) * (x[i] - r.mean);
  r.sd = sqrt (ss / (n - 1));
  return r;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

void
nas_stats_sort (double *x,
                gsize   n)
{
  /* qsort() may not be given NULL, even for nothing to sort (an empty
   * GArray's data). */
  if (n < 2)
    return;
  qsort (x, n, sizeof (double), compare_doubles);
}

double
nas_stats_median (double *x,
                  gsize   n)
{
  if (n == 0)
    return NAN;
  nas_stats_sort (x, n);
  return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

static double
log_choose (guint64 n,
            guint64 k)
{
  return lgamma ((double) n + 1) - lgamma ((double) k + 1) - lgamma ((double) (n - k) + 1);
}

double
nas_stats_mcnemar_exact_p (guint64 b,
                           guint64 c)
{
  guint64 n = b + c, lo = MIN (b, c);
  double max_term = -INFINITY, sum = 0, log_p;

  if (n == 0)
    return 1.0;

  /* P(X ≤ lo) for X ~ Binomial(n, 1/2): Σ C(n, i) / 2ⁿ, by log-sum-exp
   * around the largest term (the last one, since lo ≤ n/2). */
  for (guint64 i = 0; i <= lo; i++)
    max_term = MAX (max_term, log_choose (n, i));
  for (guint64 i = 0; i <= lo; i++)
    sum += exp (log_choose (n, i) - max_term);
  log_p = log (2.0) + max_term + log (sum) - (double) n * log (2.0);
  return MIN (1.0, exp (log_p));
}

void
nas_stats_mcnemar_counts (const guint8 *labels,
                          const guint8 *pred_a,
                          const guint8 *pred_b,
                          gsize         n,
                          guint64      *b,
                          guint64      *c)
{
  *b = *c = 0;
  for (gsize i = 0; i < n; i++)
    {
      gboolean a_right = pred_a[i] == labels[i];
      gboolean b_right = pred_b[i] == labels[i];

      if (a_right && !b_right)
        (*b)++;
      else if (b_right && !a_right)
        (*c)++;
    }
}

typedef struct
{
  double value;
  guint  index;
} Ranked;

static int
compare_ranked (gconstpointer pa,
                gconstpointer pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->value != b->value)
    return a->value < b->value ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Ranks 1..n, ties sharing their mean rank. */
static void
mean_ranks (const double *x,
            guint         n,
            double       *rank)
{
  g_autofree Ranked *r = g_new (Ranked, n);

  for (guint i = 0; i < n; i++)
    r[i] = (Ranked) { x[i], i };
  qsort (r, n, sizeof *r, compare_ranked);
  for (guint i = 0; i < n;)
    {
      guint j = i;

      while (j + 1 < n && r[j + 1].value == r[i].value)
        j++;
      for (guint k = i; k <= j; k++)
        rank[r[k].index] = (i + j) / 2.0 + 1;
      i = j + 1;
    }
}

static double
pearson (const double *x,
         const double *y,
         guint         n)
{
  NasMeanSd mx = nas_stats_mean_sd (x, n), my = nas_stats_mean_sd (y, n);
  double sxy = 0, sxx = 0, syy = 0;

  for (guint i = 0; i < n; i++)
    {
      sxy += (x[i] - mx.mean) * (y[i] - my.mean);
      sxx += (x[i] - mx.mean) * (x[i] - mx.mean);
      syy += (y[i] - my.mean) * (y[i] - my.mean);
    }
  if (sxx == 0 || syy == 0)
    return NAN;
  return sxy / sqrt (sxx * syy);
}

double
nas_stats_spearman (const double *x,
                    const double *y,
                    guint         n)
{
  g_autofree double *rx = NULL, *ry = NULL;

  if (n < 2)
    return NAN;
  rx = g_new (double, n);
  ry = g_new (double, n);
  mean_ranks (x, n, rx);
  mean_ranks (y, n, ry);
  return pearson (rx, ry, n);
}

double
nas_stats_kendall_tau_b (const double *x,
                         const double *y,
                         guint         n)
{
  double concordant = 0, discordant = 0, ties_x = 0, ties_y = 0, n0, denom;

  if (n < 2)
    return NAN;
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double dx = x[i] - x[j], dy = y[i] - y[j];

        if (dx == 0 && dy == 0)
          {
            ties_x++;
            ties_y++;
          }
        else if (dx == 0)
          ties_x++;
        else if (dy == 0)
          ties_y++;
        else if ((dx > 0) == (dy > 0))
          concordant++;
        else
          discordant++;
      }
  n0 = (double) n * (n - 1) / 2;
  denom = sqrt ((n0 - ties_x) * (n0 - ties_y));
  if (denom == 0)
    return NAN;
  return (concordant - discordant) / denom;
}

static int
compare_ranked_desc (gconstpointer pa,
                     gconstpointer pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->value != b->value)
    return a->value > b->value ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

guint
nas_stats_top_k_overlap (const double *x,
                         const double *y,
                         guint         n,
                         guint         k)
{
  g_autofree Ranked *rx = g_new (Ranked, MAX (n, 1));
  g_autofree Ranked *ry = g_new (Ranked, MAX (n, 1));
  guint overlap = 0;

  k = MIN (k, n);
  for (guint i = 0; i < n; i++)
    {
      rx[i] = (Ranked) { x[i], i };
      ry[i] = (Ranked) { y[i], i };
    }
  qsort (rx, n, sizeof *rx, compare_ranked_desc);
  qsort (ry, n, sizeof *ry, compare_ranked_desc);
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      if (rx[i].index == ry[j].index)
        overlap++;
  return overlap;
}
