/* nas-analysis.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Pareto front of a run (parameters or seconds against validation
 * accuracy) and the layer-by-layer difference of architectures compared
 * side by side. Workload: a few thousand points or a handful of
 * architectures, once per window; both are kept free of widgets so that the
 * tests check them without a display. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-analysis.h"

static int
compare_by_cost (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const double *cost = ((const double **) user_data)[0];
  const double *value = ((const double **) user_data)[1];
  guint i = *(const guint *) a, j = *(const guint *) b;

  if (cost[i] != cost[j])
    return cost[i] < cost[j] ? -1 : 1;
  /* Equal cost: the better value first, so it is the one on the front. */
  if (value[i] != value[j])
    return value[i] > value[j] ? -1 : 1;
  return (i > j) - (i < j);
}

/**
 * nas_pareto_front:
 * @cost: (array length=n): lower is better (parameters, seconds)
 * @value: (array length=n): higher is better (validation accuracy)
 * @on_front: (array length=n) (out caller-allocates): set for the points no
 *   other point beats in both cost and value
 *
 * Points with a NAN cost or value are never on the front. O(n log n).
 *
 * Returns: the number of points on the front
 */
guint
nas_pareto_front (const double *cost,
                  const double *value,
                  guint         n,
                  gboolean     *on_front)
{
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  const double *data[2] = { cost, value };
  double best = -INFINITY;
  guint n_valid = 0, n_front = 0;

  for (guint i = 0; i < n; i++)
    {
      on_front[i] = FALSE;
      if (!isnan (cost[i]) && !isnan (value[i]))
        order[n_valid++] = i;
    }

  g_qsort_with_data (order, n_valid, sizeof (guint), compare_by_cost, data);

  /* Cheapest first: a point is on the front when it beats every cheaper one. */
  for (guint k = 0; k < n_valid; k++)
    {
      guint i = order[k];

      if (value[i] > best)
        {
          best = value[i];
          on_front[i] = TRUE;
          n_front++;
        }
    }

  return n_front;
}

/**
 * nas_arch_diff_mask:
 * @archs: (array length=n_archs): the architectures compared
 * @which: the one whose mask to compute
 * @mask: (out caller-allocates): one per layer of archs[which]: TRUE when
 *   some other architecture has no layer at that position or a different
 *   one there
 *
 * Output layers line up from the end, the others from the start, so two
 * networks of different depths still compare their classifiers.
 */
void
nas_arch_diff_mask (const NasArch * const *archs,
                    guint                  n_archs,
                    guint                  which,
                    gboolean              *mask)
{
  const NasArch *a;

  g_return_if_fail (which < n_archs);

  a = archs[which];
  for (guint l = 0; l < a->n_layers; l++)
    {
      const NasLayer *x = &a->layers[l];

      mask[l] = FALSE;
      for (guint k = 0; k < n_archs && !mask[l]; k++)
        {
          const NasLayer *y;

          if (k == which)
            continue;
          if (l == a->n_layers - 1)
            y = &archs[k]->layers[archs[k]->n_layers - 1];
          else if (l < archs[k]->n_layers - 1)
            y = &archs[k]->layers[l];
          else
            {
              mask[l] = TRUE;
              break;
            }

          mask[l] = x->kind != y->kind || x->kh != y->kh || x->kw != y->kw ||
                    x->units != y->units || x->valid != y->valid || x->pool != y->pool ||
                    x->batchnorm != y->batchnorm || fabs (x->dropout - y->dropout) > 1e-9;
        }
    }
}
