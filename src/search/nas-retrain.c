/* nas-retrain.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Final evaluations: the comparison the 2017 tutorial ended with, done
 * honestly. An architecture found by a search is retrained from scratch on
 * the whole training split and measured on the test set, which no search
 * ever looks at; the hand-designed baselines are trained the same way (same
 * epochs, batch size and optimizer) so the figures can be set side by side. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-evaluator.h"
#include "nas-rng.h"
#include "nas-search-job.h"
#include "nas-store.h"

/* Batch size of final evaluations, DESIGN §5's default. */
#define RETRAIN_BATCH 100

typedef struct
{
  const char             *name;
  NasRetrainProgressFunc  progress;
  gpointer                user_data;
} RetrainProgress;

static gboolean
retrain_progress_cb (const NasCurvePoint *point,
                     guint64              total_steps,
                     gpointer             user_data)
{
  RetrainProgress *state = user_data;

  if (state->progress == NULL)
    return TRUE;
  return state->progress (state->name, point, total_steps, state->user_data);
}

static NasFinalEvaluation *
evaluate_one (NasStore          *store,
              const NasDataset  *dataset,
              const NasArch     *arch,
              const char        *name,
              NasEvaluationKind  kind,
              gint64             run_id,
              gint               episode,
              guint              epochs,
              guint64            steps,
              guint64            seed,
              RetrainProgress   *progress,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(NasFinalEvaluation) evaluation = nas_final_evaluation_new ();
  NasEvalRequest request = {
    .arch = arch,
    .epochs = epochs,
    .steps = steps,
    .batch_size = RETRAIN_BATCH,
    .seed = seed,
    .test = TRUE,
    .curve_points = 100,
  };
  NasEvalResult result;

  progress->name = name;
  if (!nas_evaluator_run (dataset, &request, retrain_progress_cb, NULL, progress, cancellable, &result, error))
    return NULL;

  evaluation->run_id = run_id;
  evaluation->episode = episode;
  evaluation->kind = kind;
  evaluation->name = g_strdup (name);
  evaluation->architecture = nas_arch_to_string (arch);
  evaluation->epochs = epochs;
  evaluation->test_accuracy = result.test_accuracy;
  evaluation->validation_accuracy = result.validation_accuracy;
  evaluation->params = result.params;
  evaluation->flops = (guint64) result.flops;
  evaluation->train_seconds = result.train_seconds;
  nas_eval_result_clear (&result);

  if (!nas_store_add_final_evaluation (store, evaluation, &evaluation->id, error))
    return NULL;

  return g_steal_pointer (&evaluation);
}

/* The episode with the best validation accuracy, the first one on ties. */
static NasEpisodeRecord *
best_episode (NasStore  *store,
              gint64     run_id,
              GError   **error)
{
  g_autoptr(GPtrArray) episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, error);
  NasEpisodeRecord *best = NULL;

  if (episodes == NULL)
    return NULL;

  for (guint i = 0; i < episodes->len; i++)
    {
      NasEpisodeRecord *e = g_ptr_array_index (episodes, i);

      if ((e->flags & NAS_EPISODE_INVALID) || isnan (e->validation_accuracy))
        continue;
      if (best == NULL || e->validation_accuracy > best->validation_accuracy)
        best = e;
    }

  if (best == NULL)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "Run %" G_GINT64_FORMAT " has no evaluated architecture yet", run_id);
      return NULL;
    }

  return nas_store_get_episode (store, run_id, best->episode, error);
}

/**
 * nas_search_retrain:
 * @episode: the episode whose architecture to retrain, or -1 for the run's
 *   best (by validation accuracy)
 * @steps: 0 for the final evaluation proper (@epochs over the whole
 *   training split); > 0 trains each network for only this many
 *   mini-batches instead, a budget for tests that no user-facing control sets
 * @baselines: also train the hand-designed tf-tutorial and keras-mnist
 * @out_evaluations: (out) (optional): the stored NasFinalEvaluation rows
 *
 * Retrains for @epochs epochs on the whole training split of the run's
 * dataset and measures test accuracy; every result is stored as a final
 * evaluation as soon as it is measured, so a cancelled call keeps the ones
 * already done. Blocks: call it on a worker thread.
 */
gboolean
nas_search_retrain (const char              *database_path,
                    gint64                   run_id,
                    gint                     episode,
                    guint                    epochs,
                    guint64                  steps,
                    gboolean                 baselines,
                    NasRetrainProgressFunc   progress,
                    gpointer                 user_data,
                    GCancellable            *cancellable,
                    GPtrArray              **out_evaluations,
                    GError                 **error)
{
  static const char * const baseline_names[] = { "tf-tutorial", "keras-mnist" };
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(NasEpisodeRecord) record = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(GPtrArray) evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_final_evaluation_free);
  g_autofree char *name = NULL;
  RetrainProgress state = { NULL, progress, user_data };
  NasFinalEvaluation *evaluation;

  g_return_val_if_fail (database_path != NULL, FALSE);

  if (epochs < 1 || epochs > 1000)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "Epochs must be between 1 and 1,000, not %u", epochs);
      return FALSE;
    }

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, error);
  if (store == NULL)
    return FALSE;
  run = nas_store_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  config = nas_search_config_from_string (run->config_json, error);
  if (config == NULL)
    return FALSE;

  record = episode < 0 ? best_episode (store, run_id, error)
                       : nas_store_get_episode (store, run_id, (guint) episode, error);
  if (record == NULL)
    return FALSE;
  if (record->flags & NAS_EPISODE_INVALID)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "Episode %u of run %" G_GINT64_FORMAT " is not a valid architecture",
                   record->episode, run_id);
      return FALSE;
    }

  arch = nas_arch_from_json_string (record->architecture_json, error);
  if (arch == NULL)
    return FALSE;

  dataset = nas_dataset_load (config->dataset, error);
  if (dataset == NULL)
    return FALSE;

  /* Seeds apart from every search episode's (those use streams < 2³²). */
  name = g_strdup_printf ("Run %" G_GINT64_FORMAT ", episode %u", run_id, record->episode);
  evaluation = evaluate_one (store, dataset, arch, name, NAS_EVALUATION_ARCHITECTURE, run_id,
                             (gint) record->episode, epochs, steps,
                             nas_rng_derive (config->seed, G_GUINT64_CONSTANT (1) << 40),
                             &state, cancellable, error);
  if (evaluation == NULL)
    return FALSE;
  g_ptr_array_add (evaluations, evaluation);

  for (guint i = 0; baselines && i < G_N_ELEMENTS (baseline_names); i++)
    {
      g_autoptr(NasArch) baseline = nas_arch_builtin (baseline_names[i], error);

      if (baseline == NULL)
        return FALSE;
      evaluation = evaluate_one (store, dataset, baseline, baseline_names[i], NAS_EVALUATION_BASELINE,
                                 run_id, -1, epochs, steps,
                                 nas_rng_derive (config->seed, (G_GUINT64_CONSTANT (1) << 40) + 1 + i),
                                 &state, cancellable, error);
      if (evaluation == NULL)
        return FALSE;
      g_ptr_array_add (evaluations, evaluation);
    }

  if (out_evaluations != NULL)
    *out_evaluations = g_steal_pointer (&evaluations);
  return TRUE;
}
