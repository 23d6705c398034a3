/* nas-study.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study's plan and its execution (nas-study.h).
 *
 * The plan is, in this order: the search of each strategy with each search
 * seed (strategy by strategy); then, run by run, the best architecture of
 * the run retrained with each retrain seed; then each baseline with each
 * retrain seed. Seeds derive from the configuration's seed: search seed i
 * is the stream 2⁴¹ + i of it, retrain seed j the stream 2⁴² + j (apart
 * from an episode's streams, which are < 2³², and from nas-retrain.c's
 * 2⁴⁰ + k). Every network gets the same retrain seeds.
 *
 * Execution walks the plan and skips what the history already has: a
 * search whose run is finished, a retrain stored under its name and seed.
 * A search that was started and not finished is resumed from its
 * checkpoint, which gives the episodes the uninterrupted run would have
 * had; a run created but killed before the study recorded it is found by
 * its name, which carries the study's id. Searches run on a NasSearchEngine like the CLI's search (worker
 * thread, events on a main loop this function runs); a retrain runs on a
 * worker thread too, so that the caller's main loop sources (Ctrl-C) are
 * dispatched while it trains. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <string.h>

#include "nas-arch.h"
#include "nas-dataset.h"
#include "nas-retrain.h"
#include "nas-rng.h"
#include "nas-search-config.h"
#include "nas-search-engine.h"
#include "nas-study.h"

void
nas_study_step_free (NasStudyStep *step)
{
  if (step == NULL)
    return;
  g_free (step->strategy);
  g_free (step->baseline);
  g_free (step);
}

guint64
nas_study_search_seed (guint64 base,
                       guint   seed_index)
{
  return nas_rng_derive (base, (G_GUINT64_CONSTANT (1) << 41) + seed_index);
}

guint64
nas_study_retrain_seed (guint64 base,
                        guint   seed_index)
{
  return nas_rng_derive (base, (G_GUINT64_CONSTANT (1) << 42) + seed_index);
}

/* A comma-separated list's non-empty items, trimmed. */
char **
nas_study_split_list (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Strategies: one or both of reinforce and random, each once; baselines:
 * built-in networks (nas_arch_builtin_names()), each once, possibly none. */
gboolean
nas_study_check_lists (const char  *strategies,
                       const char  *baselines,
                       GError     **error)
{
  g_auto(GStrv) s = nas_study_split_list (strategies);
  g_auto(GStrv) b = nas_study_split_list (baselines);

  if (s[0] == NULL)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID, "A study needs at least one strategy");
      return FALSE;
    }
  for (guint i = 0; s[i] != NULL; i++)
    {
      if (strcmp (s[i], "reinforce") != 0 && strcmp (s[i], "random") != 0)
        {
          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                       "Unknown strategy “%s”: the strategies are reinforce and random", s[i]);
          return FALSE;
        }
      if (g_strv_contains ((const char * const *) s + i + 1, s[i]))
        {
          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID, "Strategy “%s” is given twice", s[i]);
          return FALSE;
        }
    }
  for (guint i = 0; b[i] != NULL; i++)
    {
      if (!g_strv_contains (nas_arch_builtin_names (), b[i]))
        {
          g_autofree char *names = g_strjoinv (", ", (char **) nas_arch_builtin_names ());

          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                       "Unknown baseline “%s”: the built-in networks are %s", b[i], names);
          return FALSE;
        }
      if (g_strv_contains ((const char * const *) b + i + 1, b[i]))
        {
          g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID, "Baseline “%s” is given twice", b[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static NasStudyStep *
step_new (NasStudyStepKind kind,
          NasStudyRole     role)
{
  NasStudyStep *step = g_new0 (NasStudyStep, 1);

  step->kind = kind;
  step->role = role;
  return step;
}

/**
 * nas_study_plan:
 * @base_seed: the seed of the study's configuration
 *
 * Returns: (transfer full) (element-type NasStudyStep): the steps of
 *   @study, in the order they are executed
 */
GPtrArray *
nas_study_plan (const NasStudy *study,
                guint64         base_seed)
{
  GPtrArray *plan = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_study_step_free);
  g_auto(GStrv) strategies = nas_study_split_list (study->strategies);
  g_auto(GStrv) baselines = nas_study_split_list (study->baselines);

  for (guint s = 0; strategies[s] != NULL; s++)
    for (guint i = 0; i < study->seeds; i++)
      {
        NasStudyStep *step = step_new (NAS_STUDY_STEP_SEARCH, NAS_STUDY_ROLE_FINALIST);

        step->strategy = g_strdup (strategies[s]);
        step->run_seed_index = i;
        step->seed = nas_study_search_seed (base_seed, i);
        g_ptr_array_add (plan, step);
      }

  for (guint s = 0; strategies[s] != NULL; s++)
    for (guint i = 0; i < study->seeds; i++)
      for (guint j = 0; j < study->retrain_seeds; j++)
        {
          NasStudyStep *step = step_new (NAS_STUDY_STEP_RETRAIN, NAS_STUDY_ROLE_FINALIST);

          step->strategy = g_strdup (strategies[s]);
          step->run_seed_index = i;
          step->retrain_seed_index = j;
          step->seed = nas_study_retrain_seed (base_seed, j);
          g_ptr_array_add (plan, step);
        }

  for (guint b = 0; baselines[b] != NULL; b++)
    for (guint j = 0; j < study->retrain_seeds; j++)
      {
        NasStudyStep *step = step_new (NAS_STUDY_STEP_RETRAIN, NAS_STUDY_ROLE_BASELINE);

        step->baseline = g_strdup (baselines[b]);
        step->retrain_seed_index = j;
        step->seed = nas_study_retrain_seed (base_seed, j);
        g_ptr_array_add (plan, step);
      }

  return plan;
}

/* The name a study's run is stored under: "Study 3 (name): random, seed 2",
 * seeds numbered from 1. */
char *
nas_study_run_name (const NasStudy *study,
                    const char     *strategy,
                    guint           seed_index)
{
  if (study->name != NULL && study->name[0] != '\0')
    return g_strdup_printf ("Study %" G_GINT64_FORMAT " (%s): %s, seed %u", study->id, study->name,
                            strategy, seed_index + 1);
  return g_strdup_printf ("Study %" G_GINT64_FORMAT ": %s, seed %u", study->id, strategy, seed_index + 1);
}

/* The state of one execution. */
typedef struct
{
  const char               *database_path;
  NasStore                 *store;
  NasStudy                 *study;
  NasSearchConfig          *config;
  const NasStudyCallbacks  *callbacks;
  gpointer                  user_data;
  GCancellable             *cancellable;
  GMainLoop                *loop;
  NasDataset               *dataset;   /* loaded at the first retrain to do */

  /* The search in flight */
  const NasStudyStep       *step;
  gboolean                  record_run;  /* a new run: store it as the step's when it starts */
  GError                   *search_error;
  gboolean                  stopped;

  /* The retrain in flight */
  const NasArch            *arch;
  const char               *name;
  NasEvalResult             result;
  GBytes                   *predictions;
  GError                   *retrain_error;
  gboolean                  retrained;
} Exec;

static void
event_cb (NasSearchEngine *engine,
          NasSearchEvent  *event,
          Exec            *exec)
{
  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_RUN_STARTED:
      if (exec->record_run &&
          !nas_store_add_study_run (exec->store, exec->study->id, exec->step->strategy,
                                    exec->step->run_seed_index, event->run_id, &exec->search_error))
        nas_search_engine_stop (engine);
      exec->record_run = FALSE;
      break;
    case NAS_SEARCH_EVENT_RUN_FINISHED:
      exec->stopped = event->status != NAS_RUN_FINISHED;
      break;
    case NAS_SEARCH_EVENT_RUN_FAILED:
      if (exec->search_error == NULL)
        exec->search_error = g_error_copy (event->error);
      break;
    default:
      break;
    }

  if (exec->callbacks != NULL && exec->callbacks->search_event != NULL)
    exec->callbacks->search_event (event, exec->step, exec->user_data);
}

static void
running_cb (NasSearchEngine *engine,
            GParamSpec      *pspec,
            Exec            *exec)
{
  if (!nas_search_engine_get_running (engine))
    g_main_loop_quit (exec->loop);
}

static void
cancelled_cb (GCancellable    *cancellable,
              NasSearchEngine *engine)
{
  nas_search_engine_stop (engine);
}

static gboolean
cancelled_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The study was stopped");
  return FALSE;
}

/* Runs (or resumes, or skips) the search of @step. */
static gboolean
exec_search (Exec               *exec,
             const NasStudyStep *step,
             GPtrArray          *runs,
             GError            **error)
{
  g_autoptr(NasSearchEngine) engine = NULL;
  gint64 run_id = 0;
  gboolean launched;
  gulong cancel_handler;

  for (guint i = 0; i < runs->len; i++)
    {
      const NasStudyRun *r = g_ptr_array_index (runs, i);

      if (strcmp (r->strategy, step->strategy) == 0 && r->seed_index == step->run_seed_index)
        run_id = r->run_id;
    }
  /* Killed between creating its run and recording it: the run has the
   * step's name, which carries the study's id; take it over. */
  if (run_id == 0)
    {
      g_autofree char *name = nas_study_run_name (exec->study, step->strategy, step->run_seed_index);
      g_autoptr(GPtrArray) all = nas_store_list_runs (exec->store, error);

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len && run_id == 0; i++)
        {
          const NasRun *run = g_ptr_array_index (all, i);

          if (g_strcmp0 (run->name, name) == 0 &&
              !nas_store_add_study_run (exec->store, exec->study->id, step->strategy, step->run_seed_index,
                                        run->id, error))
            return FALSE;
          if (g_strcmp0 (run->name, name) == 0)
            run_id = run->id;
        }
    }

  if (run_id > 0)
    {
      g_autoptr(NasRun) run = nas_store_get_run (exec->store, run_id, error);

      if (run == NULL)
        return FALSE;
      if (run->status == NAS_RUN_FINISHED)
        return TRUE;
    }

  if (g_cancellable_is_cancelled (exec->cancellable))
    return cancelled_error (error);

  engine = nas_search_engine_new (exec->database_path);
  exec->step = step;
  exec->record_run = run_id == 0;
  exec->stopped = FALSE;
  g_signal_connect (engine, "event", G_CALLBACK (event_cb), exec);
  g_signal_connect (engine, "notify::running", G_CALLBACK (running_cb), exec);
  if (exec->callbacks != NULL && exec->callbacks->pool_new != NULL)
    nas_search_engine_set_pool_func (engine, exec->callbacks->pool_new, NULL);

  if (run_id > 0)
    launched = nas_search_engine_resume (engine, run_id, error);
  else
    {
      g_autoptr(NasSearchConfig) config = nas_search_config_copy (exec->config);
      g_autofree char *name = nas_study_run_name (exec->study, step->strategy, step->run_seed_index);

      config->strategy = strcmp (step->strategy, "random") == 0 ? NAS_STRATEGY_RANDOM : NAS_STRATEGY_REINFORCE;
      config->seed = step->seed;
      launched = nas_search_engine_start (engine, config, name, error);
    }

  if (launched)
    {
      cancel_handler = g_cancellable_connect (exec->cancellable, G_CALLBACK (cancelled_cb), engine, NULL);
      g_main_loop_run (exec->loop);
      g_cancellable_disconnect (exec->cancellable, cancel_handler);
    }
  g_signal_handlers_disconnect_by_data (engine, exec);
  exec->step = NULL;
  if (!launched)
    return FALSE;

  if (exec->search_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&exec->search_error));
      return FALSE;
    }
  if (exec->stopped)
    return cancelled_error (error);
  return TRUE;
}

static gboolean
retrain_done_cb (gpointer data)
{
  Exec *exec = data;

  g_main_loop_quit (exec->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
retrain_thread (gpointer data)
{
  Exec *exec = data;
  const NasStudy *study = exec->study;

  exec->retrained = nas_retrain_measure (exec->dataset, exec->arch, study->epochs, study->retrain_steps,
                                         study->retrain_subset, exec->step->seed, &exec->config->recipe,
                                         exec->name, NULL, NULL, exec->cancellable, &exec->result,
                                         &exec->predictions, &exec->retrain_error);
  g_main_context_invoke (g_main_loop_get_context (exec->loop), retrain_done_cb, exec);
  return NULL;
}

/* Whether @retrains has the retrain @name with seed @seed_index. */
static gboolean
has_retrain (GPtrArray  *retrains,
             const char *name,
             guint       seed_index)
{
  for (guint i = 0; i < retrains->len; i++)
    {
      const NasStudyRetrain *r = g_ptr_array_index (retrains, i);

      if (r->seed_index == seed_index && strcmp (r->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Trains @arch as step @step and stores the retrain. */
static gboolean
exec_retrain (Exec               *exec,
              const NasStudyStep *step,
              const NasArch      *arch,
              const char         *name,
              gint64              run_id,
              gint                episode,
              guint               done,
              guint               total,
              GError            **error)
{
  g_autoptr(NasStudyRetrain) retrain = nas_study_retrain_new ();
  GThread *thread;

  if (g_cancellable_is_cancelled (exec->cancellable))
    return cancelled_error (error);
  if (exec->dataset == NULL)
    {
      exec->dataset = nas_dataset_load (exec->config->dataset, error);
      if (exec->dataset == NULL)
        return FALSE;
    }
  if (exec->study->test_labels == NULL)
    {
      g_autoptr(GBytes) labels = g_bytes_new (exec->dataset->test.labels, exec->dataset->test.n);

      if (!nas_store_set_study_labels (exec->store, exec->study->id, labels, error))
        return FALSE;
      exec->study->test_labels = g_steal_pointer (&labels);
    }

  exec->step = step;
  exec->arch = arch;
  exec->name = name;
  exec->retrained = FALSE;
  thread = g_thread_new ("study-retrain", retrain_thread, exec);
  g_main_loop_run (exec->loop);
  g_thread_join (thread);
  exec->step = NULL;
  if (!exec->retrained)
    {
      g_propagate_error (error, g_steal_pointer (&exec->retrain_error));
      return FALSE;
    }

  retrain->study_id = exec->study->id;
  retrain->role = step->role;
  retrain->name = g_strdup (name);
  retrain->architecture = nas_arch_to_string (arch);
  retrain->run_id = run_id;
  retrain->episode = episode;
  retrain->seed_index = step->retrain_seed_index;
  retrain->seed = step->seed;
  retrain->test_accuracy = exec->result.test_accuracy;
  retrain->validation_accuracy = exec->result.validation_accuracy;
  retrain->params = exec->result.params;
  retrain->flops = (guint64) exec->result.flops;
  retrain->train_seconds = exec->result.train_seconds;
  retrain->predictions = g_steal_pointer (&exec->predictions);
  nas_eval_result_clear (&exec->result);

  if (!nas_store_add_study_retrain (exec->store, retrain, &retrain->id, error))
    return FALSE;
  if (exec->callbacks != NULL && exec->callbacks->retrained != NULL)
    exec->callbacks->retrained (retrain, done, total, exec->user_data);
  return TRUE;
}

/* The retrain step @step: resolves its network and trains it unless the
 * history has it. */
static gboolean
exec_retrain_step (Exec               *exec,
                   const NasStudyStep *step,
                   GPtrArray          *runs,
                   GPtrArray          *retrains,
                   guint               done,
                   guint               total,
                   GError            **error)
{
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasEpisodeRecord) best = NULL;
  g_autofree char *name = NULL;
  gint64 run_id = 0;

  if (step->role == NAS_STUDY_ROLE_BASELINE)
    {
      if (has_retrain (retrains, step->baseline, step->retrain_seed_index))
        return TRUE;
      arch = nas_arch_builtin (step->baseline, error);
      if (arch == NULL)
        return FALSE;
      return exec_retrain (exec, step, arch, step->baseline, 0, -1, done, total, error);
    }

  for (guint i = 0; i < runs->len; i++)
    {
      const NasStudyRun *r = g_ptr_array_index (runs, i);

      if (strcmp (r->strategy, step->strategy) == 0 && r->seed_index == step->run_seed_index)
        run_id = r->run_id;
    }
  if (run_id == 0)
    {
      g_set_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID,
                   "The %s search with seed %u of study %" G_GINT64_FORMAT " is not in the history",
                   step->strategy, step->run_seed_index + 1, exec->study->id);
      return FALSE;
    }
  best = nas_retrain_best_episode (exec->store, run_id, error);
  if (best == NULL)
    return FALSE;
  name = nas_retrain_name (run_id, best->episode);
  if (has_retrain (retrains, name, step->retrain_seed_index))
    return TRUE;
  arch = nas_arch_from_json_string (best->architecture_json, error);
  if (arch == NULL)
    return FALSE;
  return exec_retrain (exec, step, arch, name, run_id, (gint) best->episode, done, total, error);
}

static void
exec_clear (Exec *exec)
{
  g_clear_pointer (&exec->store, nas_store_free);
  g_clear_pointer (&exec->study, nas_study_free);
  g_clear_pointer (&exec->config, nas_search_config_free);
  g_clear_pointer (&exec->loop, g_main_loop_unref);
  g_clear_pointer (&exec->dataset, nas_dataset_free);
  g_clear_pointer (&exec->predictions, g_bytes_unref);
  g_clear_error (&exec->search_error);
  g_clear_error (&exec->retrain_error);
}

/**
 * nas_study_execute:
 * @callbacks: (nullable): progress, called on this thread
 * @cancellable: (nullable): stops the search in flight at its next
 *   mini-batch (its run can be resumed) or the retrain in flight (nothing of
 *   it is stored); fails with G_IO_ERROR_CANCELLED
 *
 * Does what is left of study @study_id's plan and marks it finished. Runs
 * a main loop on the thread-default context while it works; blocks until
 * the study is finished, stopped or failed. The caller sets the number of
 * training threads.
 */
gboolean
nas_study_execute (const char               *database_path,
                   gint64                    study_id,
                   const NasStudyCallbacks  *callbacks,
                   gpointer                  user_data,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  Exec exec = { .database_path = database_path, .callbacks = callbacks, .user_data = user_data };
  g_autoptr(GCancellable) own_cancellable = cancellable == NULL ? g_cancellable_new () : NULL;
  g_autoptr(GPtrArray) plan = NULL;
  guint total = 0, done = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (database_path != NULL, FALSE);

  exec.cancellable = cancellable != NULL ? cancellable : own_cancellable;
  exec.loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  exec.store = nas_store_open (database_path, NAS_STORE_OPEN_READ_WRITE, error);
  if (exec.store == NULL)
    goto out;
  exec.study = nas_store_get_study (exec.store, study_id, error);
  /* One process at a time: a second `study --resume` (or the window's
   * Resume) would retrain what the first one is retraining. */
  if (exec.study == NULL || !nas_store_claim_study (exec.store, study_id, error))
    goto out;
  exec.config = nas_search_config_from_string (exec.study->config_json, error);
  if (exec.config == NULL || !nas_study_check_lists (exec.study->strategies, exec.study->baselines, error))
    goto out;

  plan = nas_study_plan (exec.study, exec.config->seed);
  for (guint i = 0; i < plan->len; i++)
    total += ((NasStudyStep *) g_ptr_array_index (plan, i))->kind == NAS_STUDY_STEP_RETRAIN;

  for (guint i = 0; i < plan->len; i++)
    {
      const NasStudyStep *step = g_ptr_array_index (plan, i);
      g_autoptr(GPtrArray) runs = nas_store_list_study_runs (exec.store, study_id, error);
      g_autoptr(GPtrArray) retrains = NULL;

      if (runs == NULL)
        goto out;
      if (step->kind == NAS_STUDY_STEP_SEARCH)
        {
          if (!exec_search (&exec, step, runs, error))
            goto out;
          continue;
        }
      retrains = nas_store_list_study_retrains (exec.store, study_id, FALSE, error);
      if (retrains == NULL || !exec_retrain_step (&exec, step, runs, retrains, ++done, total, error))
        goto out;
    }

  ok = exec.study->status == NAS_STUDY_FINISHED || nas_store_finish_study (exec.store, study_id, error);

out:
  exec_clear (&exec);
  return ok;
}
