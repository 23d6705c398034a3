/* nas-importance.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How much each decision of a search explains its reward, from the stored
 * episodes alone. Designed for a finished or running run of a few hundred
 * to a few thousand episodes, computed on a worker thread when History
 * opens its analysis: a table of decisions per episode read from the
 * architectures, then per decision a one-way analysis of variance.
 *
 * The measure is ω² (omega squared), the share of the reward's variance
 * the decision's levels explain, corrected for the share any grouping
 * explains by chance: η² = SS_between / SS_total of a decision with k
 * levels over n episodes of pure noise is (k − 1)/(n − 1) on average,
 * while ω² = (SS_between − (k − 1)·MS_within) / (SS_total + MS_within) is
 * about 0 and may fall below it. One decision at a time, so decisions
 * that always move together (a deeper net and its extra layers) share the
 * credit rather than split it; that is said next to the chart.
 *
 * The uncertainty is a percentile bootstrap: the rows are resampled with
 * replacement, ω² computed again per decision, and the 2.5 and 97.5
 * percentiles kept. A decision that is absent for an episode (a layer
 * beyond a shallower net's depth) leaves that episode out of its analysis
 * rather than counting "absent" as a level: absence is the depth's
 * decision, and counting it again would credit every deep layer with what
 * the depth explains. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "nas-arch.h"
#include "nas-importance.h"
#include "nas-stats.h"

/* A decision as the architectures are read: its value per row (NAN where
 * absent), before the distinct values become levels. */
typedef enum
{
  KIND_DEPTH,
  KIND_HEAD_UNITS,
  KIND_HEAD_DROPOUT,
  KIND_KERNEL,
  KIND_FILTERS,
  KIND_POOL,
  KIND_DROPOUT,
  KIND_BATCHNORM,
} Kind;

static void
decision_free (gpointer data)
{
  NasTableDecision *decision = data;

  g_free (decision->name);
  g_ptr_array_unref (decision->labels);
  g_free (decision);
}

NasDecisionTable *
nas_decision_table_new (void)
{
  NasDecisionTable *table = g_new0 (NasDecisionTable, 1);

  table->decisions = g_ptr_array_new_with_free_func (decision_free);
  table->episodes = g_array_new (FALSE, FALSE, sizeof (guint));
  table->rewards = g_array_new (FALSE, FALSE, sizeof (double));
  table->levels = g_array_new (FALSE, FALSE, sizeof (int));

  return table;
}

void
nas_decision_table_free (NasDecisionTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->decisions);
  g_array_unref (table->episodes);
  g_array_unref (table->rewards);
  g_array_unref (table->levels);
  g_free (table);
}

/* Adds a decision with its levels' labels; only before the first row.
 * Returns its index. */
guint
nas_decision_table_add_decision (NasDecisionTable  *table,
                                 const char        *name,
                                 const char *const *labels,
                                 guint              n_labels)
{
  NasTableDecision *decision;

  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (table->episodes->len == 0, 0);

  decision = g_new0 (NasTableDecision, 1);
  decision->name = g_strdup (name);
  decision->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_labels; i++)
    g_ptr_array_add (decision->labels, g_strdup (labels[i]));
  g_ptr_array_add (table->decisions, decision);

  return table->decisions->len - 1;
}

/* Adds an episode: @levels holds one level index per decision, -1 where
 * the decision is absent. */
void
nas_decision_table_add_row (NasDecisionTable *table,
                            guint             episode,
                            double            reward,
                            const int        *levels)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (levels != NULL || table->decisions->len == 0);

  for (guint d = 0; d < table->decisions->len; d++)
    {
      const NasTableDecision *decision = g_ptr_array_index (table->decisions, d);

      g_return_if_fail (levels[d] >= -1 && levels[d] < (int) decision->labels->len);
    }
  g_array_append_val (table->episodes, episode);
  g_array_append_val (table->rewards, reward);
  g_array_append_vals (table->levels, levels, table->decisions->len);
}

guint
nas_decision_table_get_n_rows (const NasDecisionTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->episodes->len;
}

int
nas_decision_table_get_level (const NasDecisionTable *table,
                              guint                   row,
                              guint                   decision)
{
  g_return_val_if_fail (table != NULL, -1);
  g_return_val_if_fail (row < table->episodes->len, -1);
  g_return_val_if_fail (decision < table->decisions->len, -1);

  return g_array_index (table->levels, int, row * table->decisions->len + decision);
}

/* The row of the highest reward (the earliest on a tie); G_MAXUINT for an
 * empty table. */
guint
nas_decision_table_best_row (const NasDecisionTable *table)
{
  guint best = G_MAXUINT;

  g_return_val_if_fail (table != NULL, G_MAXUINT);

  for (guint r = 0; r < table->rewards->len; r++)
    if (best == G_MAXUINT ||
        g_array_index (table->rewards, double, r) > g_array_index (table->rewards, double, best))
      best = r;

  return best;
}

static char *
format_value (Kind   kind,
              double value,
              double value2)
{
  switch (kind)
    {
    case KIND_HEAD_UNITS:
      /* Translators: the dense head's width when there is no head */
      return value == 0 ? g_strdup (C_("head", "none")) : g_strdup_printf ("%.0f", value);
    case KIND_KERNEL:
      return value2 > 0 ? g_strdup_printf ("%.0f×%.0f", value, value2) : g_strdup_printf ("%.0f", value);
    case KIND_POOL:
      /* Translators: a layer's pooling when it does not pool */
      return value <= 1 ? g_strdup (C_("pool", "none")) : g_strdup_printf ("%.0f", value);
    case KIND_DROPOUT:
    case KIND_HEAD_DROPOUT:
      return g_strdup_printf ("%g", value);
    case KIND_BATCHNORM:
      return g_strdup (value != 0 ? C_("batch normalization", "on") : C_("batch normalization", "off"));
    case KIND_DEPTH:
    case KIND_FILTERS:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* Turns one column of values into a decision of the table, when it has at
 * least two distinct values: a constant decision explains nothing. A
 * kernel's value is kh·65536 + kw, so it sorts by height then width. */
static void
add_column (NasDecisionTable *table,
            GArray           *columns,
            const char       *name,
            Kind              kind,
            const double     *values,
            guint             n)
{
  g_autoptr(GArray) distinct = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int *levels = g_new (int, n);

  for (guint i = 0; i < n; i++)
    if (!isnan (values[i]))
      g_array_append_val (distinct, values[i]);
  nas_stats_sort ((double *) distinct->data, distinct->len);
  for (guint i = 1; i < distinct->len;)
    if (g_array_index (distinct, double, i) == g_array_index (distinct, double, i - 1))
      g_array_remove_index (distinct, i);
    else
      i++;
  if (distinct->len < 2)
    {
      g_free (levels);
      return;
    }

  for (guint l = 0; l < distinct->len; l++)
    {
      double v = g_array_index (distinct, double, l);

      if (kind == KIND_KERNEL)
        g_ptr_array_add (labels, format_value (kind, floor (v / 65536), fmod (v, 65536)));
      else
        g_ptr_array_add (labels, format_value (kind, v, 0));
    }
  for (guint i = 0; i < n; i++)
    {
      levels[i] = -1;
      for (guint l = 0; l < distinct->len && !isnan (values[i]); l++)
        if (g_array_index (distinct, double, l) == values[i])
          levels[i] = (int) l;
    }
  nas_decision_table_add_decision (table, name, (const char *const *) labels->pdata, labels->len);
  g_array_append_val (columns, levels);
}

/**
 * nas_decision_table_new_from_episodes:
 * @records: (element-type NasEpisodeRecord): the episodes of one run
 *
 * The decisions the run's architectures took, read from their text: the
 * depth (conv layers), the dense head's width ("none" without a head) and
 * dropout, and each conv layer's kernel, filters, pool, dropout and batch
 * normalization; only those that vary. Invalid episodes (never trained),
 * cached ones (a repeat would count one measurement twice) and those
 * without a finite reward are left out.
 *
 * Returns: (transfer full): the table, or NULL with @error set when an
 *   architecture cannot be read
 */
NasDecisionTable *
nas_decision_table_new_from_episodes (GPtrArray  *records,
                                      GError    **error)
{
  g_autoptr(NasDecisionTable) table = nas_decision_table_new ();
  g_autoptr(GPtrArray) archs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_arch_free);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int *));
  g_autofree double *values = NULL;
  g_autofree int *row = NULL;
  guint max_depth = 0, n;

  g_return_val_if_fail (records != NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const NasEpisodeRecord *r = g_ptr_array_index (records, i);
      NasArch *arch;
      guint depth = 0;

      if ((r->flags & (NAS_EPISODE_INVALID | NAS_EPISODE_CACHED)) || !isfinite (r->reward) ||
          r->architecture == NULL)
        continue;
      if ((arch = nas_arch_parse (r->architecture, error)) == NULL)
        {
          g_prefix_error (error, _("Episode %u: "), r->episode + 1);
          return NULL;
        }
      for (guint l = 0; l < arch->n_layers; l++)
        depth += arch->layers[l].kind != NAS_LAYER_DENSE;
      max_depth = MAX (max_depth, depth);
      g_ptr_array_add (archs, arch);
      g_array_append_val (kept, i);
    }

  n = archs->len;
  values = g_new (double, MAX (n, 1));

  /* The depth, then the head, then the layers: the controller's order. */
  for (guint c = 0; c < 3 + 5 * max_depth; c++)
    {
      Kind kind = c == 0 ? KIND_DEPTH : c == 1 ? KIND_HEAD_UNITS : c == 2 ? KIND_HEAD_DROPOUT
                  : (Kind) (KIND_KERNEL + (c - 3) % 5);
      guint layer = c < 3 ? 0 : (c - 3) / 5;
      g_autofree char *name = NULL;

      for (guint i = 0; i < n; i++)
        {
          const NasArch *arch = g_ptr_array_index (archs, i);
          guint depth = 0, dense = 0;
          const NasLayer *head = NULL, *conv = NULL;

          for (guint l = 0; l < arch->n_layers; l++)
            if (arch->layers[l].kind == NAS_LAYER_DENSE)
              {
                /* Every dense layer but the output is the head. */
                if (l + 1 < arch->n_layers)
                  head = &arch->layers[l];
                dense++;
              }
            else if (depth++ == layer)
              conv = &arch->layers[l];

          switch (kind)
            {
            case KIND_DEPTH:        values[i] = depth; break;
            case KIND_HEAD_UNITS:   values[i] = head != NULL ? head->units : 0; break;
            case KIND_HEAD_DROPOUT: values[i] = head != NULL ? head->dropout : NAN; break;
            case KIND_KERNEL:       values[i] = conv != NULL ? conv->kh * 65536.0 + conv->kw : NAN; break;
            case KIND_FILTERS:      values[i] = conv != NULL ? conv->units : NAN; break;
            case KIND_POOL:         values[i] = conv != NULL ? conv->pool : NAN; break;
            case KIND_DROPOUT:      values[i] = conv != NULL ? conv->dropout : NAN; break;
            case KIND_BATCHNORM:    values[i] = conv != NULL ? conv->batchnorm : NAN; break;
            default:                g_assert_not_reached ();
            }
          if (kind == KIND_KERNEL && conv != NULL && conv->kind == NAS_LAYER_CONV1D)
            values[i] = conv->kw * 65536.0;
        }

      switch (kind)
        {
        case KIND_DEPTH:        name = g_strdup (_("Depth")); break;
        case KIND_HEAD_UNITS:   name = g_strdup (_("Head · units")); break;
        case KIND_HEAD_DROPOUT: name = g_strdup (_("Head · dropout")); break;
        /* Translators: a decision of layer %u (counted from 1) */
        case KIND_KERNEL:       name = g_strdup_printf (_("Layer %u · kernel"), layer + 1); break;
        case KIND_FILTERS:      name = g_strdup_printf (_("Layer %u · filters"), layer + 1); break;
        case KIND_POOL:         name = g_strdup_printf (_("Layer %u · pool"), layer + 1); break;
        case KIND_DROPOUT:      name = g_strdup_printf (_("Layer %u · dropout"), layer + 1); break;
        case KIND_BATCHNORM:    name = g_strdup_printf (_("Layer %u · batch norm"), layer + 1); break;
        default:                g_assert_not_reached ();
        }
      add_column (table, columns, name, kind, values, n);
    }

  row = g_new (int, MAX (columns->len, 1));
  for (guint i = 0; i < n; i++)
    {
      const NasEpisodeRecord *r = g_ptr_array_index (records, g_array_index (kept, guint, i));

      for (guint d = 0; d < columns->len; d++)
        row[d] = g_array_index (columns, int *, d)[i];
      nas_decision_table_add_row (table, r->episode, r->reward, row);
    }
  for (guint d = 0; d < columns->len; d++)
    g_free (g_array_index (columns, int *, d));

  return g_steal_pointer (&table);
}

/**
 * nas_importance_omega_squared:
 * @rows: (array length=n_rows): the rows to use, repeats allowed (a
 *   bootstrap sample)
 * @out_n_used: (out) (optional): how many of them have the decision
 *
 * ω² of the reward by @decision's level over @rows, leaving out the rows
 * where the decision is absent. NAN with fewer than two levels present or
 * no more rows than levels (no within-level variance to compare with).
 */
double
nas_importance_omega_squared (const NasDecisionTable *table,
                              guint                   decision,
                              const guint            *rows,
                              guint                   n_rows,
                              guint                  *out_n_used)
{
  const NasTableDecision *d;
  g_autofree double *sum = NULL;
  g_autofree guint *count = NULL;
  double total = 0, ss_total = 0, ss_between = 0, mean, ms_within;
  guint n = 0, k = 0, n_levels;

  g_return_val_if_fail (table != NULL, NAN);
  g_return_val_if_fail (decision < table->decisions->len, NAN);

  d = g_ptr_array_index (table->decisions, decision);
  n_levels = d->labels->len;
  sum = g_new0 (double, n_levels);
  count = g_new0 (guint, n_levels);
  for (guint i = 0; i < n_rows; i++)
    {
      int level = nas_decision_table_get_level (table, rows[i], decision);
      double y = g_array_index (table->rewards, double, rows[i]);

      if (level < 0)
        continue;
      sum[level] += y;
      count[level]++;
      total += y;
      n++;
    }
  if (out_n_used != NULL)
    *out_n_used = n;
  for (guint l = 0; l < n_levels; l++)
    k += count[l] > 0;
  if (k < 2 || n <= k)
    return NAN;

  mean = total / n;
  for (guint i = 0; i < n_rows; i++)
    {
      int level = nas_decision_table_get_level (table, rows[i], decision);
      double y = g_array_index (table->rewards, double, rows[i]);

      if (level >= 0)
        ss_total += (y - mean) * (y - mean);
    }
  for (guint l = 0; l < n_levels; l++)
    if (count[l] > 0)
      {
        double m = sum[l] / count[l];

        ss_between += count[l] * (m - mean) * (m - mean);
      }
  if (ss_total <= 0)
    return 0;
  ms_within = (ss_total - ss_between) / (n - k);

  return (ss_between - (k - 1) * ms_within) / (ss_total + ms_within);
}

static int
compare_importance (gconstpointer a,
                    gconstpointer b)
{
  const NasImportance *x = a, *y = b;

  /* Descending, NAN last, ties in the table's order */
  if (isnan (x->importance) != isnan (y->importance))
    return isnan (x->importance) ? 1 : -1;
  if (!isnan (x->importance) && x->importance != y->importance)
    return x->importance > y->importance ? -1 : 1;
  return (x->decision > y->decision) - (x->decision < y->decision);
}

/**
 * nas_importance_compute:
 * @n_resamples: bootstrap resamples (200 is plenty for a 95 % interval of
 *   a chart; 0 leaves the interval NAN)
 * @seed: the bootstrap's seed: the same table and seed give the same
 *   intervals
 *
 * Every decision's importance and its interval, most important first
 * (decisions whose importance is NAN last). Fails only when @cancellable
 * is cancelled.
 *
 * Returns: (transfer full) (element-type NasImportance): the importances
 */
GArray *
nas_importance_compute (const NasDecisionTable *table,
                        guint                   n_resamples,
                        guint32                 seed,
                        GCancellable           *cancellable,
                        GError                **error)
{
  guint n_rows, n_decisions;
  g_autoptr(GArray) result = NULL;
  g_autofree guint *all = NULL;
  g_autofree guint *sample = NULL;
  g_autofree double *boot = NULL;
  g_autoptr(GRand) rand = NULL;

  g_return_val_if_fail (table != NULL, NULL);

  n_rows = table->episodes->len;
  n_decisions = table->decisions->len;
  result = g_array_sized_new (FALSE, TRUE, sizeof (NasImportance), n_decisions);
  all = g_new (guint, MAX (n_rows, 1));
  sample = g_new (guint, MAX (n_rows, 1));
  /* [n_decisions × n_resamples] */
  boot = g_new (double, MAX ((gsize) n_decisions * n_resamples, 1));
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_rows; i++)
    all[i] = i;
  for (guint d = 0; d < n_decisions; d++)
    {
      NasImportance entry = { d, NAN, NAN, NAN, 0 };

      entry.importance = nas_importance_omega_squared (table, d, all, n_rows, &entry.n_rows);
      g_array_append_val (result, entry);
    }

  for (guint b = 0; b < n_resamples; b++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < n_rows; i++)
        sample[i] = (guint) g_rand_int_range (rand, 0, (gint32) n_rows);
      for (guint d = 0; d < n_decisions; d++)
        boot[d * n_resamples + b] = nas_importance_omega_squared (table, d, sample, n_rows, NULL);
    }

  for (guint d = 0; d < n_decisions && n_resamples > 0; d++)
    {
      NasImportance *entry = &g_array_index (result, NasImportance, d);
      double *v = &boot[d * n_resamples];
      guint m = 0;

      if (isnan (entry->importance))
        continue;
      /* A resample that lost a level has no ω²: it is left out. */
      for (guint b = 0; b < n_resamples; b++)
        if (!isnan (v[b]))
          v[m++] = v[b];
      if (m == 0)
        continue;
      nas_stats_sort (v, m);
      entry->low = v[(guint) floor (0.025 * (m - 1) + 0.5)];
      entry->high = v[(guint) floor (0.975 * (m - 1) + 0.5)];
    }

  g_array_sort (result, compare_importance);

  return g_steal_pointer (&result);
}
