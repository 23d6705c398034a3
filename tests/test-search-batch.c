/* test-search-batch.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Batched searches on real MNIST with a tiny budget: children evaluated by
 * a test pool that finishes them in reverse or random order give the same
 * episodes, bit for bit, as the local pool; a search stopped inside a batch
 * (after some children finished, before or after some were reported)
 * resumes the same batch without training the finished children again,
 * and equals the uninterrupted run. The controller samples a batch as it
 * samples one episode at a time. The SIGKILL test of a batched search is
 * in test-cli-search.c. */

#define G_LOG_DOMAIN "test-search-batch"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "nas-dataset.h"
#include "nas-controller.h"
#include "nas-eval-pool.h"
#include "nas-nn.h"
#include "nas-search-job.h"
#include "nas-store.h"

static char *tmpdir;

typedef enum
{
  ORDER_SUBMITTED,
  ORDER_REVERSE,
  ORDER_RANDOM,
} Order;

/* What a test pool does, owned by the test (the job frees the pool). */
typedef struct
{
  Order         order;
  guint32       seed;
  NasSearchJob *job;             /* stopped as child stop_after + 1 would start */
  guint         stop_after;      /* 0 = never */
  guint         submitted;       /* out */
  guint         delivered;       /* out */
} PoolSpec;

typedef struct
{
  NasEvalRequest *request;
  guint64         tag;
} Queued;

typedef struct
{
  NasEvalPool       parent;
  const NasDataset *dataset;
  PoolSpec         *spec;
  GPtrArray        *queue;       /* Queued */
  GRand            *rand;
} TestPool;

static void
queued_free (Queued *queued)
{
  nas_eval_request_free (queued->request);
  g_free (queued);
}

static gboolean
test_submit (NasEvalPool          *pool,
             const NasEvalRequest *request,
             guint64               tag,
             GError              **error)
{
  TestPool *self = (TestPool *) pool;
  Queued *queued = g_new0 (Queued, 1);

  queued->request = nas_eval_request_copy (request);
  queued->tag = tag;
  g_ptr_array_add (self->queue, queued);
  self->spec->submitted++;
  return TRUE;
}

static gboolean
test_next (NasEvalPool    *pool,
           GCancellable   *cancellable,
           guint64        *out_tag,
           NasEvalResult  *result,
           GError        **error)
{
  TestPool *self = (TestPool *) pool;
  guint i = 0;
  Queued *queued;

  if (self->spec->stop_after > 0 && self->spec->delivered == self->spec->stop_after)
    nas_search_job_stop (self->spec->job);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (self->spec->order == ORDER_REVERSE)
    i = self->queue->len - 1;
  else if (self->spec->order == ORDER_RANDOM)
    i = (guint) g_rand_int_range (self->rand, 0, (gint32) self->queue->len);
  queued = g_ptr_array_index (self->queue, i);

  *out_tag = queued->tag;
  pool->callbacks.started (queued->tag, pool->callbacks.user_data);
  if (!nas_evaluator_run (self->dataset, queued->request, NULL, NULL, NULL, cancellable, result, error))
    return FALSE;
  g_ptr_array_remove_index (self->queue, i);
  self->spec->delivered++;
  return TRUE;
}

static void
test_cancel (NasEvalPool *pool,
             guint64      tag)
{
  TestPool *self = (TestPool *) pool;

  for (guint i = 0; i < self->queue->len; i++)
    if (((Queued *) g_ptr_array_index (self->queue, i))->tag == tag)
      g_ptr_array_remove_index (self->queue, i--);
}

static guint
test_pending (NasEvalPool *pool)
{
  return ((TestPool *) pool)->queue->len;
}

static void
test_finalize (NasEvalPool *pool)
{
  TestPool *self = (TestPool *) pool;

  g_ptr_array_unref (self->queue);
  g_rand_free (self->rand);
}

static const NasEvalPoolClass test_class = {
  .submit = test_submit,
  .next = test_next,
  .cancel = test_cancel,
  .pending = test_pending,
  .finalize = test_finalize,
};

static NasEvalPool *
test_pool_new (const NasDataset *dataset,
               gpointer          user_data)
{
  TestPool *self = g_new0 (TestPool, 1);

  self->parent.klass = &test_class;
  self->dataset = dataset;
  self->spec = user_data;
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) queued_free);
  self->rand = g_rand_new_with_seed (self->spec->seed);
  return &self->parent;
}

/* 12 episodes in batches of 4 over a space of 8 architectures (one layer:
 * 2 kernels × 2 filter counts × 2 dropouts, one pool), small enough to
 * repeat itself inside a batch, so that cached episodes and repeats are
 * exercised. */
static NasSearchConfig *
batch_config (NasStrategy strategy,
              guint64     seed)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->strategy = strategy;
  config->episodes = 12;
  config->episodes_per_update = 4;
  config->child_steps = 8;
  config->batch_size = 32;
  config->train_subset = 1000;
  config->seed = seed;
  config->max_layers = 1;
  config->n_kernels = 2;
  config->kernels[0] = 1;
  config->kernels[1] = 3;
  config->n_filters = 2;
  config->filters[0] = 4;
  config->filters[1] = 8;
  config->n_pools = 1;
  config->pools[0] = 2;
  config->n_dropouts = 2;
  config->dropouts[0] = 0;
  config->dropouts[1] = 0.25;
  config->epsilon = 0.3;
  return config;
}

static gboolean
have_mnist (void)
{
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);

  if (folder == NULL)
    g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
  return folder != NULL;
}

static gint64
run_job (NasSearchJob *job)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nas_search_job_run (job, &error));
  g_assert_no_error (error);
  return nas_search_job_get_run_id (job);
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

static NasPendingBatch *
pending_batch (const char *path,
               gint64      run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  NasPendingBatch *batch = NULL;

  g_assert_no_error (error);
  g_assert_true (nas_store_get_pending_batch (store, run_id, &batch, &error));
  g_assert_no_error (error);
  return batch;
}

static guint
n_finished (const NasPendingBatch *batch)
{
  guint n = 0;

  for (guint i = 0; i < batch->children->len; i++)
    n += ((NasPendingChild *) g_ptr_array_index (batch->children, i))->finished;
  return n;
}

/* Bit for bit: every number the controller and the children produced. */
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
      g_assert_true (x->reward == y->reward);
      g_assert_true (x->baseline == y->baseline);
      g_assert_true (x->advantage == y->advantage);
      g_assert_true (x->loss == y->loss);
      g_assert_true (x->entropy == y->entropy);
      g_assert_true (x->validation_accuracy == y->validation_accuracy ||
                     (isnan (x->validation_accuracy) && isnan (y->validation_accuracy)));
      g_assert_true (x->validation_loss == y->validation_loss ||
                     (isnan (x->validation_loss) && isnan (y->validation_loss)));
      g_assert_cmpint (x->flags, ==, y->flags);
    }
}

/* The controller's part: 2 layers × (kernel 3, filters 4, pool 3,
 * dropout 4), with a searched depth. */
static const guint choices[4] = { 3, 4, 3, 4 };

static NasController *
make_controller (const NasPolicySpec *spec,
                 NasStrategy          strategy,
                 guint64              seed,
                 guint                batch)
{
  NasControllerParams params;
  g_autoptr(GError) error = NULL;
  NasController *ctrl;

  nas_controller_params_init (&params);
  params.strategy = strategy;
  params.seed = seed;
  params.batch = batch;
  ctrl = nas_controller_new (spec, &params, &error);
  g_assert_no_error (error);
  return ctrl;
}

/* Fraction of the active decisions equal to the target's. */
static double
match_reward (const NasSample *sample,
              const gint      *target)
{
  guint hits = 0;

  for (guint t = 0; t < sample->n_active; t++)
    hits += sample->actions[t] == target[t];
  return (double) hits / sample->n_active;
}

/* Sampling the episodes left before an update at once and reporting them
 * afterwards gives bit for bit the run that sampling and reporting them one
 * at a time gives (ε exploration included, for both strategies), and a
 * sample stored as bytes reads back identical. */
static void
test_controller (void)
{
  NasPolicySpec spec;
  gint target[NAS_POLICY_MAX_DECISIONS];

  nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
  for (guint t = 0; t < spec.n_decisions; t++)
    target[t] = (gint) (t % 2);
  for (guint s = 0; s < 2; s++)
    {
      NasStrategy strategy = s == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM;
      g_autoptr(NasController) one = make_controller (&spec, strategy, 21, 3);
      g_autoptr(NasController) batched = make_controller (&spec, strategy, 21, 3);
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;

      for (guint round = 0; round < 5; round++)
        {
          guint n = nas_controller_get_until_update (batched);
          g_autoptr(GPtrArray) samples = nas_controller_sample_batch (batched, n, NULL, NULL);

          g_assert_cmpuint (n, ==, 3);
          for (guint i = 0; i < n; i++)
            {
              g_autoptr(NasSample) x = nas_controller_sample (one);
              NasSample *y = g_ptr_array_index (samples, i);
              g_autoptr(GBytes) bytes = nas_controller_save_sample (batched, y);
              g_autoptr(NasSample) z = nas_controller_load_sample (batched, bytes, NULL);
              g_autoptr(GBytes) again = NULL;
              NasReport rx, ry;

              g_assert_cmpmem (x->actions, spec.n_decisions * sizeof (gint), y->actions, spec.n_decisions * sizeof (gint));
              g_assert_true (x->log_prob == y->log_prob && x->explored == y->explored);
              g_assert_nonnull (z);
              again = nas_controller_save_sample (batched, z);
              g_assert_true (g_bytes_equal (bytes, again));
              g_assert_true (z->mean_entropy == y->mean_entropy && z->index == y->index);

              g_assert_true (nas_controller_report (one, x, match_reward (x, target), &rx, NULL));
              g_assert_true (nas_controller_report (batched, z, match_reward (z, target), &ry, NULL));
              g_assert_true (rx.loss == ry.loss && rx.baseline == ry.baseline && rx.updated == ry.updated);
              /* Random search has no updates to wait for. */
              if (strategy == NAS_STRATEGY_REINFORCE)
                g_assert_cmpuint (nas_controller_get_until_update (one), ==, (i + 1 < n) ? n - i - 1 : 3);
            }
        }
      a = nas_controller_save (one);
      b = nas_controller_save (batched);
      g_assert_true (g_bytes_equal (a, b));

      /* A damaged or foreign sample is refused, not trusted. */
      {
        g_autoptr(NasSample) x = nas_controller_sample (one);
        g_autoptr(GBytes) bytes = nas_controller_save_sample (one, x);
        g_autoptr(GBytes) cut = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) - 9);
        g_autoptr(GError) error = NULL;
        g_autoptr(NasSample) none = nas_controller_load_sample (one, cut, &error);

        g_assert_null (none);
        g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT);
      }
    }
}

/* Results in reverse and in random order give the local pool's episodes. */
static void
test_order (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "order.db", NULL);

  if (!have_mnist ())
    return;

  for (guint s = 0; s < 2; s++)
    {
      NasStrategy strategy = s == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM;
      g_autoptr(NasSearchConfig) config = batch_config (strategy, 5);
      g_autoptr(NasSearchJob) local = nas_search_job_new (path, config, NULL);
      g_autoptr(GPtrArray) expected = stored_episodes (path, run_job (local));
      guint cached = 0;

      /* A cached episode has the result of the first one that trained its
       * architecture, inside its batch or before it. */
      for (guint i = 0; i < expected->len; i++)
        {
          const NasEpisodeRecord *e = g_ptr_array_index (expected, i);
          gboolean seen = FALSE;

          for (guint j = 0; j < i; j++)
            seen |= g_strcmp0 (((NasEpisodeRecord *) g_ptr_array_index (expected, j))->architecture,
                               e->architecture) == 0;
          g_assert_true (seen == ((e->flags & NAS_EPISODE_CACHED) != 0));
          if (!seen)
            continue;
          cached++;
          for (guint j = 0; j < i; j++)
            {
              const NasEpisodeRecord *first = g_ptr_array_index (expected, j);

              if (g_strcmp0 (first->architecture, e->architecture) == 0)
                {
                  g_assert_false (first->flags & NAS_EPISODE_CACHED);
                  g_assert_true (first->validation_accuracy == e->validation_accuracy);
                  g_assert_true (first->validation_loss == e->validation_loss);
                  break;
                }
            }
        }
      g_test_message ("%s: %u of %u episodes cached", s == 0 ? "REINFORCE" : "random", cached, expected->len);
      g_assert_cmpuint (cached, >, 0);

      for (Order order = ORDER_REVERSE; order <= ORDER_RANDOM; order++)
        {
          PoolSpec spec = { .order = order, .seed = 17 + order };
          g_autoptr(NasSearchJob) job = nas_search_job_new (path, config, NULL);
          g_autoptr(GPtrArray) got = NULL;

          nas_search_job_set_pool_func (job, test_pool_new, &spec);
          got = stored_episodes (path, run_job (job));
          g_assert_cmpuint (spec.submitted, ==, expected->len - cached);
          g_assert_cmpuint (spec.delivered, ==, spec.submitted);
          assert_same_episodes (expected, got);
          g_assert_null (pending_batch (path, nas_search_job_get_run_id (job)));
        }
    }
}

/* Stopped inside a batch, once after two episodes of it were reported with
 * its last two children already finished (reverse order, stop-after), once
 * before any was reported (stopped by the pool after two of its results): the
 * batch stays in the history with those results, the resumed run trains
 * only the others, and the run equals the uninterrupted one. */
static void
test_resume_mid_batch (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "resume.db", NULL);
  g_autoptr(NasSearchConfig) config = batch_config (NAS_STRATEGY_REINFORCE, 9);
  g_autoptr(NasSearchJob) whole = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  if (!have_mnist ())
    return;

  config->cache = FALSE;   /* every child trains: the counts below are exact */
  whole = nas_search_job_new (path, config, NULL);
  expected = stored_episodes (path, run_job (whole));

  for (guint c = 0; c < 2; c++)
    {
      PoolSpec spec = { .order = ORDER_REVERSE, .seed = 3 };
      PoolSpec again = { .order = ORDER_SUBMITTED };
      g_autoptr(NasSearchJob) part = nas_search_job_new (path, config, NULL);
      g_autoptr(NasSearchJob) rest = NULL;
      g_autoptr(NasPendingBatch) batch = NULL;
      g_autoptr(GPtrArray) got = NULL;
      g_autoptr(GPtrArray) partial = NULL;
      gint64 id;

      nas_search_job_set_pool_func (part, test_pool_new, &spec);
      spec.job = part;
      if (c == 0)
        nas_search_job_set_stop_after (part, 6);     /* episodes 4, 5 of batch 4–7 */
      else
        spec.stop_after = 6;                         /* batch 0–3, then 7, 6 of batch 4–7 */
      id = run_job (part);
      g_assert_cmpint (nas_search_job_get_status (part), ==, NAS_RUN_STOPPED);

      partial = stored_episodes (path, id);
      batch = pending_batch (path, id);
      g_assert_nonnull (batch);
      g_assert_cmpuint (batch->first_episode, ==, 4);
      g_assert_cmpuint (batch->children->len, ==, 4);
      g_test_message ("stopped with %u episodes stored and %u children of the batch finished",
                      partial->len, n_finished (batch));
      g_assert_cmpuint (partial->len, ==, (c == 0) ? 6 : 4);
      /* Results reported as they arrived (episode 4 here) are stored as
       * episodes, not as results of the batch. */
      g_assert_cmpuint (n_finished (batch), ==, (c == 0) ? 3 : 2);

      rest = nas_search_job_new_resume (path, id);
      nas_search_job_set_pool_func (rest, test_pool_new, &again);
      run_job (rest);
      g_assert_cmpint (nas_search_job_get_status (rest), ==, NAS_RUN_FINISHED);
      /* The children of the batch that had finished did not train again. */
      g_assert_cmpuint (again.submitted, ==, 12 - 8 + ((c == 0) ? 0 : 2));

      got = stored_episodes (path, id);
      assert_same_episodes (expected, got);
      g_assert_null (pending_batch (path, id));
    }
}

/* With one episode per update the batch is that episode: stopped right
 * after its batch was committed, before its child trained, a run resumes
 * it and equals the uninterrupted one. */
static void
test_resume_single (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "single.db", NULL);
  g_autoptr(NasSearchConfig) config = batch_config (NAS_STRATEGY_REINFORCE, 4);
  g_autoptr(NasSearchJob) whole = NULL;
  g_autoptr(NasSearchJob) part = NULL;
  g_autoptr(NasSearchJob) rest = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(NasPendingBatch) batch = NULL;
  PoolSpec spec = { .order = ORDER_SUBMITTED };
  gint64 id;

  if (!have_mnist ())
    return;

  config->episodes = 5;
  config->episodes_per_update = 1;
  config->cache = FALSE;
  whole = nas_search_job_new (path, config, NULL);
  expected = stored_episodes (path, run_job (whole));

  /* The pool stops the job as the third child would start: its batch
   * stays committed, without a result. */
  part = nas_search_job_new (path, config, NULL);
  spec.job = part;
  spec.stop_after = 2;
  nas_search_job_set_pool_func (part, test_pool_new, &spec);
  id = run_job (part);
  batch = pending_batch (path, id);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->first_episode, ==, 2);
  g_assert_cmpuint (n_finished (batch), ==, 0);

  rest = nas_search_job_new_resume (path, id);
  run_job (rest);
  assert_same_episodes (expected, stored_episodes (path, id));
}

static void
assert_same_rungs (const char *path,
                   gint64      a_id,
                   gint64      b_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_assert_no_error (error);
  g_assert_true (nas_store_list_rungs (store, a_id, &a, &error));
  g_assert_true (nas_store_list_rungs (store, b_id, &b, &error));
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const NasRungEvaluation *x = g_ptr_array_index (a, i);
      const NasRungEvaluation *y = g_ptr_array_index (b, i);

      g_assert_cmpuint (x->episode, ==, y->episode);
      g_assert_cmpuint (x->rung, ==, y->rung);
      g_assert_cmpuint (x->steps, ==, y->steps);
      g_assert_true (x->validation_accuracy == y->validation_accuracy);
      g_assert_cmpint (x->cached, ==, y->cached);
    }
}

/* Successive halving, 2 brackets of 9 over 3 rungs at η = 3: the same
 * architectures, rungs and rewards whatever order the pool returns
 * results in, and after a stop in the middle of a bracket's rungs the
 * resumed run trains only what had not finished. */
static void
test_halving (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "halving.db", NULL);
  g_autoptr(NasSearchConfig) config = batch_config (NAS_STRATEGY_REINFORCE, 13);
  g_autoptr(NasSearchJob) whole = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) rungs = NULL;
  g_autoptr(GError) error = NULL;
  guint per_rung[3] = { 0 };
  guint trained = 0;
  gint64 whole_id;

  if (!have_mnist ())
    return;

  config->episodes = 18;
  config->child_steps = 9;
  config->halving_rungs = 3;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  whole = nas_search_job_new (path, config, NULL);
  whole_id = run_job (whole);
  expected = stored_episodes (path, whole_id);
  g_assert_cmpuint (expected->len, ==, 18);
  {
    g_autoptr(NasStore) store = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);

    guint n_rungs, timed, with_time = 0;
    double seconds, sum = 0;

    g_assert_true (nas_store_list_rungs (store, whole_id, &rungs, &error));
    g_assert_no_error (error);
    /* The same rungs summed by SQL, as a study's report reads them. */
    g_assert_true (nas_store_get_rung_time (store, whole_id, &n_rungs, &seconds, &timed, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < rungs->len; i++)
      {
        const NasRungEvaluation *r = g_ptr_array_index (rungs, i);

        sum += r->train_seconds;
        with_time += r->train_seconds > 0;
      }
    g_assert_cmpuint (n_rungs, ==, rungs->len);
    g_assert_cmpuint (timed, ==, with_time);
    g_assert_cmpuint (timed, >, 0);
    g_assert_cmpfloat_with_epsilon (seconds, sum, 1e-9 * MAX (1.0, sum));
  }
  for (guint i = 0; i < rungs->len; i++)
    {
      const NasRungEvaluation *r = g_ptr_array_index (rungs, i);

      per_rung[r->rung]++;
      trained += !r->cached;
      g_assert_cmpuint (r->steps, ==, r->rung == 0 ? 1 : r->rung == 1 ? 3 : 9);
    }
  g_test_message ("%u, %u, %u evaluations at rungs 0, 1, 2, %u trained", per_rung[0], per_rung[1],
                  per_rung[2], trained);
  g_assert_cmpuint (per_rung[0], ==, 18);
  g_assert_cmpuint (per_rung[1], ==, 6);
  g_assert_cmpuint (per_rung[2], ==, 2);

  for (Order order = ORDER_REVERSE; order <= ORDER_RANDOM; order++)
    {
      PoolSpec spec = { .order = order, .seed = 31 + order };
      g_autoptr(NasSearchJob) job = nas_search_job_new (path, config, NULL);
      g_autoptr(GPtrArray) got = NULL;
      gint64 id;

      nas_search_job_set_pool_func (job, test_pool_new, &spec);
      id = run_job (job);
      got = stored_episodes (path, id);
      assert_same_episodes (expected, got);
      assert_same_rungs (path, whole_id, id);
      g_assert_null (pending_batch (path, id));
    }

  {
    PoolSpec spec = { .order = ORDER_RANDOM, .seed = 5, .stop_after = trained / 2 };
    PoolSpec again = { .order = ORDER_SUBMITTED };
    g_autoptr(NasSearchJob) part = nas_search_job_new (path, config, NULL);
    g_autoptr(NasSearchJob) rest = NULL;
    g_autoptr(GPtrArray) got = NULL;
    gint64 id;

    nas_search_job_set_pool_func (part, test_pool_new, &spec);
    spec.job = part;
    id = run_job (part);
    g_assert_cmpint (nas_search_job_get_status (part), ==, NAS_RUN_STOPPED);
    {
      g_autoptr(NasPendingBatch) batch = pending_batch (path, id);

      g_assert_nonnull (batch);
    }

    rest = nas_search_job_new_resume (path, id);
    nas_search_job_set_pool_func (rest, test_pool_new, &again);
    run_job (rest);
    g_assert_cmpint (nas_search_job_get_status (rest), ==, NAS_RUN_FINISHED);
    g_test_message ("stopped after %u results; the resumed run trained %u", spec.delivered, again.submitted);
    /* Each result was committed as it came: none trained twice. */
    g_assert_cmpuint (spec.delivered + again.submitted, ==, trained);
    got = stored_episodes (path, id);
    assert_same_episodes (expected, got);
    assert_same_rungs (path, whole_id, id);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  nas_nn_set_threads (1);
  tmpdir = g_dir_make_tmp ("nascent-test-batch-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/search/batch/controller", test_controller);
  g_test_add_func ("/search/batch/order", test_order);
  g_test_add_func ("/search/batch/resume-mid-batch", test_resume_mid_batch);
  g_test_add_func ("/search/batch/resume-single", test_resume_single);
  g_test_add_func ("/search/batch/halving", test_halving);

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
