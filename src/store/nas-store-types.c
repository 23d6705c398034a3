/* nas-store-types.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The plain structs of the history: allocation, copies and the names of run
 * statuses. Nothing here touches SQLite. */

#define G_LOG_DOMAIN "nascent-store"

#include "config.h"

#include <math.h>

#include "nas-store-types.h"

static const char * const status_names[] = {
  [NAS_RUN_RUNNING] = "running",
  [NAS_RUN_PAUSED] = "paused",
  [NAS_RUN_STOPPED] = "stopped",
  [NAS_RUN_FINISHED] = "finished",
  [NAS_RUN_FAILED] = "failed",
  [NAS_RUN_INTERRUPTED] = "interrupted",
};

const char *
nas_run_status_to_string (NasRunStatus status)
{
  g_return_val_if_fail (status <= NAS_RUN_INTERRUPTED, NULL);

  return status_names[status];
}

gboolean
nas_run_status_from_string (const char   *text,
                            NasRunStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *out_status = (NasRunStatus) i;
        return TRUE;
      }

  return FALSE;
}

/* A new episode with every optional measure unset (NAN). */
NasEpisodeRecord *
nas_episode_record_new (void)
{
  NasEpisodeRecord *e = g_new0 (NasEpisodeRecord, 1);

  e->reward = e->baseline = e->advantage = e->loss = e->entropy = NAN;
  e->validation_accuracy = e->validation_loss = e->test_accuracy = NAN;
  e->train_seconds = 0;

  return e;
}

NasEpisodeRecord *
nas_episode_record_copy (const NasEpisodeRecord *episode)
{
  NasEpisodeRecord *copy;

  g_return_val_if_fail (episode != NULL, NULL);

  copy = g_memdup2 (episode, sizeof *episode);
  copy->architecture = g_strdup (episode->architecture);
  copy->architecture_json = g_strdup (episode->architecture_json);
  copy->canonical_key = g_strdup (episode->canonical_key);
  copy->actions_json = g_strdup (episode->actions_json);
  copy->action_probs_json = g_strdup (episode->action_probs_json);
  copy->softmax_json = g_strdup (episode->softmax_json);
  copy->test_recipe_json = g_strdup (episode->test_recipe_json);
  if (episode->rungs != NULL)
    copy->rungs = g_ptr_array_copy (episode->rungs, (GCopyFunc) (void (*) (void)) nas_rung_evaluation_copy, NULL);

  return copy;
}

void
nas_episode_record_free (NasEpisodeRecord *episode)
{
  if (episode == NULL)
    return;

  g_free (episode->architecture);
  g_free (episode->architecture_json);
  g_free (episode->canonical_key);
  g_free (episode->actions_json);
  g_free (episode->action_probs_json);
  g_free (episode->softmax_json);
  g_free (episode->test_recipe_json);
  g_clear_pointer (&episode->rungs, g_ptr_array_unref);
  g_free (episode);
}

void
nas_run_free (NasRun *run)
{
  if (run == NULL)
    return;

  g_free (run->name);
  g_free (run->strategy);
  g_free (run->dataset);
  g_free (run->config_json);
  g_free (run->owner_host);
  g_free (run);
}

void
nas_checkpoint_free (NasCheckpoint *checkpoint)
{
  if (checkpoint == NULL)
    return;

  g_clear_pointer (&checkpoint->state, g_bytes_unref);
  g_free (checkpoint);
}

/* A new evaluation without run or episode and with unset accuracies. */
NasFinalEvaluation *
nas_final_evaluation_new (void)
{
  NasFinalEvaluation *v = g_new0 (NasFinalEvaluation, 1);

  v->episode = -1;
  v->test_accuracy = v->validation_accuracy = NAN;

  return v;
}

void
nas_final_evaluation_free (NasFinalEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;

  g_free (evaluation->name);
  g_free (evaluation->architecture);
  g_free (evaluation);
}

NasPendingChild *
nas_pending_child_new (void)
{
  NasPendingChild *child = g_new0 (NasPendingChild, 1);

  child->validation_accuracy = child->validation_loss = child->train_seconds = NAN;
  return child;
}

void
nas_pending_child_free (NasPendingChild *child)
{
  if (child == NULL)
    return;

  g_clear_pointer (&child->sample, g_bytes_unref);
  g_clear_pointer (&child->curve, g_array_unref);
  g_free (child);
}

NasPendingBatch *
nas_pending_batch_new (void)
{
  NasPendingBatch *batch = g_new0 (NasPendingBatch, 1);

  batch->children = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_pending_child_free);
  return batch;
}

void
nas_pending_batch_free (NasPendingBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->controller, g_bytes_unref);
  g_ptr_array_unref (batch->children);
  g_free (batch);
}

NasRungEvaluation *
nas_rung_evaluation_new (void)
{
  NasRungEvaluation *rung = g_new0 (NasRungEvaluation, 1);

  rung->validation_accuracy = NAN;
  rung->validation_loss = NAN;
  return rung;
}

NasRungEvaluation *
nas_rung_evaluation_copy (const NasRungEvaluation *rung)
{
  NasRungEvaluation *copy = g_memdup2 (rung, sizeof *rung);

  if (rung->curve != NULL)
    copy->curve = g_array_copy (rung->curve);
  return copy;
}

void
nas_rung_evaluation_free (NasRungEvaluation *rung)
{
  if (rung == NULL)
    return;
  g_clear_pointer (&rung->curve, g_array_unref);
  g_free (rung);
}
