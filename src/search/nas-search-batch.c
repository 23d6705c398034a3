/* nas-search-batch.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One batch of a search: the controller samples the episodes left before
 * its next update (m = episodes per update, fewer at the end of a run or
 * after resuming a run stopped inside an m-batch under an older store), the
 * batch is committed to the history before any child trains, the children
 * to train go to the evaluator pool, and their results are reported to the
 * controller in episode order whatever order they arrive in. Each episode
 * is then committed with its curve and the controller checkpoint taken
 * right after its report.
 *
 * Why a batch gives the same run as one episode at a time: reporting draws
 * no random number and only the m-th report of an m-batch changes the
 * controller's weights, so the m samples drawn up front are the ones that
 * interleaved sampling would draw; children train with seeds derived from
 * (run seed, episode), so their results do not depend on when or where
 * they train; and a repeat of an architecture earlier in the same batch
 * reuses that child's result once it arrives, as the duplicate cache would
 * have had it from the history.
 *
 * Workload: one batch every m episodes, each child seconds to minutes of
 * training; the bookkeeping here is milliseconds. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-episode-policy.h"
#include "nas-rng.h"
#include "nas-search-halving.h"
#include "nas-search-job-private.h"

/* Reward of an architecture that cannot be trained. Sampling
 * masks those out, so this is a safety net, not a path a search takes. */
#define INVALID_REWARD 0.0

void
nas_search_child_free (Child *child)
{
  g_clear_pointer (&child->sample, nas_sample_free);
  g_clear_pointer (&child->arch, nas_arch_free);
  g_clear_pointer (&child->record, nas_episode_record_free);
  g_clear_pointer (&child->policy, nas_episode_policy_free);
  g_clear_pointer (&child->pending, nas_pending_child_free);
  for (guint r = 0; r < G_N_ELEMENTS (child->rungs); r++)
    g_clear_pointer (&child->rungs[r], nas_rung_evaluation_free);
  g_free (child);
}

void
nas_search_batch_free (SearchBatch *batch)
{
  g_ptr_array_unref (batch->children);
  g_free (batch);
}

void
nas_search_clear_batch (Search *s)
{
  g_clear_pointer (&s->batch, nas_search_batch_free);
  g_clear_pointer (&s->stored_batch, nas_pending_batch_free);
}

/* Masks choices that would pool a map below 1×1 (nas-search-space.c). */
static guint
allowed_cb (guint       t,
            const gint *actions,
            gboolean   *allowed,
            gpointer    user_data)
{
  const NasSearchSpace *space = user_data;

  return nas_search_space_allowed (space, actions, t, allowed);
}

static double
reward_of (const NasSearchConfig *config,
           double                 accuracy)
{
  if (config->reward == NAS_REWARD_ACCURACY3)
    return accuracy * accuracy * accuracy;
  return accuracy;
}

/* The child of @sample: its architecture and the record as far as it is
 * known before training. Takes @sample and @pending. */
static Child *
child_new (Search          *s,
           NasSample       *sample,
           NasPendingChild *pending)
{
  Child *child = g_new0 (Child, 1);
  NasEpisodeRecord *record = nas_episode_record_new ();
  g_autoptr(GError) arch_error = NULL;

  child->sample = sample;
  child->pending = pending;
  child->record = record;

  record->run_id = s->job->run_id;
  record->episode = pending->episode;
  record->test_accuracy = NAN;
  record->validation_loss = NAN;
  record->entropy = sample->mean_entropy;
  if (sample->explored)
    record->flags |= NAS_EPISODE_EXPLORED;
  child->policy = nas_episode_policy_new_from_sample (sample, &s->space->spec);
  nas_episode_policy_to_json (child->policy, &record->actions_json, &record->action_probs_json,
                              &record->softmax_json);

  child->arch = nas_search_space_to_arch (s->space, sample->actions, &arch_error);
  if (child->arch != NULL)
    {
      const NasSearchSpace *space = s->space;

      record->architecture = nas_arch_to_string (child->arch);
      record->architecture_json = nas_arch_to_json_string (child->arch);
      record->canonical_key = g_strdup (record->architecture);
      record->layers = nas_search_space_depth (space, sample->actions);
      record->params = nas_arch_params (child->arch, space->in_c, space->in_h, space->in_w);
      record->flops = (guint64) nas_arch_flops (child->arch, space->in_c, space->in_h, space->in_w);
    }
  else
    {
      g_autofree char *actions = NULL;
      GString *text = g_string_new ("invalid:");

      for (guint t = 0; t < sample->n_decisions; t++)
        g_string_append_printf (text, " %d", sample->actions[t]);
      actions = g_string_free (text, FALSE);
      record->architecture = g_strdup_printf ("%s (%s)", actions, arch_error->message);
      record->architecture_json = g_strdup ("null");
      record->canonical_key = g_strdup (actions);
      record->layers = nas_search_space_depth (s->space, sample->actions);
      record->flags |= NAS_EPISODE_INVALID;
    }

  return child;
}

static Child *
child_at (Search  *s,
          guint64  tag)
{
  SearchBatch *b = s->batch;
  guint episode = (guint) (tag & G_MAXUINT32);   /* the rung is above */

  g_assert (episode >= b->first && episode - b->first < b->children->len);
  return g_ptr_array_index (b->children, episode - b->first);
}

void
nas_search_announce (Search *s,
                     Child  *child,
                     guint   rung)
{
  NasSearchJob *job = s->job;
  NasSearchEvent *event;

  if (child->announced)
    return;
  child->announced = TRUE;
  event = nas_search_event_new (job, NAS_SEARCH_EVENT_EPISODE_STARTED, child->record->episode,
                                s->config->episodes);
  event->arch = child->arch != NULL ? nas_arch_copy (child->arch) : NULL;
  event->architecture = g_strdup (child->record->architecture);
  event->params = child->record->params;
  event->flops = child->record->flops;
  event->rung = rung;
  nas_search_emit (job, event);
}

static void
pool_started_cb (guint64  tag,
                 gpointer user_data)
{
  Search *s = user_data;

  nas_search_announce (s, child_at (s, tag), (guint) (tag >> 32));
}

static gboolean
pool_progress_cb (guint64              tag,
                  const NasCurvePoint *point,
                  guint64              total_steps,
                  gpointer             user_data)
{
  Search *s = user_data;
  NasSearchEvent *event = nas_search_event_new (s->job, NAS_SEARCH_EVENT_CHILD_PROGRESS,
                                                (guint) (tag & G_MAXUINT32), s->config->episodes);

  event->rung = (guint) (tag >> 32);
  event->point = *point;
  event->total_steps = total_steps;
  nas_search_emit (s->job, event);
  return TRUE;
}

/* Before every mini-batch: a pause takes effect at the next one. */
static gboolean
pool_step_cb (gpointer user_data)
{
  Search *s = user_data;
  gboolean paused;

  g_mutex_lock (&s->job->mutex);
  paused = s->job->paused;
  g_mutex_unlock (&s->job->mutex);

  return !paused || nas_search_wait_if_paused (s);
}

/* Creates the run's evaluator pool, once its dataset is loaded. */
void
nas_search_attach_pool (Search *s)
{
  NasEvalPoolCallbacks callbacks = {
    .started = pool_started_cb,
    .progress = pool_progress_cb,
    .before_step = pool_step_cb,
    .user_data = s,
  };

  s->pool = s->job->pool_func != NULL ? s->job->pool_func (s->dataset, s->job->pool_data)
                                      : nas_eval_pool_new_local (s->dataset);
  nas_eval_pool_set_callbacks (s->pool, &callbacks);
}

/* Samples the next batch and commits it before anything trains; under
 * successive halving the children's budget is the smallest rung's. */
gboolean
nas_search_sample_batch (Search  *s,
              GError **error)
{
  const NasSearchConfig *config = s->config;
  g_autoptr(NasPendingBatch) stored = nas_pending_batch_new ();
  g_autoptr(GPtrArray) samples = NULL;
  guint n;

  n = MIN (nas_controller_get_until_update (s->controller), config->episodes - s->episode);
  samples = nas_controller_sample_batch (s->controller, n, allowed_cb, s->space);

  stored->run_id = s->job->run_id;
  stored->first_episode = s->episode;
  stored->controller = nas_controller_save (s->controller);
  for (guint i = 0; i < n; i++)
    {
      NasPendingChild *child = nas_pending_child_new ();

      child->episode = s->episode + i;
      child->sample = nas_controller_save_sample (s->controller, g_ptr_array_index (samples, i));
      child->seed = nas_rng_derive (config->seed, child->episode);
      nas_search_rung_budget (s, 0, &child->epochs, &child->steps, &child->train_subset);
      g_ptr_array_add (stored->children, child);
    }
  if (!nas_store_begin_batch (s->store, stored, error))
    return FALSE;

  s->batch = g_new0 (SearchBatch, 1);
  s->batch->first = s->episode;
  s->batch->children = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_search_child_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (s->batch->children,
                     child_new (s, g_steal_pointer (&samples->pdata[i]),
                                g_steal_pointer (&stored->children->pdata[i])));
  return TRUE;
}

/* Takes up a resumed run's pending batch: the same samples, and the
 * results of the children that finished before the run stopped. */
gboolean
nas_search_resume_batch (Search  *s,
              GError **error)
{
  g_autoptr(NasPendingBatch) stored = g_steal_pointer (&s->stored_batch);

  s->batch = g_new0 (SearchBatch, 1);
  s->batch->first = stored->first_episode;
  s->batch->next = s->episode - stored->first_episode;
  s->batch->children = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_search_child_free);
  for (guint i = 0; i < stored->children->len; i++)
    {
      NasPendingChild *pending = g_ptr_array_index (stored->children, i);
      g_autoptr(GError) local_error = NULL;
      NasSample *sample = nas_controller_load_sample (s->controller, pending->sample, &local_error);

      if (sample == NULL)
        {
          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                       "Run %" G_GINT64_FORMAT " cannot be resumed: episode %u: %s",
                       s->job->run_id, pending->episode, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (s->batch->children,
                       child_new (s, sample, g_steal_pointer (&stored->children->pdata[i])));
    }
  return TRUE;
}

/* Decides how each child still to report gets its result, and submits
 * those to train. The history holds every episode before the next one to
 * report, which is what the duplicate cache of a search without batches
 * would see, together with the repeats inside the batch. */
static gboolean
submit_batch (Search  *s,
              GError **error)
{
  const NasSearchConfig *config = s->config;
  SearchBatch *b = s->batch;

  for (guint i = b->next; i < b->children->len; i++)
    {
      Child *child = g_ptr_array_index (b->children, i);
      g_autoptr(NasEpisodeRecord) cached = NULL;

      child->kind = CHILD_TRAIN;
      if (child->arch == NULL)
        {
          child->kind = CHILD_INVALID;
          continue;
        }
      if (config->cache)
        {
          if (!nas_store_lookup_cached (s->store, s->job->run_id, child->record->canonical_key,
                                        &cached, error))
            return FALSE;
          if (cached != NULL)
            {
              child->kind = CHILD_CACHED;
              child->cached_accuracy = cached->validation_accuracy;
              child->cached_loss = cached->validation_loss;
              continue;
            }
          for (guint j = b->next; j < i; j++)
            {
              Child *earlier = g_ptr_array_index (b->children, j);

              if (earlier->kind == CHILD_TRAIN &&
                  g_strcmp0 (earlier->record->canonical_key, child->record->canonical_key) == 0)
                {
                  child->kind = CHILD_REPEAT;
                  child->source = j;
                  break;
                }
            }
        }

      if (child->kind == CHILD_TRAIN && !child->pending->finished)
        {
          NasEvalRequest request = {
            .arch = child->arch,
            .epochs = child->pending->epochs,
            .steps = child->pending->steps,
            .batch_size = config->batch_size,
            .train_subset = child->pending->train_subset,
            .seed = child->pending->seed,
            .recipe = config->recipe,
            .curve_points = 50,
          };

          if (!nas_eval_pool_submit (s->pool, &request, child->pending->episode, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Waits for one result from the pool and keeps it; one that cannot be
 * reported at once (an earlier child is still training) is committed, so
 * that a resumed run does not train that child again. */
static gboolean
take_result (Search  *s,
             GError **error)
{
  NasEvalResult result;
  guint64 tag = 0;
  Child *child;

  if (!nas_eval_pool_next (s->pool, s->job->cancellable, &tag, &result, error))
    return FALSE;

  child = child_at (s, (guint) tag);
  g_assert (child->kind == CHILD_TRAIN && !child->pending->finished);
  child->pending->finished = TRUE;
  child->pending->validation_accuracy = result.validation_accuracy;
  child->pending->validation_loss = result.validation_loss;
  child->pending->train_seconds = result.train_seconds + result.eval_seconds;
  child->pending->curve = g_steal_pointer (&result.curve);
  nas_eval_result_clear (&result);

  if (tag != s->episode)
    return nas_store_finish_child (s->store, s->job->run_id, child->pending, error);
  return TRUE;
}

static gboolean
child_ready (Search *s,
             Child  *child)
{
  return child->kind != CHILD_TRAIN || child->pending->finished;
}

/* Reports the next child of the batch to the controller and commits its
 * episode with the checkpoint taken right after. */
static gboolean
report_child (Search  *s,
              Child   *child,
              GError **error)
{
  NasEpisodeRecord *record = child->record;
  GArray *curve = NULL;
  double accuracy = INVALID_REWARD;

  nas_search_announce (s, child, 0);
  switch (child->kind)
    {
    case CHILD_INVALID:
      record->validation_accuracy = NAN;
      break;
    case CHILD_CACHED:
      accuracy = record->validation_accuracy = child->cached_accuracy;
      record->validation_loss = child->cached_loss;
      record->flags |= NAS_EPISODE_CACHED;
      break;
    case CHILD_REPEAT:
      {
        const NasPendingChild *source = ((Child *) g_ptr_array_index (s->batch->children, child->source))->pending;

        accuracy = record->validation_accuracy = source->validation_accuracy;
        record->validation_loss = source->validation_loss;
        record->flags |= NAS_EPISODE_CACHED;
      }
      break;
    case CHILD_TRAIN:
      accuracy = record->validation_accuracy = child->pending->validation_accuracy;
      record->validation_loss = child->pending->validation_loss;
      record->train_seconds = child->pending->train_seconds;
      curve = child->pending->curve;
      break;
    default:
      g_assert_not_reached ();
    }

  record->reward = reward_of (s->config, accuracy);
  return nas_search_commit_report (s, child, curve, 0, error);
}

/* Reports @child, whose record has its figures and reward, to the
 * controller and commits its episode with @curve and the checkpoint taken
 * right after; @rung is the highest it reached (0 without halving). */
gboolean
nas_search_commit_report (Search       *s,
                          Child        *child,
                          const GArray *curve,
                          guint         rung,
                          GError      **error)
{
  NasSearchJob *job = s->job;
  NasEpisodeRecord *record = child->record;
  g_autoptr(GBytes) checkpoint = NULL;
  NasSearchEvent *event;
  NasReport report;

  if (!nas_controller_report (s->controller, child->sample, record->reward, &report, error))
    return FALSE;
  record->baseline = report.baseline;
  record->advantage = report.advantage;
  record->loss = report.loss;

  checkpoint = nas_controller_save (s->controller);
  if (!nas_store_commit_episode (s->store, record,
                                 curve ? (const NasCurvePoint *) curve->data : NULL,
                                 curve ? curve->len : 0,
                                 checkpoint, error))
    return FALSE;

  event = nas_search_event_new (job, NAS_SEARCH_EVENT_EPISODE_FINISHED, record->episode, s->config->episodes);
  event->record = nas_episode_record_copy (record);
  event->policy = g_steal_pointer (&child->policy);
  event->rung = rung;
  nas_search_emit (job, event);
  return TRUE;
}

/**
 * nas_search_run_batch:
 *
 * Runs one batch from s->episode: a resumed run's pending batch, or a new
 * one sampled and committed here. Reports its children in episode order,
 * advancing s->episode past each one committed. Fails with
 * G_IO_ERROR_CANCELLED when stopped (the run's stop-after count included):
 * the batch and the results that arrived stay in the history for a resume.
 */
gboolean
nas_search_run_batch (Search  *s,
                      GError **error)
{
  NasSearchJob *job = s->job;
  SearchBatch *b;

  if (s->config->halving_rungs > 1)
    return nas_search_run_bracket (s, error);
  if (s->stored_batch != NULL ? !nas_search_resume_batch (s, error) : !nas_search_sample_batch (s, error))
    return FALSE;
  if (!submit_batch (s, error))
    return FALSE;

  b = s->batch;
  for (; b->next < b->children->len; b->next++, s->episode++)
    {
      Child *child = g_ptr_array_index (b->children, b->next);

      g_assert (b->first + b->next == s->episode);
      if (job->stop_after > 0 && s->episode >= job->stop_after)
        nas_search_job_stop (job);
      if (!nas_search_wait_if_paused (s))
        {
          g_cancellable_set_error_if_cancelled (job->cancellable, error);
          return FALSE;
        }

      while (!child_ready (s, child))
        if (!take_result (s, error))
          return FALSE;

      if (!report_child (s, child, error))
        return FALSE;
    }

  /* Every episode of the batch is stored: the next batch replaces it, and
   * a resume ignores it, so failing to forget it now is harmless. */
  nas_store_end_batch (s->store, job->run_id, NULL);
  g_clear_pointer (&s->batch, nas_search_batch_free);
  return TRUE;
}
