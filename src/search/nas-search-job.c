/* nas-search-job.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search loop. Workload: tens to thousands of episodes, each seconds to
 * minutes of child training; everything else here (sampling, the controller
 * update, one SQLite transaction) takes milliseconds.
 *
 * Crash safety and exact resume rest on two rules. First, each finished
 * episode, its curve and the controller checkpoint taken right after its
 * report are committed in one transaction, so the store always holds a
 * consistent prefix of the run. Second, nothing random depends on timing: the
 * controller draws from its own RNG (saved in the checkpoint) and child k
 * trains with a seed derived from (run seed, k). A resumed run therefore
 * repeats the episode that was in flight and then continues exactly as the
 * uninterrupted run would have. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-search-job-private.h"
#include "nas-run-name.h"

G_DEFINE_QUARK (nas-search-error-quark, nas_search_error)

/* Events ----------------------------------------------------------------- */

static void
event_clear (NasSearchEvent *event)
{
  g_clear_pointer (&event->config, nas_search_config_free);
  g_clear_pointer (&event->labels, nas_decision_labels_unref);
  g_clear_pointer (&event->arch, nas_arch_free);
  g_clear_pointer (&event->architecture, g_free);
  g_clear_pointer (&event->record, nas_episode_record_free);
  g_clear_pointer (&event->policy, nas_episode_policy_free);
  g_clear_error (&event->error);
}

NasSearchEvent *
nas_search_event_ref (NasSearchEvent *event)
{
  return g_rc_box_acquire (event);
}

void
nas_search_event_unref (NasSearchEvent *event)
{
  g_rc_box_release_full (event, (GDestroyNotify) event_clear);
}

G_DEFINE_BOXED_TYPE (NasSearchEvent, nas_search_event, nas_search_event_ref, nas_search_event_unref)

NasSearchEvent *
nas_search_event_new (NasSearchJob       *job,
           NasSearchEventKind  kind,
           guint               episode,
           guint               planned)
{
  NasSearchEvent *event = g_rc_box_new0 (NasSearchEvent);

  event->kind = kind;
  event->run_id = job->run_id;
  event->episode = episode;
  event->episodes_planned = planned;
  return event;
}

void
nas_search_emit (NasSearchJob   *job,
      NasSearchEvent *event)
{
  if (job->event_func != NULL)
    job->event_func (event, job->event_data);
  else
    nas_search_event_unref (event);
}

/* Jobs ------------------------------------------------------------------- */

static NasSearchJob *
job_new (const char *database_path)
{
  NasSearchJob *job = g_new0 (NasSearchJob, 1);

  job->database_path = g_strdup (database_path);
  job->cancellable = g_cancellable_new ();
  job->status = NAS_RUN_RUNNING;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  return job;
}

/**
 * nas_search_job_new:
 * @database_path: the history file
 * @config: the search; it is validated when the job runs
 * @name: (nullable): the run's name, or %NULL for a default one
 */
NasSearchJob *
nas_search_job_new (const char            *database_path,
                    const NasSearchConfig *config,
                    const char            *name)
{
  NasSearchJob *job;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  job = job_new (database_path);
  job->config = nas_search_config_copy (config);
  job->name = g_strdup (name);
  return job;
}

/* A job that continues run @run_id from its last checkpoint. */
NasSearchJob *
nas_search_job_new_resume (const char *database_path,
                           gint64      run_id)
{
  NasSearchJob *job;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (run_id > 0, NULL);

  job = job_new (database_path);
  job->run_id = run_id;
  return job;
}

void
nas_search_job_free (NasSearchJob *job)
{
  if (job == NULL)
    return;
  g_free (job->database_path);
  g_clear_pointer (&job->config, nas_search_config_free);
  g_free (job->name);
  g_clear_object (&job->cancellable);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

void
nas_search_job_set_event_func (NasSearchJob       *job,
                               NasSearchEventFunc  func,
                               gpointer            user_data)
{
  g_return_if_fail (job != NULL);
  job->event_func = func;
  job->event_data = user_data;
}

/* Stops the run, as nas_search_job_stop() would, once @episodes episodes
 * (counted from the start of the run) are stored; 0 never stops. */
void
nas_search_job_set_stop_after (NasSearchJob *job,
                               guint         episodes)
{
  g_return_if_fail (job != NULL);
  job->stop_after = episodes;
}

/**
 * nas_search_job_set_pool_func:
 * @func: (nullable): creates the run's evaluator pool once its dataset is
 *   loaded; %NULL for the local pool
 *
 * Where the children train. The run is the same, bit for bit, whatever
 * pool evaluates it and in whatever order its results arrive.
 */
void
nas_search_job_set_pool_func (NasSearchJob       *job,
                              NasEvalPoolNewFunc  func,
                              gpointer            user_data)
{
  g_return_if_fail (job != NULL);
  job->pool_func = func;
  job->pool_data = user_data;
}

gint64
nas_search_job_get_run_id (NasSearchJob *job)
{
  g_return_val_if_fail (job != NULL, 0);
  return job->run_id;
}

NasRunStatus
nas_search_job_get_status (NasSearchJob *job)
{
  NasRunStatus status;

  g_return_val_if_fail (job != NULL, NAS_RUN_FAILED);

  g_mutex_lock (&job->mutex);
  status = job->status;
  g_mutex_unlock (&job->mutex);
  return status;
}

/* Thread-safe: the search waits at its next mini-batch. */
void
nas_search_job_pause (NasSearchJob *job)
{
  g_return_if_fail (job != NULL);

  g_mutex_lock (&job->mutex);
  job->paused = TRUE;
  g_mutex_unlock (&job->mutex);
}

void
nas_search_job_unpause (NasSearchJob *job)
{
  g_return_if_fail (job != NULL);

  g_mutex_lock (&job->mutex);
  job->paused = FALSE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* Thread-safe: the episode in flight is dropped, the run is left stopped
 * and resumable. */
void
nas_search_job_stop (NasSearchJob *job)
{
  g_return_if_fail (job != NULL);

  g_mutex_lock (&job->mutex);
  g_cancellable_cancel (job->cancellable);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* Blocks while the job is paused; returns FALSE if it was stopped. Called
 * between mini-batches and between episodes. */
gboolean
nas_search_wait_if_paused (Search *s)
{
  NasSearchJob *job = s->job;
  gboolean was_paused = FALSE;

  g_mutex_lock (&job->mutex);
  while (job->paused && !g_cancellable_is_cancelled (job->cancellable))
    {
      if (!was_paused)
        {
          was_paused = TRUE;
          job->status = NAS_RUN_PAUSED;
          g_mutex_unlock (&job->mutex);
          /* Best effort: a listing shows "paused"; the run goes on regardless. */
          nas_store_set_run_status (s->store, job->run_id, NAS_RUN_PAUSED, NULL);
          nas_search_emit (job, nas_search_event_new (job, NAS_SEARCH_EVENT_PAUSED, s->episode, s->config->episodes));
          g_mutex_lock (&job->mutex);
          continue;
        }
      g_cond_wait (&job->cond, &job->mutex);
    }
  if (was_paused)
    job->status = NAS_RUN_RUNNING;
  g_mutex_unlock (&job->mutex);

  if (was_paused && !g_cancellable_is_cancelled (job->cancellable))
    {
      nas_store_set_run_status (s->store, job->run_id, NAS_RUN_RUNNING, NULL);
      nas_search_emit (job, nas_search_event_new (job, NAS_SEARCH_EVENT_RESUMED, s->episode, s->config->episodes));
    }

  return !g_cancellable_is_cancelled (job->cancellable);
}

static void
controller_params_from_config (NasControllerParams   *params,
                               const NasSearchConfig *config)
{
  nas_controller_params_init (params);
  params->strategy = config->strategy;
  params->hidden = config->controller_units;
  params->lr = config->controller_lr;
  params->entropy_weight = config->entropy_weight;
  params->baseline_decay = config->baseline_decay;
  params->epsilon = config->epsilon;
  params->epsilon_decay = config->epsilon_decay;
  /* Under successive halving the controller's batch is the bracket. */
  params->batch = config->halving_rungs > 1 ? config->halving_bracket : config->episodes_per_update;
  params->seed = config->seed;
}

static gboolean
set_status (NasSearchJob *job,
            NasStore     *store,
            NasRunStatus  status,
            GError      **error)
{
  g_mutex_lock (&job->mutex);
  job->status = status;
  g_mutex_unlock (&job->mutex);

  return store == NULL || job->run_id == 0 || nas_store_set_run_status (store, job->run_id, status, error);
}

/* Reads the configuration of a new job, or claims a resumed run and reads
 * its stored one. Nothing is written for a new job: its run is created only
 * once the dataset is loaded and the configuration fits it (create_run). */
static gboolean
prepare (Search  *s,
         GError **error)
{
  NasSearchJob *job = s->job;
  g_autoptr(NasRun) run = NULL;

  if (job->config != NULL)
    {
      if (!nas_search_config_validate (job->config, NULL, error))
        return FALSE;
      s->config = nas_search_config_copy (job->config);
      return TRUE;
    }

  if ((run = nas_store_get_run (s->store, job->run_id, error)) == NULL)
    return FALSE;
  if (run->status == NAS_RUN_FINISHED)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_STATE,
                   "Run %" G_GINT64_FORMAT " is finished: there is nothing to resume", run->id);
      return FALSE;
    }
  if (!nas_store_claim_run (s->store, job->run_id, error))
    return FALSE;
  s->claimed = TRUE;
  s->config = nas_search_config_from_string (run->config_json, error);
  return s->config != NULL;
}

/* Loads the dataset and checks that the configuration fits it: the real
 * image shape (pools that would shrink a map below 1×1) and the size of
 * the training split. */
static gboolean
load_dataset (Search  *s,
              GError **error)
{
  const NasSplit *train;

  if ((s->dataset = nas_dataset_load (s->config->dataset, error)) == NULL)
    return FALSE;
  train = &s->dataset->train;
  if (!nas_search_config_validate_input (s->config, train->h, train->w, NULL, error))
    return FALSE;
  if (s->config->train_subset > train->n)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "The training subset (%u images) is larger than the training split (%zu)",
                   s->config->train_subset, train->n);
      return FALSE;
    }
  s->space = nas_search_space_new (s->config, train->c, train->h, train->w, s->dataset->n_classes);
  return TRUE;
}

static gboolean
create_run (Search  *s,
            GError **error)
{
  NasSearchJob *job = s->job;
  g_autofree char *config_json = nas_search_config_to_string (s->config);
  g_autofree char *name = NULL;
  NasRun run = { 0 };

  name = job->name ? g_strdup (job->name) : nas_run_default_name (s->config->strategy, s->config->dataset, NULL);
  run.name = name;
  run.strategy = (char *) nas_strategy_to_string (s->config->strategy);
  run.dataset = s->config->dataset;
  run.seed = s->config->seed;
  run.config_json = config_json;
  run.episodes_planned = s->config->episodes;

  s->started = TRUE;
  if (!nas_store_create_run (s->store, &run, &job->run_id, error) ||
      !nas_store_claim_run (s->store, job->run_id, error))
    return FALSE;
  s->claimed = TRUE;
  s->episode = 0;
  return TRUE;
}

static gboolean
spec_equal (const NasPolicySpec *a,
            const NasPolicySpec *b)
{
  if (a->n_decisions != b->n_decisions || !a->search_depth != !b->search_depth)
    return FALSE;
  for (guint t = 0; t < a->n_decisions; t++)
    if (a->decisions[t].type != b->decisions[t].type ||
        a->decisions[t].n_choices != b->decisions[t].n_choices ||
        a->decisions[t].layer != b->decisions[t].layer)
      return FALSE;
  return TRUE;
}

/* "5 decisions of 3, 2, 2, 3, 3 choices" */
static char *
describe_spec (const NasPolicySpec *spec)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u decisions of ", spec->n_decisions);
  for (guint t = 0; t < spec->n_decisions; t++)
    g_string_append_printf (text, "%s%u", t > 0 ? ", " : "", spec->decisions[t].n_choices);
  g_string_append (text, " choices");
  return g_string_free (text, FALSE);
}

/* Restores the controller of a resumed run and where to continue: from its
 * pending batch when the next episode belongs to it (from the batch's own
 * copy of the controller if none of its episodes is stored yet, since the
 * latest checkpoint was taken before the batch was sampled), otherwise from
 * its latest checkpoint. A run interrupted before the store kept batches
 * has none and continues from its checkpoint, sampling what is left of its
 * m-batch. The controller must describe the same decisions as the space
 * built from the stored configuration: a configuration edited since
 * (kernels, filters, layers, depth) would map the controller's choices to
 * values they never meant, or past the end of the space's lists. A
 * checkpoint that fails its own checks is damaged input as well. */
static gboolean
restore (Search  *s,
         GError **error)
{
  NasSearchJob *job = s->job;
  g_autoptr(NasCheckpoint) checkpoint = NULL;
  g_autoptr(NasPendingBatch) batch = NULL;
  GBytes *state;

  if (!nas_store_get_latest_checkpoint (s->store, job->run_id, &checkpoint, error) ||
      !nas_store_get_pending_batch (s->store, job->run_id, &batch, error))
    return FALSE;

  s->episode = checkpoint != NULL ? checkpoint->episode + 1 : 0;
  state = checkpoint != NULL ? checkpoint->state : NULL;
  if (batch != NULL && (s->episode < batch->first_episode ||
                        s->episode - batch->first_episode >= batch->children->len))
    g_clear_pointer (&batch, nas_pending_batch_free);   /* reported in full */
  else if (batch != NULL && s->episode == batch->first_episode)
    state = batch->controller;

  if (state != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      const NasPolicySpec *stored;

      s->controller = nas_controller_load (state, &local_error);
      if (s->controller == NULL)
        {
          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                       "Run %" G_GINT64_FORMAT " cannot be resumed: %s", job->run_id,
                       local_error->message);
          return FALSE;
        }
      stored = nas_controller_get_spec (s->controller);
      if (!spec_equal (stored, &s->space->spec))
        {
          g_autofree char *built = describe_spec (&s->space->spec);
          g_autofree char *saved = describe_spec (stored);

          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                       "Run %" G_GINT64_FORMAT " cannot be resumed: its stored configuration "
                       "gives the controller %s, but its checkpoint was made for %s; the "
                       "history was edited or damaged", job->run_id, built, saved);
          return FALSE;
        }
    }
  s->stored_batch = g_steal_pointer (&batch);

  /* Episodes are committed together with their checkpoint, so none can be
   * newer than it; this only guards against a hand-edited file. */
  return nas_store_delete_episodes_after (s->store, job->run_id,
                                          checkpoint ? checkpoint->episode : G_MAXUINT, error);
}

static void
fail_event (NasSearchJob *job,
            const GError *error)
{
  NasSearchEvent *event = nas_search_event_new (job, NAS_SEARCH_EVENT_RUN_FAILED, 0, 0);

  event->error = g_error_copy (error);
  nas_search_emit (job, event);
}

/**
 * nas_search_job_run:
 *
 * Runs the search on the calling thread until every episode is evaluated,
 * nas_search_job_stop() is called, or something fails. Returns %TRUE when
 * the run finished or was stopped (it is then resumable), %FALSE with
 * @error otherwise; a failed run is marked failed in the store when the
 * store could be opened. Either way the last event is RUN_FINISHED or
 * RUN_FAILED.
 */
gboolean
nas_search_job_run (NasSearchJob  *job,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Search s = { .job = job };
  gboolean stopped = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (job != NULL, FALSE);

  /* A new job checks its configuration against the dataset before it even
   * opens the history; a resumed one first reads it from there. */
  if (job->config != NULL && (!prepare (&s, &local_error) || !load_dataset (&s, &local_error)))
    goto out;
  s.store = nas_store_open (job->database_path, NAS_STORE_OPEN_READ_WRITE, &local_error);
  if (s.store == NULL)
    goto out;
  if (job->config == NULL && (!prepare (&s, &local_error) || !load_dataset (&s, &local_error)))
    goto out;

  /* Everything above only reads: a configuration that does not fit its
   * dataset, or a damaged checkpoint, leaves no trace in the history. */
  if (job->config != NULL ? !create_run (&s, &local_error) : !restore (&s, &local_error))
    goto out;

  if (s.controller == NULL)
    {
      NasControllerParams params;

      controller_params_from_config (&params, s.config);
      s.controller = nas_controller_new (&s.space->spec, &params, &local_error);
      if (s.controller == NULL)
        goto out;
    }

  s.started = TRUE;
  if (!set_status (job, s.store, NAS_RUN_RUNNING, &local_error))
    goto out;

  {
    NasSearchEvent *event = nas_search_event_new (job, NAS_SEARCH_EVENT_RUN_STARTED, s.episode, s.config->episodes);

    event->config = nas_search_config_copy (s.config);
    event->labels = nas_decision_labels_new (s.space);
    nas_search_emit (job, event);
  }

  nas_search_attach_pool (&s);
  while (s.episode < s.config->episodes)
    {
      /* Nothing of a new batch is sampled once the run is to stop. */
      if (job->stop_after > 0 && s.episode >= job->stop_after)
        nas_search_job_stop (job);

      if (!nas_search_wait_if_paused (&s))
        {
          stopped = TRUE;
          break;
        }

      if (!nas_search_run_batch (&s, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_clear_error (&local_error);
              stopped = TRUE;
              break;
            }
          goto out;
        }
    }

  ok = set_status (job, s.store, stopped ? NAS_RUN_STOPPED : NAS_RUN_FINISHED, &local_error);

out:
  if (!ok)
    {
      g_assert (local_error != NULL);
      /* A run this job never owned (finished, or searched by another
       * process), or one it refused to resume, keeps its status. */
      set_status (job, s.claimed && s.started ? s.store : NULL, NAS_RUN_FAILED, NULL);
      fail_event (job, local_error);
    }
  else
    {
      NasSearchEvent *event = nas_search_event_new (job, NAS_SEARCH_EVENT_RUN_FINISHED, s.episode,
                                         s.config->episodes);

      event->status = stopped ? NAS_RUN_STOPPED : NAS_RUN_FINISHED;
      nas_search_emit (job, event);
    }

  if (s.claimed)
    nas_store_release_run (s.store, job->run_id);
  nas_search_clear_batch (&s);
  g_clear_pointer (&s.pool, nas_eval_pool_free);
  g_clear_pointer (&s.controller, nas_controller_free);
  g_clear_pointer (&s.space, nas_search_space_free);
  g_clear_pointer (&s.dataset, nas_dataset_free);
  g_clear_pointer (&s.config, nas_search_config_free);
  g_clear_pointer (&s.store, nas_store_free);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
