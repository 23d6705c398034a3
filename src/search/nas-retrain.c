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
 * epochs, batch size and recipe: the run's, unless the caller gives another
 * one for all of them) so the figures can be set side by side.
 *
 * A retrain of a searched architecture is also stored as its episode's test
 * figures (nas_store_add_episode_evaluation()), which History, the exports
 * and `nascent-cli show` read.
 *
 * "Train and save" is the same training of one searched architecture, with
 * the same seed, whose weights go to a file instead of its figures to the
 * store: both go through final_train(), so a saved network is the one a
 * retrain measured. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-evaluator.h"
#include "nas-json.h"
#include "nas-recipe.h"
#include "nas-retrain.h"
#include "nas-rng.h"
#include "nas-search-job.h"
#include "nas-store.h"

/* Batch size of final evaluations: the default mini-batch of the original design. */
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

/* The seed stream of final evaluation @which of a run searched with
 * @search_seed: 0 for the searched architecture, 1 + i for baseline i.
 * Apart from every search episode's streams, which are < 2³². */
static guint64
final_seed (guint64 search_seed,
            guint   which)
{
  return nas_rng_derive (search_seed, (G_GUINT64_CONSTANT (1) << 40) + which);
}

/* Trains @arch on the whole training split of @dataset (its first
 * @train_subset images when > 0) and measures it on the validation and
 * test splits, as every final evaluation does; with @predictions, also
 * writes the class it predicts for each test image there. */
static gboolean
final_train (const NasDataset  *dataset,
             const NasArch     *arch,
             guint              epochs,
             guint64            steps,
             guint              train_subset,
             guint64            seed,
             const NasRecipe   *recipe,
             gboolean           keep_net,
             RetrainProgress   *progress,
             GCancellable      *cancellable,
             NasEvalResult     *result,
             guint8            *predictions,
             GError           **error)
{
  NasEvalRequest request = {
    .arch = arch,
    .epochs = epochs,
    .steps = steps,
    .batch_size = RETRAIN_BATCH,
    .train_subset = train_subset,
    .seed = seed,
    .recipe = *recipe,
    .test = TRUE,
    .curve_points = 100,
    .keep_net = keep_net || predictions != NULL,
  };

  if (!nas_evaluator_run (dataset, &request, retrain_progress_cb, NULL, progress, cancellable, result, error))
    return FALSE;
  if (predictions != NULL && !nas_predict (result->net, &dataset->test, cancellable, predictions, error))
    {
      nas_eval_result_clear (result);
      return FALSE;
    }
  if (!keep_net)
    g_clear_pointer (&result->net, nas_net_free);
  return TRUE;
}

/**
 * nas_retrain_measure:
 * @train_subset: > 0: train on the first @train_subset images only (a
 *   budget for tests)
 * @name: what @progress is called with
 * @result: (out caller-allocates): the figures, to clear with
 *   nas_eval_result_clear()
 * @out_predictions: (out) (optional): the class predicted for each test
 *   image, one byte per image
 *
 * One final evaluation of @arch, as nas_search_retrain() makes them (batch
 * 100, validation and test accuracy), with the seed and recipe given, that
 * stores nothing. Blocks for as long as the training.
 */
gboolean
nas_retrain_measure (const NasDataset        *dataset,
                     const NasArch           *arch,
                     guint                    epochs,
                     guint64                  steps,
                     guint                    train_subset,
                     guint64                  seed,
                     const NasRecipe         *recipe,
                     const char              *name,
                     NasRetrainProgressFunc   progress,
                     gpointer                 user_data,
                     GCancellable            *cancellable,
                     NasEvalResult           *result,
                     GBytes                 **out_predictions,
                     GError                 **error)
{
  RetrainProgress state = { name, progress, user_data };
  g_autofree guint8 *predictions = NULL;

  g_return_val_if_fail (dataset != NULL && arch != NULL && recipe != NULL, FALSE);

  if (out_predictions != NULL)
    predictions = g_malloc (MAX (dataset->test.n, 1));
  if (!final_train (dataset, arch, epochs, steps, train_subset, seed, recipe, FALSE, &state, cancellable,
                    result, predictions, error))
    return FALSE;
  if (out_predictions != NULL)
    *out_predictions = g_bytes_new_take (g_steal_pointer (&predictions), dataset->test.n);
  return TRUE;
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
              const NasRecipe   *recipe,
              RetrainProgress   *progress,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(NasFinalEvaluation) evaluation = nas_final_evaluation_new ();
  NasEvalResult result;

  progress->name = name;
  if (!final_train (dataset, arch, epochs, steps, 0, seed, recipe, FALSE, progress, cancellable, &result, NULL, error))
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

  /* A searched architecture's figures become its episode's test figures,
   * in the same transaction, so that every list of episodes shows them. */
  if (kind == NAS_EVALUATION_ARCHITECTURE && run_id > 0 && episode >= 0)
    {
      g_autoptr(JsonNode) recipe_node = nas_recipe_to_json (recipe);
      g_autofree char *recipe_json = nas_json_to_string (recipe_node, FALSE);

      if (!nas_store_add_episode_evaluation (store, evaluation, seed, recipe_json, &evaluation->id, error))
        return NULL;
    }
  else if (!nas_store_add_final_evaluation (store, evaluation, &evaluation->id, error))
    return NULL;

  return g_steal_pointer (&evaluation);
}

/**
 * nas_retrain_best_episode:
 *
 * The episode of run @run_id with the best validation accuracy (the first
 * one on ties), whole; INVALID when the run has no evaluated architecture.
 *
 * Returns: (transfer full): the episode, or %NULL and @error
 */
NasEpisodeRecord *
nas_retrain_best_episode (NasStore  *store,
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

/* What a final evaluation trains: an episode's architecture, its run's
 * configuration (for the seed) and dataset. */
typedef struct
{
  NasSearchConfig  *config;
  NasEpisodeRecord *record;
  NasArch          *arch;
  NasDataset       *dataset;
} Subject;

static void
subject_clear (Subject *subject)
{
  g_clear_pointer (&subject->config, nas_search_config_free);
  g_clear_pointer (&subject->record, nas_episode_record_free);
  g_clear_pointer (&subject->arch, nas_arch_free);
  g_clear_pointer (&subject->dataset, nas_dataset_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Subject, subject_clear)

/* Reads episode @episode of run @run_id (-1: the run's best), refuses an
 * invalid architecture, and loads the run's dataset (seconds for MNIST). */
static gboolean
subject_load (Subject   *subject,
              NasStore  *store,
              gint64     run_id,
              gint       episode,
              GError   **error)
{
  g_autoptr(NasRun) run = NULL;

  run = nas_store_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  subject->config = nas_search_config_from_string (run->config_json, error);
  if (subject->config == NULL)
    return FALSE;

  subject->record = episode < 0 ? nas_retrain_best_episode (store, run_id, error)
                                : nas_store_get_episode (store, run_id, (guint) episode, error);
  if (subject->record == NULL)
    return FALSE;
  if (subject->record->flags & NAS_EPISODE_INVALID)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "Episode %u of run %" G_GINT64_FORMAT " is not a valid architecture",
                   subject->record->episode + 1, run_id);
      return FALSE;
    }

  subject->arch = nas_arch_from_json_string (subject->record->architecture_json, error);
  if (subject->arch == NULL)
    return FALSE;

  subject->dataset = nas_dataset_load (subject->config->dataset, error);
  return subject->dataset != NULL;
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
 * already done. Every network follows the run's stored training recipe.
 * Blocks: call it on a worker thread.
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
  return nas_search_retrain_with_recipe (database_path, run_id, episode, epochs, steps, baselines, NULL,
                                         progress, user_data, cancellable, out_evaluations, error);
}

/**
 * nas_search_retrain_with_recipe:
 * @recipe: (nullable): the recipe every network trains with; %NULL for the
 *   run's stored one
 *
 * nas_search_retrain() with another training recipe, the same for the
 * architecture and the baselines so that the comparison stays fair.
 * Fails with %NAS_SEARCH_CONFIG_ERROR_INVALID for a recipe out of range.
 */
gboolean
nas_search_retrain_with_recipe (const char              *database_path,
                                gint64                   run_id,
                                gint                     episode,
                                guint                    epochs,
                                guint64                  steps,
                                gboolean                 baselines,
                                const NasRecipe         *recipe,
                                NasRetrainProgressFunc   progress,
                                gpointer                 user_data,
                                GCancellable            *cancellable,
                                GPtrArray              **out_evaluations,
                                GError                 **error)
{
  static const char * const baseline_names[] = { "tf-tutorial", "keras-mnist" };
  g_autoptr(NasStore) store = NULL;
  g_auto(Subject) subject = { NULL };
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

  if (recipe != NULL && !nas_recipe_validate (recipe, error))
    return FALSE;

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, error);
  if (store == NULL || !subject_load (&subject, store, run_id, episode, error))
    return FALSE;
  if (recipe == NULL)
    recipe = &subject.config->recipe;

  name = nas_retrain_name (run_id, subject.record->episode);
  evaluation = evaluate_one (store, subject.dataset, subject.arch, name, NAS_EVALUATION_ARCHITECTURE, run_id,
                             (gint) subject.record->episode, epochs, steps, final_seed (subject.config->seed, 0),
                             recipe, &state, cancellable, error);
  if (evaluation == NULL)
    return FALSE;
  g_ptr_array_add (evaluations, evaluation);

  for (guint i = 0; baselines && i < G_N_ELEMENTS (baseline_names); i++)
    {
      g_autoptr(NasArch) baseline = nas_arch_builtin (baseline_names[i], error);

      if (baseline == NULL)
        return FALSE;
      evaluation = evaluate_one (store, subject.dataset, baseline, baseline_names[i], NAS_EVALUATION_BASELINE,
                                 run_id, -1, epochs, steps, final_seed (subject.config->seed, 1 + i),
                                 recipe, &state, cancellable, error);
      if (evaluation == NULL)
        return FALSE;
      g_ptr_array_add (evaluations, evaluation);
    }

  if (out_evaluations != NULL)
    *out_evaluations = g_steal_pointer (&evaluations);
  return TRUE;
}

/**
 * nas_retrain_train_and_save:
 * @episode: the episode whose architecture to train, or -1 for the run's
 *   best (by validation accuracy)
 * @epochs: epochs over the whole training split (when @steps is 0)
 * @steps: > 0: train for this many mini-batches instead
 * @out_path: where to write the weights (nas_net_save() format)
 * @progress: (nullable): called on this thread after each curve point;
 *   FALSE cancels
 * @out_test_accuracy: (out) (optional): the trained network's test accuracy
 *
 * Trains the architecture exactly as nas_search_retrain() does (the run's
 * dataset and recipe, batch 100, the same seed, so the same weights) and saves the
 * weights, which the store does not keep. Reads the history read-only and
 * writes nothing to it. Blocks for as long as the training: call it on a
 * worker thread.
 */
gboolean
nas_retrain_train_and_save (const char              *database_path,
                            gint64                   run_id,
                            gint                     episode,
                            guint                    epochs,
                            guint64                  steps,
                            const char              *out_path,
                            NasRetrainProgressFunc   progress,
                            gpointer                 user_data,
                            GCancellable            *cancellable,
                            double                  *out_test_accuracy,
                            GError                 **error)
{
  g_autoptr(NasStore) store = NULL;
  g_auto(Subject) subject = { NULL };
  g_autofree char *name = NULL;
  RetrainProgress state = { NULL, progress, user_data };
  NasEvalResult result;
  gboolean saved;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (epochs > 0 || steps > 0, FALSE);

  store = nas_store_open (database_path, NAS_STORE_OPEN_READ_ONLY, error);
  if (store == NULL || !subject_load (&subject, store, run_id, episode, error))
    return FALSE;

  name = nas_retrain_name (run_id, subject.record->episode);
  state.name = name;
  if (!final_train (subject.dataset, subject.arch, epochs, steps, 0, final_seed (subject.config->seed, 0),
                    &subject.config->recipe, TRUE, &state, cancellable, &result, NULL, error))
    return FALSE;

  saved = nas_net_save (result.net, out_path, error);
  if (saved && out_test_accuracy != NULL)
    *out_test_accuracy = result.test_accuracy;
  nas_eval_result_clear (&result);

  return saved;
}

/**
 * nas_retrain_name:
 * @episode: the store's 0-based episode index
 *
 * The name a retrain of an episode is stored and shown under: "Run 2,
 * episode 29", with the episode numbered from 1 as the window, the CLI and
 * the exports number it.
 *
 * Returns: (transfer full): the name
 */
char *
nas_retrain_name (gint64 run_id,
                  guint  episode)
{
  return g_strdup_printf ("Run %" G_GINT64_FORMAT ", episode %u", run_id, episode + 1);
}
