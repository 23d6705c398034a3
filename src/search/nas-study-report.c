/* nas-study-report.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's figures from the history (nas-study-report.h); the text,
 * Markdown and JSON forms are in nas-study-report-text.c.
 *
 * Choices the report states in its text: the best found network is the
 * finalist with the highest mean validation accuracy over its retrains (the
 * test set does not choose it); McNemar's test pairs the predictions of
 * each network's median seed, the retrain whose test accuracy is the median
 * of its seeds (the lower one of an even count), rather than pooling the
 * seeds, whose images are not independent pairs. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-calibrate.h"
#include "nas-search-config.h"
#include "nas-study.h"
#include "nas-study-report.h"

void
nas_study_strategy_row_free (NasStudyStrategyRow *row)
{
  g_free (row->strategy);
  g_clear_pointer (&row->rewards, g_ptr_array_unref);
  g_free (row);
}

void
nas_study_network_row_free (NasStudyNetworkRow *row)
{
  g_free (row->name);
  g_free (row->strategy);
  g_free (row->architecture);
  g_clear_pointer (&row->test_seeds, g_array_unref);
  g_free (row);
}

static void
comparison_free (NasStudyComparison *comparison)
{
  g_free (comparison->baseline);
  g_free (comparison->verdict);
  g_free (comparison);
}

void
nas_study_report_free (NasStudyReport *report)
{
  if (report == NULL)
    return;
  nas_study_free (report->study);
  g_ptr_array_unref (report->strategies);
  g_ptr_array_unref (report->networks);
  g_ptr_array_unref (report->comparisons);
  g_free (report->strategy_verdict);
  g_free (report);
}

/**
 * nas_study_last_fifth_reward:
 *
 * The mean of the last ⌈n / 5⌉ of @rewards (in episode order): where a
 * search ended up rather than where it started. NAN when @n is 0.
 */
double
nas_study_last_fifth_reward (const double *rewards,
                             guint         n)
{
  guint k = (n + 4) / 5;
  double sum = 0;

  if (n == 0)
    return NAN;
  for (guint i = n - k; i < n; i++)
    sum += rewards[i];
  return sum / k;
}

/**
 * nas_study_mcnemar_verdict:
 * @b: test images only the found network got right
 * @c: test images only @baseline got right
 * @p: McNemar's exact p of @b and @c
 *
 * Returns: (transfer full): what the test allows one to say, in plain
 *   words
 */
char *
nas_study_mcnemar_verdict (const char *baseline,
                           guint64     b,
                           guint64     c,
                           double      p)
{
  /* Far apart, the exact p underflows to 0; it is not 0. */
  g_autofree char *p_text = p > 0 ? g_strdup_printf ("p = %.2g", p) : g_strdup ("p < 1e-300");

  if (p < NAS_STUDY_ALPHA && b > c)
    return g_strdup_printf ("significant (%s): the found network is better than %s on the test set",
                            p_text, baseline);
  if (p < NAS_STUDY_ALPHA && c > b)
    return g_strdup_printf ("significant (%s): %s is better than the found network on the test set",
                            p_text, baseline);
  return g_strdup_printf ("not significant (%s): the found network is not shown to be better than %s",
                          p_text, baseline);
}

/**
 * nas_study_strategy_verdict:
 *
 * Whether REINFORCE found better architectures than random search, by the
 * runs' best validation accuracy: random search as good or better is said
 * so; a lead of REINFORCE no larger than the spread over seeds (the larger
 * sample standard deviation), or seen on a single seed, is not claimed; a
 * larger one is called a hint, since a few seeds make no significance
 * test.
 *
 * Returns: (transfer full): plain words, or %NULL if either has no run
 *   or a run still searching
 */
char *
nas_study_strategy_verdict (const NasStudyStrategyRow *reinforce,
                            const NasStudyStrategyRow *random)
{
  double d, spread;

  if (reinforce == NULL || random == NULL || reinforce->n_runs == 0 || random->n_runs == 0)
    return NULL;
  /* A search still running has not found its best yet. */
  if (reinforce->n_unfinished > 0 || random->n_unfinished > 0)
    return NULL;

  d = reinforce->best_validation.mean - random->best_validation.mean;
  spread = MAX (isnan (reinforce->best_validation.sd) ? 0 : reinforce->best_validation.sd,
                isnan (random->best_validation.sd) ? 0 : random->best_validation.sd);
  if (d <= 0)
    return g_strdup_printf ("random search did as well as REINFORCE (best validation accuracy %.2f %% against "
                            "%.2f %%): the controller is not shown to help",
                            100 * random->best_validation.mean, 100 * reinforce->best_validation.mean);
  if (reinforce->n_runs < 2 || random->n_runs < 2 || d <= spread)
    return g_strdup_printf ("REINFORCE's lead over random search is within the spread over seeds (best "
                            "validation accuracy %.2f %% against %.2f %%, %u and %u seeds): the controller is "
                            "not shown to help", 100 * reinforce->best_validation.mean,
                            100 * random->best_validation.mean, reinforce->n_runs, random->n_runs);
  return g_strdup_printf ("REINFORCE found better architectures than random search (best validation accuracy "
                          "%.2f %% against %.2f %%, by more than the spread over %u and %u seeds); with so few "
                          "seeds this is a hint, not a significance test",
                          100 * reinforce->best_validation.mean, 100 * random->best_validation.mean,
                          reinforce->n_runs, random->n_runs);
}

/**
 * nas_study_reward_window:
 *
 * Returns: the moving mean's window for runs of @n_episodes: a tenth of
 *   them, at least 1, at most 25
 */
guint
nas_study_reward_window (guint n_episodes)
{
  return CLAMP (n_episodes / 10, 1, 25);
}

/**
 * nas_study_reward_band:
 * @rewards: (element-type GArray): each run's rewards in episode order
 * @mean: (out caller-allocates): doubles, one per episode index
 *
 * Smooths each run with a trailing mean over @window episodes (fewer at
 * the start), then gives per episode index the mean, minimum and maximum
 * over the runs that reached it. The arrays get as many values as the
 * longest run has episodes.
 */
void
nas_study_reward_band (GPtrArray *rewards,
                       guint      window,
                       GArray    *mean,
                       GArray    *low,
                       GArray    *high)
{
  guint longest = 0;

  g_return_if_fail (window >= 1);

  for (guint r = 0; r < rewards->len; r++)
    longest = MAX (longest, ((GArray *) g_ptr_array_index (rewards, r))->len);
  g_array_set_size (mean, 0);
  g_array_set_size (low, 0);
  g_array_set_size (high, 0);
  for (guint e = 0; e < longest; e++)
    {
      double sum = 0, lo = INFINITY, hi = -INFINITY;
      guint n = 0;

      for (guint r = 0; r < rewards->len; r++)
        {
          GArray *run = g_ptr_array_index (rewards, r);
          guint from = e + 1 >= window ? e + 1 - window : 0;
          double s = 0;

          if (e >= run->len)
            continue;
          for (guint k = from; k <= e; k++)
            s += g_array_index (run, double, k);
          s /= e - from + 1;
          sum += s;
          lo = MIN (lo, s);
          hi = MAX (hi, s);
          n++;
        }
      sum /= n;
      g_array_append_val (mean, sum);
      g_array_append_val (low, lo);
      g_array_append_val (high, hi);
    }
}

/* The run's training time: its rungs' when it ran with halving, else its
 * episodes'. Reused (cached) children count nothing. */
static gboolean
add_search_time (NasStudyReport  *report,
                 NasStore        *store,
                 gint64           run_id,
                 GPtrArray       *episodes,
                 GError         **error)
{
  guint rungs, trainings;
  double seconds;

  if (!nas_store_get_rung_time (store, run_id, &rungs, &seconds, &trainings, error))
    return FALSE;
  report->search_seconds += seconds;
  report->search_children += trainings;
  if (rungs == 0)
    for (guint e = 0; e < episodes->len; e++)
      {
        const NasEpisodeRecord *ep = g_ptr_array_index (episodes, e);

        report->search_seconds += ep->train_seconds;
        report->search_children += ep->train_seconds > 0;
      }
  return TRUE;
}

/* Reads the runs of the study into one row per strategy. */
static gboolean
load_strategies (NasStudyReport  *report,
                 NasStore        *store,
                 GPtrArray       *runs,
                 GError         **error)
{
  g_auto(GStrv) strategies = nas_study_split_list (report->study->strategies);

  for (guint s = 0; strategies[s] != NULL; s++)
    {
      NasStudyStrategyRow *row = g_new0 (NasStudyStrategyRow, 1);
      g_autoptr(GArray) best = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) fifth = g_array_new (FALSE, FALSE, sizeof (double));

      row->strategy = g_strdup (strategies[s]);
      row->rewards = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      g_ptr_array_add (report->strategies, row);
      for (guint i = 0; i < runs->len; i++)
        {
          const NasStudyRun *r = g_ptr_array_index (runs, i);
          g_autoptr(GPtrArray) episodes = NULL;
          g_autoptr(GArray) rewards = NULL;
          g_autoptr(NasRun) run = NULL;
          double run_best = NAN, mean;

          if (strcmp (r->strategy, strategies[s]) != 0)
            continue;
          run = nas_store_get_run (store, r->run_id, error);
          episodes = run != NULL ? nas_store_list_episodes (store, r->run_id, NAS_EPISODE_ORDER_NUMBER, error)
                                 : NULL;
          if (episodes == NULL)
            return FALSE;
          if (run->status == NAS_RUN_FINISHED)
            report->searches_done++;
          if (!add_search_time (report, store, r->run_id, episodes, error))
            return FALSE;
          rewards = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint e = 0; e < episodes->len; e++)
            {
              const NasEpisodeRecord *ep = g_ptr_array_index (episodes, e);

              g_array_append_val (rewards, ep->reward);
              if (!(ep->flags & NAS_EPISODE_INVALID) && !isnan (ep->validation_accuracy) &&
                  (isnan (run_best) || ep->validation_accuracy > run_best))
                run_best = ep->validation_accuracy;
            }
          if (isnan (run_best))
            continue;
          row->n_unfinished += run->status != NAS_RUN_FINISHED;
          mean = nas_study_last_fifth_reward ((double *) rewards->data, rewards->len);
          g_array_append_val (best, run_best);
          g_array_append_val (fifth, mean);
          g_ptr_array_add (row->rewards, g_steal_pointer (&rewards));
        }
      row->n_runs = best->len;
      row->best_validation = nas_stats_mean_sd ((double *) best->data, best->len);
      row->last_fifth_reward = nas_stats_mean_sd ((double *) fifth->data, fifth->len);
    }
  return TRUE;
}

static gint
compare_by_test (gconstpointer a,
                 gconstpointer b)
{
  const NasStudyRetrain *x = *(NasStudyRetrain * const *) a;
  const NasStudyRetrain *y = *(NasStudyRetrain * const *) b;

  if (x->test_accuracy != y->test_accuracy)
    return x->test_accuracy < y->test_accuracy ? -1 : 1;
  return (gint) x->seed_index - (gint) y->seed_index;
}

static gint
compare_by_seed (gconstpointer a,
                 gconstpointer b)
{
  const NasStudyRetrain *x = *(NasStudyRetrain * const *) a;
  const NasStudyRetrain *y = *(NasStudyRetrain * const *) b;

  return (gint) x->seed_index - (gint) y->seed_index;
}

/* The retrains of network @name, and the row that sums them up; @median
 * is the median seed's retrain. */
static NasStudyNetworkRow *
network_row (GPtrArray              *retrains,
             GPtrArray              *runs,
             const char             *name,
             const NasStudyRetrain **median)
{
  NasStudyNetworkRow *row = g_new0 (NasStudyNetworkRow, 1);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) validation = g_array_new (FALSE, FALSE, sizeof (double));
  double seconds = 0;

  for (guint i = 0; i < retrains->len; i++)
    {
      const NasStudyRetrain *r = g_ptr_array_index (retrains, i);

      if (strcmp (r->name, name) != 0)
        continue;
      g_ptr_array_add (mine, (gpointer) r);
      g_array_append_val (test, r->test_accuracy);
      g_array_append_val (validation, r->validation_accuracy);
      seconds += r->train_seconds;
    }
  g_ptr_array_sort (mine, compare_by_seed);
  row->test_seeds = g_array_sized_new (FALSE, FALSE, sizeof (double), mine->len);
  for (guint i = 0; i < mine->len; i++)
    g_array_append_val (row->test_seeds, ((NasStudyRetrain *) g_ptr_array_index (mine, i))->test_accuracy);
  g_ptr_array_sort (mine, compare_by_test);
  *median = g_ptr_array_index (mine, (mine->len - 1) / 2);

  row->name = g_strdup (name);
  row->role = (*median)->role;
  row->run_id = (*median)->run_id;
  row->architecture = g_strdup ((*median)->architecture);
  row->n = mine->len;
  row->test_accuracy = nas_stats_mean_sd ((double *) test->data, test->len);
  row->validation_accuracy = nas_stats_mean_sd ((double *) validation->data, validation->len);
  row->params = (*median)->params;
  row->flops = (*median)->flops;
  row->seconds = seconds / mine->len;
  row->median_seed = (*median)->seed_index;
  for (guint i = 0; i < runs->len; i++)
    {
      const NasStudyRun *r = g_ptr_array_index (runs, i);

      if (row->run_id > 0 && r->run_id == row->run_id)
        row->strategy = g_strdup (r->strategy);
    }
  return row;
}

/* One row per network, finalists then baselines, each in the order of its
 * first retrain; the best finalist; McNemar against each baseline. */
static void
load_networks (NasStudyReport *report,
               GPtrArray      *retrains,
               GPtrArray      *runs)
{
  g_autoptr(GPtrArray) medians = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const NasStudyRetrain *best_median = NULL;

  for (int role = NAS_STUDY_ROLE_FINALIST; role <= NAS_STUDY_ROLE_BASELINE; role++)
    for (guint i = 0; i < retrains->len; i++)
      {
        const NasStudyRetrain *r = g_ptr_array_index (retrains, i);
        const NasStudyRetrain *median = NULL;

        if ((int) r->role != role || !g_hash_table_add (seen, r->name))
          continue;
        g_ptr_array_add (report->networks, network_row (retrains, runs, r->name, &median));
        g_ptr_array_add (medians, (gpointer) median);
      }

  report->best = -1;
  for (guint i = 0; i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      const NasStudyNetworkRow *best = report->best >= 0 ? g_ptr_array_index (report->networks, report->best)
                                                         : NULL;

      if (row->role == NAS_STUDY_ROLE_FINALIST &&
          (best == NULL || row->validation_accuracy.mean > best->validation_accuracy.mean))
        {
          report->best = (gint) i;
          best_median = g_ptr_array_index (medians, i);
        }
    }

  if (best_median == NULL || best_median->predictions == NULL || report->study->test_labels == NULL)
    return;
  for (guint i = 0; i < report->networks->len; i++)
    {
      const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, i);
      const NasStudyRetrain *median = g_ptr_array_index (medians, i);
      NasStudyComparison *comparison;
      gsize n = g_bytes_get_size (report->study->test_labels);

      if (row->role != NAS_STUDY_ROLE_BASELINE || median->predictions == NULL ||
          g_bytes_get_size (median->predictions) != n || g_bytes_get_size (best_median->predictions) != n)
        continue;
      comparison = g_new0 (NasStudyComparison, 1);
      comparison->baseline = g_strdup (row->name);
      nas_stats_mcnemar_counts (g_bytes_get_data (report->study->test_labels, NULL),
                                g_bytes_get_data (best_median->predictions, NULL),
                                g_bytes_get_data (median->predictions, NULL), n,
                                &comparison->b, &comparison->c);
      comparison->p = nas_stats_mcnemar_exact_p (comparison->b, comparison->c);
      comparison->verdict = nas_study_mcnemar_verdict (row->name, comparison->b, comparison->c, comparison->p);
      g_ptr_array_add (report->comparisons, comparison);
    }
}

/* The newest calibration stored with one of the study's runs. */
static gboolean
load_calibration (NasStudyReport  *report,
                  NasStore        *store,
                  GPtrArray       *runs,
                  GError         **error)
{
  report->calibration_rho = NAN;
  for (guint i = 0; i < runs->len; i++)
    {
      const NasStudyRun *r = g_ptr_array_index (runs, i);
      g_autoptr(NasCalibration) calibration = NULL;

      if (!nas_store_get_run_calibration (store, r->run_id, &calibration, error))
        return FALSE;
      if (calibration != NULL && calibration->id > report->calibration_id)
        {
          report->calibration_id = calibration->id;
          report->calibration_run_id = r->run_id;
          report->calibration_rho = calibration->spearman;
        }
    }
  return TRUE;
}

/**
 * nas_study_report_load:
 *
 * Reads study @study_id, its runs, their episodes and its retrains (with
 * their predictions) and computes the report. Trains nothing, reads no
 * dataset: what a study did not measure yet is missing from the report.
 *
 * Returns: (transfer full): the report, or %NULL and @error
 */
NasStudyReport *
nas_study_report_load (NasStore  *store,
                       gint64     study_id,
                       GError   **error)
{
  g_autoptr(NasStudyReport) report = g_new0 (NasStudyReport, 1);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) retrains = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(NasSearchConfig) config = NULL;

  report->strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_strategy_row_free);
  report->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_network_row_free);
  report->comparisons = g_ptr_array_new_with_free_func ((GDestroyNotify) comparison_free);
  report->best = -1;

  report->study = nas_store_get_study (store, study_id, error);
  if (report->study == NULL)
    return NULL;
  config = nas_search_config_from_string (report->study->config_json, error);
  if (config == NULL)
    return NULL;
  runs = nas_store_list_study_runs (store, study_id, error);
  if (runs == NULL)
    return NULL;
  retrains = nas_store_list_study_retrains (store, study_id, TRUE, error);
  if (retrains == NULL)
    return NULL;

  plan = nas_study_plan (report->study, config->seed);
  for (guint i = 0; i < plan->len; i++)
    {
      const NasStudyStep *step = g_ptr_array_index (plan, i);

      if (step->kind == NAS_STUDY_STEP_SEARCH)
        report->searches_planned++;
      else
        report->retrains_planned++;
    }
  report->retrains_done = retrains->len;
  for (guint i = 0; i < retrains->len; i++)
    report->retrain_seconds += ((const NasStudyRetrain *) g_ptr_array_index (retrains, i))->train_seconds;

  if (!load_strategies (report, store, runs, error) || !load_calibration (report, store, runs, error))
    return NULL;
  load_networks (report, retrains, runs);

  {
    NasStudyStrategyRow *reinforce = NULL, *random = NULL;

    for (guint i = 0; i < report->strategies->len; i++)
      {
        NasStudyStrategyRow *row = g_ptr_array_index (report->strategies, i);

        if (strcmp (row->strategy, "reinforce") == 0)
          reinforce = row;
        else if (strcmp (row->strategy, "random") == 0)
          random = row;
      }
    report->strategy_verdict = nas_study_strategy_verdict (reinforce, random);
  }

  return g_steal_pointer (&report);
}

/* "99.47 ± 0.03 %", or "99.47 %" from a single seed. */
static char *
format_mean_sd (NasMeanSd m)
{
  if (isnan (m.sd))
    return g_strdup_printf ("%.2f %%", 100 * m.mean);
  return g_strdup_printf ("%.2f ± %.2f %%", 100 * m.mean, 100 * m.sd);
}

/**
 * nas_study_report_verdict_line:
 *
 * The study in one line, for a list of studies: the best found network's
 * test accuracy against the strongest measured baseline's, with McNemar's
 * p, "found network 99.47 ± 0.03 % vs keras-mnist 99.21 ± 0.05 %, p =
 * 0.002". In the words of nas_study_mcnemar_verdict(): a p ≥
 * NAS_STUDY_ALPHA says "not significant", and a significant difference in
 * the baseline's favour says so. Without a baseline, the found network
 * alone; before the first retrain of a run's best architecture, how far
 * the study got.
 *
 * Returns: (transfer full): one line of plain words
 */
char *
nas_study_report_verdict_line (const NasStudyReport *report)
{
  const NasStudyNetworkRow *best, *baseline = NULL;
  const NasStudyComparison *comparison = NULL;
  g_autofree char *found = NULL, *other = NULL, *p = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->best < 0)
    return g_strdup_printf ("%u of %u searches, %u of %u retrains done", report->searches_done,
                            report->searches_planned, report->retrains_done, report->retrains_planned);

  best = g_ptr_array_index (report->networks, report->best);
  found = format_mean_sd (best->test_accuracy);
  /* The strongest baseline McNemar's test was run against. */
  for (guint i = 0; i < report->comparisons->len; i++)
    {
      const NasStudyComparison *c = g_ptr_array_index (report->comparisons, i);

      for (guint j = 0; j < report->networks->len; j++)
        {
          const NasStudyNetworkRow *row = g_ptr_array_index (report->networks, j);

          if (row->role == NAS_STUDY_ROLE_BASELINE && strcmp (row->name, c->baseline) == 0 &&
              (baseline == NULL || row->test_accuracy.mean > baseline->test_accuracy.mean))
            {
              baseline = row;
              comparison = c;
            }
        }
    }
  if (comparison == NULL)
    return g_strdup_printf ("found network %s", found);

  other = format_mean_sd (baseline->test_accuracy);
  /* Below 0.001 the figure says nothing more (and underflows to 0). */
  p = comparison->p < 0.001 ? g_strdup ("p < 0.001") : g_strdup_printf ("p = %.2g", comparison->p);
  if (comparison->p < NAS_STUDY_ALPHA && comparison->b > comparison->c)
    return g_strdup_printf ("found network %s vs %s %s, %s", found, baseline->name, other, p);
  if (comparison->p < NAS_STUDY_ALPHA && comparison->c > comparison->b)
    return g_strdup_printf ("found network %s vs %s %s, %s: %s is better", found, baseline->name, other, p,
                            baseline->name);
  return g_strdup_printf ("found network %s vs %s %s, %s, not significant", found, baseline->name, other, p);
}
