/* nas-calibrate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Calibrates a configuration's cheap budget against a full one. Workload:
 * 2k trainings of seconds (cheap) to minutes (full) each, on the calling
 * thread; the figures are O(k²) on a handful of numbers.
 *
 * Each architecture trains at both budgets from the same seed (the same
 * initial weights and shuffles), so the two accuracies differ by the
 * budget only. The architectures are distinct: a repeat would count one
 * architecture twice in the ranks. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-calibrate.h"
#include "nas-rng.h"
#include "nas-search-space.h"
#include "nas-stats.h"

/* Draws per architecture before the space is judged too small for k. */
#define MAX_DRAWS_PER_ARCH 200

/* The cheap budget of @config (its children's) and a full budget of 2
 * epochs on the whole training split. Under successive halving, the
 * question is whether the smallest rung ranks as the largest does, so the
 * cheap budget is rung 0's (min_steps, or the top rung's mini-batches /
 * η^(r−1), on the smaller subset if any) and the full one the top rung's;
 * a top rung in epochs without min_steps keeps the defaults (its rung 0 in
 * mini-batches depends on the dataset's size). */
void
nas_calibrate_request_init (NasCalibrateRequest   *request,
                            const NasSearchConfig *config)
{
  g_return_if_fail (request != NULL && config != NULL);

  *request = (NasCalibrateRequest) {
    .config = config,
    .k = 8,
    .seed = config->seed,
    .cheap_epochs = config->child_epochs,
    .cheap_steps = config->child_steps,
    .cheap_subset = config->train_subset,
    .full_epochs = 2,
  };

  if (config->halving_rungs > 1)
    {
      guint64 rung0 = config->halving_min_steps;

      if (rung0 == 0 && config->child_steps > 0)
        {
          guint64 div = 1;

          for (guint i = 1; i < config->halving_rungs; i++)
            div *= config->halving_eta;
          rung0 = MAX (config->child_steps / div, 1);
        }
      if (rung0 > 0)
        {
          request->cheap_epochs = 0;
          request->cheap_steps = rung0;
          request->cheap_subset = config->halving_min_subset > 0 ? config->halving_min_subset
                                                                 : config->train_subset;
          request->full_epochs = config->child_epochs;
          request->full_steps = config->child_steps;
          request->full_subset = config->train_subset;
        }
    }
}

/* One architecture of @space, each active decision uniform among the
 * choices nas_search_space_allowed() leaves. */
static NasArch *
draw (const NasSearchSpace *space,
      NasRng               *rng,
      GError              **error)
{
  gint actions[NAS_MAX_DECISIONS];
  gboolean allowed[NAS_MAX_CHOICES];

  for (guint t = 0; t < space->spec.n_decisions; t++)
    {
      guint n, pick;

      actions[t] = -1;
      if (!nas_search_space_is_active (space, actions, t))
        continue;
      n = nas_search_space_allowed (space, actions, t, allowed);
      g_assert (n > 0);
      pick = nas_rng_below (rng, n);
      for (guint c = 0; c < space->spec.decisions[t].n_choices; c++)
        if (allowed[c] && pick-- == 0)
          {
            actions[t] = (gint) c;
            break;
          }
    }
  return nas_search_space_to_arch (space, actions, error);
}

/**
 * nas_calibrate_sample:
 *
 * Draws @k distinct architectures of @config's space (which must be
 * valid) for inputs @in_c×@in_h×@in_w and @n_classes classes, from @seed
 * alone: the same seed gives the same architectures in the same order.
 * Returns a GPtrArray of NasArch, or NULL and NAS_SEARCH_CONFIG_ERROR_INVALID
 * when the space does not hold @k architectures.
 */
GPtrArray *
nas_calibrate_sample (const NasSearchConfig *config,
                      gsize                  in_c,
                      gsize                  in_h,
                      gsize                  in_w,
                      guint                  n_classes,
                      guint                  k,
                      guint64                seed,
                      GError               **error)
{
  g_autoptr(NasSearchSpace) space = NULL;
  g_autoptr(GPtrArray) archs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_arch_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  NasRng rng;
  guint64 draws = 0;

  g_return_val_if_fail (config != NULL, NULL);

  space = nas_search_space_new (config, in_c, in_h, in_w, n_classes);
  nas_rng_seed (&rng, nas_rng_derive (seed, 0x63616c6962ull)); /* "calib": not the children's streams */

  while (archs->len < k)
    {
      g_autoptr(NasArch) arch = NULL;
      char *key;

      if (draws++ >= (guint64) k * MAX_DRAWS_PER_ARCH)
        {
          g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID,
                       "the search space holds fewer than %u distinct architectures (found %u); "
                       "calibrate fewer or widen the space", k, archs->len);
          return NULL;
        }
      if ((arch = draw (space, &rng, error)) == NULL)
        return NULL;
      key = nas_arch_to_string (arch);
      if (!g_hash_table_add (seen, key))
        continue;
      g_ptr_array_add (archs, g_steal_pointer (&arch));
    }

  return g_steal_pointer (&archs);
}

static gboolean
train (const NasDataset     *dataset,
       const NasSearchConfig *config,
       const NasArch        *arch,
       guint64               seed,
       guint                 epochs,
       guint64               steps,
       guint                 subset,
       GCancellable         *cancellable,
       NasEvalResult        *result,
       GError              **error)
{
  NasEvalRequest request = {
    .arch = arch,
    .epochs = epochs,
    .steps = steps,
    .batch_size = config->batch_size,
    .train_subset = subset,
    .seed = seed,
    .recipe = config->recipe,
    .curve_points = 10,
  };

  return nas_evaluator_run (dataset, &request, NULL, NULL, NULL, cancellable, result, error);
}

/**
 * nas_calibrate_run:
 *
 * Draws @request->k architectures (nas_calibrate_sample()), trains each at
 * the cheap budget, then each at the full one, and returns the calibration
 * with its figures (run_id 0). Fails with G_IO_ERROR_CANCELLED when
 * @cancellable fires, or with the evaluator's error; nothing is returned
 * then.
 */
NasCalibration *
nas_calibrate_run (const NasDataset          *dataset,
                   const NasCalibrateRequest *request,
                   NasCalibrateProgressFunc   progress,
                   gpointer                   user_data,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  const NasSearchConfig *config;
  g_autoptr(GPtrArray) archs = NULL;
  g_autoptr(NasCalibration) calibration = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *cheap = NULL;

  g_return_val_if_fail (dataset != NULL && request != NULL && request->config != NULL, NULL);
  g_return_val_if_fail (request->k >= 2, NULL);
  g_return_val_if_fail (request->cheap_epochs > 0 || request->cheap_steps > 0, NULL);
  g_return_val_if_fail (request->full_epochs > 0 || request->full_steps > 0, NULL);

  config = request->config;
  archs = nas_calibrate_sample (config, dataset->train.c, dataset->train.h, dataset->train.w,
                                dataset->n_classes, request->k, request->seed, error);
  if (archs == NULL)
    return NULL;

  calibration = nas_calibration_new ();
  calibration->config_json = nas_search_config_to_string (config);
  calibration->seed = request->seed;
  calibration->cheap_epochs = request->cheap_steps > 0 ? 0 : request->cheap_epochs;
  calibration->cheap_steps = request->cheap_steps;
  calibration->cheap_subset = request->cheap_subset;
  calibration->full_epochs = request->full_steps > 0 ? 0 : request->full_epochs;
  calibration->full_steps = request->full_steps;
  calibration->full_subset = request->full_subset;

  cheap = g_new (double, archs->len);
  for (guint i = 0; i < archs->len; i++)
    {
      NasEvalResult result;

      g_ptr_array_add (names, nas_arch_to_string (g_ptr_array_index (archs, i)));
      if (!train (dataset, config, g_ptr_array_index (archs, i), nas_rng_derive (request->seed, i),
                  calibration->cheap_epochs, calibration->cheap_steps, calibration->cheap_subset,
                  cancellable, &result, error))
        return NULL;
      cheap[i] = result.validation_accuracy;
      if (progress != NULL)
        progress (i, archs->len, FALSE, g_ptr_array_index (names, i), &result, user_data);
      nas_eval_result_clear (&result);
    }

  for (guint i = 0; i < archs->len; i++)
    {
      NasEvalResult result;

      if (!train (dataset, config, g_ptr_array_index (archs, i), nas_rng_derive (request->seed, i),
                  calibration->full_epochs, calibration->full_steps, calibration->full_subset,
                  cancellable, &result, error))
        return NULL;
      nas_calibration_add (calibration, g_ptr_array_index (names, i), cheap[i], result.validation_accuracy);
      if (progress != NULL)
        progress (i, archs->len, TRUE, g_ptr_array_index (names, i), &result, user_data);
      nas_eval_result_clear (&result);
    }

  nas_calibrate_compute (calibration);
  return g_steal_pointer (&calibration);
}

static void
accuracies (const NasCalibration *calibration,
            double               *cheap,
            double               *full)
{
  for (guint i = 0; i < calibration->entries->len; i++)
    {
      const NasCalibrationEntry *e = g_ptr_array_index (calibration->entries, i);

      cheap[i] = e->cheap_accuracy;
      full[i] = e->full_accuracy;
    }
}

/* Fills ρ, τ-b, top_k and the top-k overlap from the entries' accuracies. */
void
nas_calibrate_compute (NasCalibration *calibration)
{
  guint n;
  g_autofree double *cheap = NULL;
  g_autofree double *full = NULL;

  g_return_if_fail (calibration != NULL);

  n = calibration->entries->len;
  cheap = g_new (double, MAX (n, 1));
  full = g_new (double, MAX (n, 1));
  accuracies (calibration, cheap, full);
  calibration->spearman = nas_stats_spearman (cheap, full, n);
  calibration->kendall = nas_stats_kendall_tau_b (cheap, full, n);
  calibration->top_k = MIN (NAS_CALIBRATE_TOP_K, n);
  calibration->top_overlap = n > 0 ? nas_stats_top_k_overlap (cheap, full, n, calibration->top_k) : 0;
}

/**
 * nas_calibrate_ranks:
 * @ranks: (out caller-allocates): one per entry
 *
 * The rank of each entry by its cheap (@full FALSE) or full accuracy: 1 for
 * the best, ties broken by the lower index as nas_stats_top_k_overlap()
 * breaks them.
 */
void
nas_calibrate_ranks (const NasCalibration *calibration,
                     gboolean              full,
                     guint                *ranks)
{
  guint n;

  g_return_if_fail (calibration != NULL && ranks != NULL);

  n = calibration->entries->len;
  for (guint i = 0; i < n; i++)
    {
      const NasCalibrationEntry *a = g_ptr_array_index (calibration->entries, i);
      double x = full ? a->full_accuracy : a->cheap_accuracy;

      ranks[i] = 1;
      for (guint j = 0; j < n; j++)
        {
          const NasCalibrationEntry *b = g_ptr_array_index (calibration->entries, j);
          double y = full ? b->full_accuracy : b->cheap_accuracy;

          if (y > x || (y == x && j < i))
            ranks[i]++;
        }
    }
}

/* Whether ρ is below NAS_CALIBRATE_MIN_SPEARMAN (an undefined ρ, from a
 * constant side, ranks nothing either). */
gboolean
nas_calibrate_ranks_poorly (const NasCalibration *calibration)
{
  g_return_val_if_fail (calibration != NULL, FALSE);

  return !(calibration->spearman >= NAS_CALIBRATE_MIN_SPEARMAN);
}

static char *
figure (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.2f", value);
}

/* "ρ = 0.82, τ = 0.64, top-5 overlap 4/5" */
char *
nas_calibrate_summary (const NasCalibration *calibration)
{
  g_autofree char *rho = NULL;
  g_autofree char *tau = NULL;

  g_return_val_if_fail (calibration != NULL, NULL);

  rho = figure (calibration->spearman);
  tau = figure (calibration->kendall);
  return g_strdup_printf ("ρ = %s, τ = %s, top-%u overlap %u/%u", rho, tau, calibration->top_k,
                          calibration->top_overlap, calibration->top_k);
}

/* The warning when the cheap budget does not rank, NULL when it does. */
char *
nas_calibrate_warning (const NasCalibration *calibration)
{
  g_autofree char *rho = NULL;

  g_return_val_if_fail (calibration != NULL, NULL);

  if (!nas_calibrate_ranks_poorly (calibration))
    return NULL;
  rho = figure (calibration->spearman);
  return g_strdup_printf ("the cheap budget does not rank these architectures: ρ = %s < %.1f; "
                          "give children more steps", rho, NAS_CALIBRATE_MIN_SPEARMAN);
}

/* "300 steps", "2 epochs", "300 steps on 20000 images". */
char *
nas_calibrate_budget_label (guint   epochs,
                            guint64 steps,
                            guint   subset)
{
  g_autofree char *budget = steps > 0
    ? g_strdup_printf ("%" G_GUINT64_FORMAT " step%s", steps, steps == 1 ? "" : "s")
    : g_strdup_printf ("%u epoch%s", epochs, epochs == 1 ? "" : "s");

  if (subset == 0)
    return g_steal_pointer (&budget);
  return g_strdup_printf ("%s on %u images", budget, subset);
}

/* The calibration as scripts read it (calibrate --json, show --json):
 * budgets, figures (null when undefined), the warning (null when ρ ranks)
 * and per architecture its accuracies and ranks. */
JsonNode *
nas_calibrate_to_json (const NasCalibration *calibration)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree guint *cheap_rank = NULL;
  g_autofree guint *full_rank = NULL;
  g_autofree char *warning = NULL;
  guint n;

  g_return_val_if_fail (calibration != NULL, NULL);

  n = calibration->entries->len;
  cheap_rank = g_new (guint, MAX (n, 1));
  full_rank = g_new (guint, MAX (n, 1));
  nas_calibrate_ranks (calibration, FALSE, cheap_rank);
  nas_calibrate_ranks (calibration, TRUE, full_rank);
  warning = nas_calibrate_warning (calibration);

#define ADD_INT(name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); json_builder_add_int_value (b, (gint64) (value)); } G_STMT_END
#define ADD_REAL(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (b, name); \
    if (isnan (value)) json_builder_add_null_value (b); else json_builder_add_double_value (b, value); \
  } G_STMT_END

  json_builder_begin_object (b);
  ADD_INT ("id", calibration->id);
  json_builder_set_member_name (b, "run");
  if (calibration->run_id > 0)
    json_builder_add_int_value (b, calibration->run_id);
  else
    json_builder_add_null_value (b);
  ADD_INT ("k", n);
  ADD_INT ("seed", calibration->seed);
  ADD_INT ("cheap_epochs", calibration->cheap_epochs);
  ADD_INT ("cheap_steps", calibration->cheap_steps);
  ADD_INT ("cheap_subset", calibration->cheap_subset);
  ADD_INT ("full_epochs", calibration->full_epochs);
  ADD_INT ("full_steps", calibration->full_steps);
  ADD_INT ("full_subset", calibration->full_subset);
  ADD_REAL ("spearman", calibration->spearman);
  ADD_REAL ("kendall_tau_b", calibration->kendall);
  ADD_INT ("top_k", calibration->top_k);
  ADD_INT ("top_overlap", calibration->top_overlap);
  json_builder_set_member_name (b, "warning");
  if (warning != NULL)
    json_builder_add_string_value (b, warning);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "architectures");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      const NasCalibrationEntry *e = g_ptr_array_index (calibration->entries, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "architecture");
      json_builder_add_string_value (b, e->architecture);
      ADD_REAL ("cheap_accuracy", e->cheap_accuracy);
      ADD_REAL ("full_accuracy", e->full_accuracy);
      ADD_INT ("cheap_rank", cheap_rank[i]);
      ADD_INT ("full_rank", full_rank[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
#undef ADD_INT
#undef ADD_REAL

  return json_builder_get_root (b);
}
