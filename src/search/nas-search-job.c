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

#include "nas-controller.h"
#include "nas-dataset.h"
#include "nas-evaluator.h"
#include "nas-rng.h"
#include "nas-search-job.h"
#include "nas-run-name.h"
#include "nas-search-space.h"
#include "nas-store.h"

G_DEFINE_QUARK (nas-search-error-quark, nas_search_error)

/* Reward of an architecture that cannot be trained. Sampling
 * masks those out, so this is a safety net, not a path a search takes. */
#define INVALID_REWARD 0.0

struct _NasSearchJob
{
  char               *database_path;
  NasSearchConfig    *config;       /* new runs */
  char               *name;
  gint64              run_id;       /* resumed runs, then the run */
  guint               stop_after;   /* 0 = never */

  NasSearchEventFunc  event_func;
  gpointer            event_data;

  GCancellable       *cancellable;  /* stop */
  GMutex              mutex;
  GCond               cond;
  gboolean            paused;       /* under mutex */
  NasRunStatus        status;       /* under mutex */
};

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

static NasSearchEvent *
event_new (NasSearchJob       *job,
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

static void
emit (NasSearchJob   *job,
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

/* The state of one running search, on the searching thread. */
typedef struct
{
  NasSearchJob    *job;
  NasStore        *store;
  NasDataset      *dataset;
  NasSearchSpace  *space;
  NasController   *controller;
  NasSearchConfig *config;
  guint            episode;        /* in flight */
  gboolean         claimed;        /* this job owns the run in the store */
  gboolean         started;        /* the run was created or set running: a
                                    * failure from here on marks it failed */
} Search;

/* Blocks while the job is paused; returns FALSE if it was stopped. Called
 * between mini-batches and between episodes. */
static gboolean
wait_if_paused (Search *s)
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
          emit (job, event_new (job, NAS_SEARCH_EVENT_PAUSED, s->episode, s->config->episodes));
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
      emit (job, event_new (job, NAS_SEARCH_EVENT_RESUMED, s->episode, s->config->episodes));
    }

  return !g_cancellable_is_cancelled (job->cancellable);
}

static gboolean
child_progress_cb (const NasCurvePoint *point,
                   guint64              total_steps,
                   gpointer             user_data)
{
  Search *s = user_data;
  NasSearchEvent *event = event_new (s->job, NAS_SEARCH_EVENT_CHILD_PROGRESS, s->episode, s->config->episodes);

  event->point = *point;
  event->total_steps = total_steps;
  emit (s->job, event);

  return TRUE;
}

/* Before every mini-batch: a pause takes effect at the next one. */
static gboolean
child_step_cb (gpointer user_data)
{
  Search *s = user_data;
  gboolean paused;

  g_mutex_lock (&s->job->mutex);
  paused = s->job->paused;
  g_mutex_unlock (&s->job->mutex);

  return !paused || wait_if_paused (s);
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
  params->batch = config->episodes_per_update;
  params->seed = config->seed;
}

static double
reward_of (const NasSearchConfig *config,
           double                 accuracy)
{
  if (config->reward == NAS_REWARD_ACCURACY3)
    return accuracy * accuracy * accuracy;
  return accuracy;
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

/* One episode: sample, build, train (or reuse), learn, store. Returns FALSE
 * with G_IO_ERROR_CANCELLED when stopped in the middle: nothing of the
 * episode is then stored and the controller is left as it was checkpointed. */
static gboolean
run_episode (Search  *s,
             GError **error)
{
  NasSearchJob *job = s->job;
  const NasSearchConfig *config = s->config;
  g_autoptr(NasSample) sample = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasEpisodeRecord) record = nas_episode_record_new ();
  g_autoptr(NasEpisodeRecord) cached = NULL;
  g_autoptr(NasEpisodePolicy) policy = NULL;
  g_autoptr(GError) arch_error = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  g_autoptr(GArray) curve = NULL;
  NasSearchEvent *event;
  NasReport report;
  double accuracy = 0;

  sample = nas_controller_sample_masked (s->controller, allowed_cb, s->space);

  record->run_id = job->run_id;
  record->episode = s->episode;
  record->test_accuracy = NAN;
  record->validation_loss = NAN;
  record->entropy = sample->mean_entropy;
  if (sample->explored)
    record->flags |= NAS_EPISODE_EXPLORED;
  policy = nas_episode_policy_new_from_sample (sample, &s->space->spec);
  nas_episode_policy_to_json (policy, &record->actions_json, &record->action_probs_json,
                              &record->softmax_json);

  arch = nas_search_space_to_arch (s->space, sample->actions, &arch_error);
  if (arch != NULL)
    {
      record->architecture = nas_arch_to_string (arch);
      record->architecture_json = nas_arch_to_json_string (arch);
      record->canonical_key = g_strdup (record->architecture);
      record->layers = nas_search_space_depth (s->space, sample->actions);
      record->params = nas_arch_params (arch, s->space->in_c, s->space->in_h, s->space->in_w);
      record->flops = (guint64) nas_arch_flops (arch, s->space->in_c, s->space->in_h, s->space->in_w);
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

  event = event_new (job, NAS_SEARCH_EVENT_EPISODE_STARTED, s->episode, config->episodes);
  event->arch = arch != NULL ? nas_arch_copy (arch) : NULL;
  event->architecture = g_strdup (record->architecture);
  event->params = record->params;
  event->flops = record->flops;
  emit (job, event);

  if (arch == NULL)
    {
      accuracy = INVALID_REWARD;
      record->validation_accuracy = NAN;
    }
  else if (config->cache &&
           nas_store_lookup_cached (s->store, job->run_id, record->canonical_key, &cached, error) &&
           cached != NULL)
    {
      accuracy = cached->validation_accuracy;
      record->validation_accuracy = cached->validation_accuracy;
      record->validation_loss = cached->validation_loss;
      record->flags |= NAS_EPISODE_CACHED;
    }
  else if (error != NULL && *error != NULL)
    return FALSE;
  else
    {
      NasEvalRequest request = {
        .arch = arch,
        .epochs = config->child_epochs,
        .steps = config->child_steps,
        .batch_size = config->batch_size,
        .train_subset = config->train_subset,
        .seed = nas_rng_derive (config->seed, s->episode),
        .recipe = config->recipe,
        .test = FALSE,
        .curve_points = 50,
      };
      NasEvalResult result;

      if (!nas_evaluator_run (s->dataset, &request, child_progress_cb, child_step_cb, s,
                              job->cancellable, &result, error))
        return FALSE;

      accuracy = result.validation_accuracy;
      record->validation_accuracy = result.validation_accuracy;
      record->validation_loss = result.validation_loss;
      record->train_seconds = result.train_seconds + result.eval_seconds;
      curve = g_steal_pointer (&result.curve);
      nas_eval_result_clear (&result);
    }

  record->reward = reward_of (config, accuracy);
  if (!nas_controller_report (s->controller, sample, record->reward, &report, error))
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

  event = event_new (job, NAS_SEARCH_EVENT_EPISODE_FINISHED, s->episode, config->episodes);
  event->record = g_steal_pointer (&record);
  event->policy = g_steal_pointer (&policy);
  emit (job, event);

  return TRUE;
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

/* Restores the controller of a resumed run from its latest checkpoint and
 * where to continue. The checkpoint must describe the same decisions as the
 * space built from the stored configuration: a configuration edited since
 * (kernels, filters, layers, depth) would map the controller's choices to
 * values they never meant, or past the end of the space's lists. A
 * checkpoint that fails its own checks is damaged input as well. */
static gboolean
restore (Search  *s,
         GError **error)
{
  NasSearchJob *job = s->job;
  g_autoptr(NasCheckpoint) checkpoint = NULL;

  if (!nas_store_get_latest_checkpoint (s->store, job->run_id, &checkpoint, error))
    return FALSE;

  if (checkpoint != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      const NasPolicySpec *stored;

      s->controller = nas_controller_load (checkpoint->state, &local_error);
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
      s->episode = checkpoint->episode + 1;
    }
  else
    s->episode = 0;

  /* Episodes are committed together with their checkpoint, so none can be
   * newer than it; this only guards against a hand-edited file. */
  return nas_store_delete_episodes_after (s->store, job->run_id,
                                          checkpoint ? checkpoint->episode : G_MAXUINT, error);
}

static void
fail_event (NasSearchJob *job,
            const GError *error)
{
  NasSearchEvent *event = event_new (job, NAS_SEARCH_EVENT_RUN_FAILED, 0, 0);

  event->error = g_error_copy (error);
  emit (job, event);
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
    NasSearchEvent *event = event_new (job, NAS_SEARCH_EVENT_RUN_STARTED, s.episode, s.config->episodes);

    event->config = nas_search_config_copy (s.config);
    event->labels = nas_decision_labels_new (s.space);
    emit (job, event);
  }

  for (; s.episode < s.config->episodes; s.episode++)
    {
      if (job->stop_after > 0 && s.episode >= job->stop_after)
        nas_search_job_stop (job);

      if (!wait_if_paused (&s))
        {
          stopped = TRUE;
          break;
        }

      if (!run_episode (&s, &local_error))
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
      NasSearchEvent *event = event_new (job, NAS_SEARCH_EVENT_RUN_FINISHED, s.episode,
                                         s.config->episodes);

      event->status = stopped ? NAS_RUN_STOPPED : NAS_RUN_FINISHED;
      emit (job, event);
    }

  if (s.claimed)
    nas_store_release_run (s.store, job->run_id);
  g_clear_pointer (&s.controller, nas_controller_free);
  g_clear_pointer (&s.space, nas_search_space_free);
  g_clear_pointer (&s.dataset, nas_dataset_free);
  g_clear_pointer (&s.config, nas_search_config_free);
  g_clear_pointer (&s.store, nas_store_free);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
