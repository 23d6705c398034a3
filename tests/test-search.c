/* test-search.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whole searches on real MNIST with a tiny budget: the loop, the store, the
 * engine's thread and events, stop and exact resume, and the final
 * evaluation. The SIGKILL test of the CLI is in test-cli-search.c. */

#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "nas-dataset.h"
#include "nas-episode-policy.h"
#include "nas-net.h"
#include "nas-nn.h"
#include "nas-retrain.h"
#include "nas-run-name.h"
#include "nas-search-engine.h"
#include "nas-store.h"
#include "nas-trainer.h"

static char *tmpdir;

static NasSearchConfig *
tiny_config (NasStrategy strategy,
             guint64     seed)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->strategy = strategy;
  config->episodes = 6;
  config->child_steps = 12;
  config->batch_size = 32;
  config->train_subset = 2000;
  config->n_filters = 2;          /* 4, 8: keeps each child to milliseconds */
  config->seed = seed;
  /* Cached episodes must be exercised too: a small space repeats itself. */
  config->n_kernels = 2;
  config->n_dropouts = 1;
  config->epsilon = 0.3;
  return config;
}

static char *
db_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gboolean
have_mnist (void)
{
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);

  if (folder == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GPtrArray *kinds;      /* of GUINT_TO_POINTER (kind) */
  GPtrArray *finished;   /* NasEpisodeRecord copies */
  guint      progress;
} Recorder;

static void
record_cb (NasSearchEvent *event,
           gpointer        user_data)
{
  Recorder *r = user_data;

  g_ptr_array_add (r->kinds, GUINT_TO_POINTER (event->kind));
  if (event->kind == NAS_SEARCH_EVENT_EPISODE_FINISHED)
    g_ptr_array_add (r->finished, nas_episode_record_copy (event->record));
  if (event->kind == NAS_SEARCH_EVENT_CHILD_PROGRESS)
    r->progress++;
  nas_search_event_unref (event);
}

static GPtrArray *
stored_episodes (const char *path,
                 gint64      run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  GPtrArray *episodes;

  g_assert_no_error (error);
  episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);
  g_assert_no_error (error);
  return episodes;
}

static void
assert_same_episodes (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const NasEpisodeRecord *x = g_ptr_array_index (a, i);
      const NasEpisodeRecord *y = g_ptr_array_index (b, i);

      g_assert_cmpuint (x->episode, ==, y->episode);
      g_assert_cmpstr (x->architecture, ==, y->architecture);
      /* Bit-identical, not merely close: the same seed is the same run. */
      g_assert_true (x->reward == y->reward);
      g_assert_true (x->baseline == y->baseline);
      g_assert_true (x->validation_accuracy == y->validation_accuracy);
      g_assert_cmpint (x->flags, ==, y->flags);
    }
}

/* A REINFORCE search end to end: every episode is stored with its curve and
 * checkpoint, events come in order, rewards are accuracies. */
static void
test_end_to_end (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_REINFORCE, 7);
  g_autofree char *path = db_path ("e2e.db");
  g_autoptr(NasSearchJob) job = nas_search_job_new (path, config, "tiny");
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  Recorder r = { g_ptr_array_new (), g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free) };
  guint trained = 0;

  if (!have_mnist ())
    return;

  nas_search_job_set_event_func (job, record_cb, &r);
  g_assert_true (nas_search_job_run (job, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (GPOINTER_TO_UINT (r.kinds->pdata[0]), ==, NAS_SEARCH_EVENT_RUN_STARTED);
  g_assert_cmpuint (GPOINTER_TO_UINT (r.kinds->pdata[r.kinds->len - 1]), ==, NAS_SEARCH_EVENT_RUN_FINISHED);
  g_assert_cmpuint (r.finished->len, ==, 6);
  g_assert_cmpuint (r.progress, >, 0);

  stored = stored_episodes (path, nas_search_job_get_run_id (job));
  assert_same_episodes (stored, r.finished);

  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  run = nas_store_get_run (store, nas_search_job_get_run_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
  g_assert_cmpuint (run->episodes_done, ==, 6);
  g_assert_cmpstr (run->name, ==, "tiny");

  for (guint i = 0; i < stored->len; i++)
    {
      const NasEpisodeRecord *e = g_ptr_array_index (stored, i);

      g_test_message ("%u: %.4f %s%s", e->episode, e->validation_accuracy, e->architecture,
                      (e->flags & NAS_EPISODE_CACHED) ? " [cached]" : "");
      g_assert_false (e->flags & NAS_EPISODE_INVALID);
      g_assert_cmpfloat (e->validation_accuracy, >, 0.05);
      g_assert_cmpfloat (e->validation_accuracy, <=, 1.0);
      g_assert_cmpfloat (e->reward, ==, e->validation_accuracy);
      g_assert_cmpuint (e->params, >, 0);
      if (!(e->flags & NAS_EPISODE_CACHED))
        {
          g_autoptr(GArray) curve = nas_store_get_curve (store, e->run_id, e->episode, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (curve->len, >, 0);
          trained++;
        }
    }
  g_assert_cmpuint (trained, >, 0);

  g_ptr_array_unref (r.kinds);
  g_ptr_array_unref (r.finished);
}

/* A search over batch normalisation and a dense head: children with both
 * train, each stored episode's actions are the ones its architecture maps
 * back to, and the stored configuration names the new decisions. */
static void
test_optional_space (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_REINFORCE, 3);
  g_autofree char *path = db_path ("optional.db");
  g_autoptr(NasSearchJob) job = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(NasDecisionLabels) labels = NULL;
  g_autoptr(NasSearchSpace) space = NULL;
  guint with_bn = 0, with_head = 0;

  if (!have_mnist ())
    return;

  config->episodes = 10;
  config->child_steps = 6;
  config->n_filters = 1;
  config->search_depth = TRUE;
  config->epsilon = 0.5;
  config->n_batchnorms = 2;
  config->batchnorms[1] = TRUE;
  config->n_dense_units = 2;
  config->dense_units[1] = 16;
  config->n_dense_dropouts = 2;
  config->dense_dropouts[1] = 0.5;
  job = nas_search_job_new (path, config, "optional");
  g_assert_true (nas_search_job_run (job, &error));
  g_assert_no_error (error);

  store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  run = nas_store_get_run (store, nas_search_job_get_run_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
  back = nas_search_config_from_string (run->config_json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_batchnorms, ==, 2);
  g_assert_cmpuint (back->n_dense_units, ==, 2);
  labels = nas_decision_labels_new_for_run (run, &error);
  g_assert_no_error (error);
  /* depth, head width, head dropout, 2 × (kernel, filters, pool, dropout, BN) */
  g_assert_cmpuint (nas_decision_labels_get_n_decisions (labels), ==, 13);
  g_assert_cmpstr (nas_decision_labels_get_decision (labels, 1), ==, "Head · width");
  g_assert_cmpstr (nas_decision_labels_get_decision (labels, 7), ==, "Layer 1 · batch norm");
  space = nas_search_space_new (back, 1, 28, 28, 10);

  stored = stored_episodes (path, run->id);
  g_assert_cmpuint (stored->len, ==, 10);
  for (guint i = 0; i < stored->len; i++)
    {
      g_autoptr(NasEpisodeRecord) e = nas_store_get_episode (store, run->id, i, &error);
      g_autoptr(NasEpisodePolicy) policy = nas_episode_policy_from_stored (e, run, &error);
      g_autoptr(NasArch) arch = nas_arch_from_json_string (e->architecture_json, &error);
      gint actions[NAS_MAX_DECISIONS];

      g_assert_no_error (error);
      g_test_message ("%u: %.4f %s", e->episode, e->validation_accuracy, e->architecture);
      g_assert_false (e->flags & NAS_EPISODE_INVALID);
      g_assert_cmpfloat (e->validation_accuracy, >, 0.05);
      g_assert_true (policy->has_actions);
      g_assert_true (nas_search_space_actions_from_arch (space, arch, actions));
      for (guint t = 0; t < policy->n_decisions; t++)
        g_assert_cmpint (policy->actions[t], ==, actions[t]);
      with_bn += strstr (e->architecture, " bn") != NULL;
      with_head += strstr (e->architecture, "dense 16 bn") != NULL;
      /* Without a head its dropout is sure. */
      if (policy->actions[1] == 0)
        g_assert_cmpfloat (policy->chosen[2], ==, 1.0);
    }
  g_assert_cmpuint (with_bn, >, 0);
  g_assert_cmpuint (with_head, >, 0);
  g_assert_cmpuint (with_head, <, stored->len);
}

static gint64
run_job (NasSearchJob *job)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nas_search_job_run (job, &error));
  g_assert_no_error (error);
  return nas_search_job_get_run_id (job);
}

/* Stopped after 2 episodes and resumed twice, a run equals the
 * uninterrupted one with the same seed, for both strategies. */
static void
test_resume_exact (void)
{
  if (!have_mnist ())
    return;

  for (guint s = 0; s < 2; s++)
    {
      NasStrategy strategy = s == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM;
      g_autoptr(NasSearchConfig) config = tiny_config (strategy, 11);
      g_autofree char *path = db_path (s == 0 ? "resume-rl.db" : "resume-random.db");
      g_autoptr(NasSearchJob) whole = nas_search_job_new (path, config, NULL);
      g_autoptr(NasSearchJob) part = nas_search_job_new (path, config, NULL);
      g_autoptr(NasSearchJob) rest = NULL;
      g_autoptr(NasSearchJob) last = NULL;
      g_autoptr(GPtrArray) a = NULL;
      g_autoptr(GPtrArray) b = NULL;
      gint64 whole_id, part_id;

      whole_id = run_job (whole);

      nas_search_job_set_stop_after (part, 2);
      part_id = run_job (part);
      g_assert_cmpint (nas_search_job_get_status (part), ==, NAS_RUN_STOPPED);
      b = stored_episodes (path, part_id);
      g_assert_cmpuint (b->len, ==, 2);
      g_clear_pointer (&b, g_ptr_array_unref);

      rest = nas_search_job_new_resume (path, part_id);
      nas_search_job_set_stop_after (rest, 4);
      run_job (rest);
      last = nas_search_job_new_resume (path, part_id);
      run_job (last);
      g_assert_cmpint (nas_search_job_get_status (last), ==, NAS_RUN_FINISHED);

      a = stored_episodes (path, whole_id);
      b = stored_episodes (path, part_id);
      assert_same_episodes (a, b);
    }
}

/* The children train with the configuration's recipe, and a resumed run
 * reads it back from the store: stopped and resumed, a run with a cosine
 * recipe equals the uninterrupted one, and its first child (the same
 * architecture as without the recipe) ends elsewhere than a constant one. */
static void
test_resume_recipe (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_REINFORCE, 12);
  g_autoptr(NasSearchConfig) plain = tiny_config (NAS_STRATEGY_REINFORCE, 12);
  g_autofree char *path = db_path ("resume-recipe.db");
  g_autoptr(NasSearchJob) whole = NULL, part = NULL, rest = NULL, constant = NULL;
  g_autoptr(GPtrArray) a = NULL, b = NULL, c = NULL;
  const NasEpisodeRecord *x, *y;
  gint64 whole_id, part_id;

  if (!have_mnist ())
    return;

  config->episodes = 3;
  plain->episodes = 3;
  config->recipe.lr = 3e-3f;
  config->recipe.schedule.kind = NAS_SCHEDULE_COSINE;
  config->recipe.schedule.warmup_steps = 3;
  config->recipe.weight_decay = 1e-2f;
  whole = nas_search_job_new (path, config, NULL);
  part = nas_search_job_new (path, config, NULL);
  constant = nas_search_job_new (path, plain, NULL);
  whole_id = run_job (whole);
  nas_search_job_set_stop_after (part, 1);
  part_id = run_job (part);
  rest = nas_search_job_new_resume (path, part_id);
  run_job (rest);
  a = stored_episodes (path, whole_id);
  b = stored_episodes (path, part_id);
  assert_same_episodes (a, b);

  c = stored_episodes (path, run_job (constant));
  x = g_ptr_array_index (a, 0);
  y = g_ptr_array_index (c, 0);
  g_test_message ("first child %s: cosine recipe %.4f, constant %.4f", x->architecture,
                  x->validation_accuracy, y->validation_accuracy);
  g_assert_cmpstr (x->architecture, ==, y->architecture);
  g_assert_true (x->validation_accuracy != y->validation_accuracy);
}

/* A finished run cannot be resumed, and the attempt changes nothing. */
static void
test_resume_finished (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_RANDOM, 3);
  g_autofree char *path = db_path ("finished.db");
  g_autoptr(NasSearchJob) job = NULL;
  g_autoptr(NasSearchJob) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!have_mnist ())
    return;

  config->episodes = 1;
  job = nas_search_job_new (path, config, NULL);
  id = run_job (job);

  again = nas_search_job_new_resume (path, id);
  g_assert_false (nas_search_job_run (again, &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_STATE);
  g_test_message ("%s", error->message);

  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, NULL);
    g_autoptr(NasRun) run = nas_store_get_run (store, id, NULL);

    g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
  }
}

typedef struct
{
  GMainLoop       *loop;
  NasSearchEngine *engine;
  guint            finished;
  guint            paused;
  guint            resumed;
  gboolean         pause_sent;
  NasRunStatus     status;
  GThread         *main_thread;
} EngineState;

static void
engine_event_cb (NasSearchEngine *engine,
                 NasSearchEvent  *event,
                 EngineState     *state)
{
  /* Events arrive on the thread that created the engine. */
  g_assert_true (g_thread_self () == state->main_thread);

  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_CHILD_PROGRESS:
      if (!state->pause_sent && state->finished == 1)
        {
          state->pause_sent = TRUE;
          nas_search_engine_pause (engine);
        }
      break;
    case NAS_SEARCH_EVENT_PAUSED:
      state->paused++;
      g_assert_true (nas_search_engine_get_paused (engine));
      nas_search_engine_unpause (engine);
      break;
    case NAS_SEARCH_EVENT_RESUMED:
      state->resumed++;
      break;
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
      if (++state->finished == 3)
        nas_search_engine_stop (engine);
      break;
    case NAS_SEARCH_EVENT_RUN_FINISHED:
      state->status = event->status;
      break;
    case NAS_SEARCH_EVENT_RUN_FAILED:
      g_error ("search failed: %s", event->error->message);
      break;
    default:
      break;
    }
}

static void
engine_running_cb (NasSearchEngine *engine,
                   GParamSpec      *pspec,
                   EngineState     *state)
{
  if (!nas_search_engine_get_running (engine))
    g_main_loop_quit (state->loop);
}

/* The engine on its worker thread: events on the main context, pause at a
 * mini-batch, resume, stop; a second start while running is refused. */
static void
test_engine (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_REINFORCE, 5);
  g_autofree char *path = db_path ("engine.db");
  g_autoptr(NasSearchEngine) engine = nas_search_engine_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  EngineState state = { .main_thread = g_thread_self () };

  if (!have_mnist ())
    return;

  state.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (engine, "event", G_CALLBACK (engine_event_cb), &state);
  g_signal_connect (engine, "notify::running", G_CALLBACK (engine_running_cb), &state);

  g_assert_true (nas_search_engine_start (engine, config, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (nas_search_engine_start (engine, config, NULL, &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_STATE);
  g_clear_error (&error);

  g_main_loop_run (state.loop);

  g_assert_cmpuint (state.paused, ==, 1);
  g_assert_cmpuint (state.resumed, ==, 1);
  g_assert_cmpint (state.status, ==, NAS_RUN_STOPPED);
  stored = stored_episodes (path, nas_search_engine_get_run_id (engine));
  g_assert_cmpuint (stored->len, ==, 3);
  g_main_loop_unref (state.loop);
}

/* An invalid configuration never reaches the worker. */
static void
test_engine_invalid (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autofree char *path = db_path ("invalid.db");
  g_autoptr(NasSearchEngine) engine = nas_search_engine_new (path);
  g_autoptr(GError) error = NULL;

  config->max_layers = 0;
  g_assert_false (nas_search_engine_start (engine, config, NULL, &error));
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
  g_assert_false (nas_search_engine_get_running (engine));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The final evaluation stores the retrained architecture and the baselines. */
static void
test_retrain (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_RANDOM, 9);
  g_autofree char *path = db_path ("retrain.db");
  g_autoptr(NasSearchJob) job = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!have_mnist ())
    return;
  /* Baselines on the whole training split take minutes: only with -m slow.
   * By default the searched architecture alone, for one epoch. */
  config->episodes = 2;
  job = nas_search_job_new (path, config, NULL);
  id = run_job (job);

  g_assert_true (nas_search_retrain (path, id, -1, 1, 0, g_test_slow (), NULL, NULL, NULL, &evaluations, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evaluations->len, ==, g_test_slow () ? 3 : 1);
  for (guint i = 0; i < evaluations->len; i++)
    {
      const NasFinalEvaluation *f = g_ptr_array_index (evaluations, i);

      g_test_message ("%s: test %.4f, validation %.4f, %s", f->name, f->test_accuracy,
                      f->validation_accuracy, f->architecture);
      g_assert_cmpfloat (f->test_accuracy, >, 0.5);
      g_assert_cmpuint (f->epochs, ==, 1);
    }

  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, NULL);
    g_autoptr(GPtrArray) stored = nas_store_list_final_evaluations (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, evaluations->len);
  }

  g_assert_false (nas_search_retrain (path, id, 99, 1, 0, FALSE, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (nas_search_retrain (path, id, -1, 0, 0, FALSE, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID);
}

static gboolean
count_progress_cb (const char          *name,
                   const NasCurvePoint *point,
                   guint64              total_steps,
                   gpointer             data)
{
  g_assert_nonnull (name);
  g_assert_cmpuint (point->step, <=, total_steps);
  g_assert_cmpuint (total_steps, ==, 5);
  (*(guint64 *) data)++;
  return TRUE;
}

/* Train and save: the same training as the final evaluation (same seed,
 * same steps), so the saved network scores exactly the test accuracy the
 * retrain measured, and reading the file back gives that network again. */
static void
test_train_and_save (void)
{
  g_autoptr(NasSearchConfig) config = tiny_config (NAS_STRATEGY_RANDOM, 11);
  g_autofree char *path = db_path ("weights.db");
  g_autofree char *weights_path = db_path ("best.weights");
  g_autoptr(NasSearchJob) job = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GError) error = NULL;
  const NasFinalEvaluation *retrained;
  guint64 calls = 0;
  double accuracy = -1, reloaded = -1, loss;
  gint64 id;

  if (!have_mnist ())
    return;
  config->episodes = 2;
  job = nas_search_job_new (path, config, NULL);
  id = run_job (job);

  g_assert_true (nas_search_retrain (path, id, 0, 1, 5, FALSE, NULL, NULL, NULL, &evaluations, &error));
  g_assert_no_error (error);
  retrained = g_ptr_array_index (evaluations, 0);

  g_assert_true (nas_retrain_train_and_save (path, id, 0, 1, 5, weights_path,
                                             count_progress_cb, &calls, NULL, &accuracy, &error));
  g_assert_no_error (error);
  g_test_message ("5 steps: retrain %.4f, train and save %.4f, %" G_GUINT64_FORMAT " progress calls",
                  retrained->test_accuracy, accuracy, calls);
  g_assert_cmpuint (calls, ==, 5);
  g_assert_cmpfloat (accuracy, ==, retrained->test_accuracy);

  {
    g_autoptr(NasDataset) dataset = nas_dataset_load (config->dataset, &error);
    g_autoptr(NasArch) arch = nas_arch_parse (retrained->architecture, &error);
    g_autoptr(NasNet) net = NULL;

    g_assert_no_error (error);
    net = nas_net_new (arch, dataset->test.c, dataset->test.h, dataset->test.w, dataset->n_classes,
                       100, 1, &error);
    g_assert_no_error (error);
    g_assert_true (nas_net_load (net, weights_path, &error));
    g_assert_no_error (error);
    g_assert_true (nas_evaluate (net, &dataset->test, NULL, &reloaded, &loss, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (reloaded, ==, accuracy);
  }

  /* Reads only: nothing stored beyond the retrain's one row. */
  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, NULL);
    g_autoptr(GPtrArray) stored = nas_store_list_final_evaluations (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, 1);
  }

  g_assert_false (nas_retrain_train_and_save (path, id, 99, 1, 5, weights_path,
                                              NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
}

/* Runs nobody named are told apart by strategy, dataset and start time;
 * the retrain of an episode is named with its 1-based number. */
static void
test_run_names (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = g_date_time_new (utc, 2026, 12, 3, 14, 5, 30);
  g_autoptr(GDateTime) later = g_date_time_new (utc, 2026, 12, 3, 14, 6, 0);
  g_autofree char *a = nas_run_default_name (NAS_STRATEGY_REINFORCE, "mnist", start);
  g_autofree char *b = nas_run_default_name (NAS_STRATEGY_REINFORCE, "mnist", later);
  g_autofree char *c = nas_run_default_name (NAS_STRATEGY_RANDOM, "/data/sets/fashion-mnist", start);
  g_autofree char *now = nas_run_default_name (NAS_STRATEGY_REINFORCE, "mnist", NULL);
  g_autofree char *retrain = nas_retrain_name (2, 28);

  g_assert_cmpstr (a, ==, "REINFORCE on mnist · 3 Dec 14:05");
  g_assert_cmpstr (b, ==, "REINFORCE on mnist · 3 Dec 14:06");
  g_assert_cmpstr (c, ==, "Random search on fashion-mnist · 3 Dec 14:05");
  g_assert_true (g_str_has_prefix (now, "REINFORCE on mnist · "));
  g_assert_cmpstr (retrain, ==, "Run 2, episode 29");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  nas_nn_set_threads (1);
  tmpdir = g_dir_make_tmp ("nascent-test-search-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/search/run-names", test_run_names);
  g_test_add_func ("/search/engine/end-to-end", test_end_to_end);
  g_test_add_func ("/search/engine/optional-space", test_optional_space);
  g_test_add_func ("/search/engine/resume-exact", test_resume_exact);
  g_test_add_func ("/search/engine/resume-finished", test_resume_finished);
  g_test_add_func ("/search/engine/resume-recipe", test_resume_recipe);
  g_test_add_func ("/search/engine/thread-pause-stop", test_engine);
  g_test_add_func ("/search/engine/invalid-config", test_engine_invalid);
  g_test_add_func ("/search/engine/retrain", test_retrain);
  g_test_add_func ("/search/engine/train-and-save", test_train_and_save);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmpdir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
