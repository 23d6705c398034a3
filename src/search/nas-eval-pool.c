/* nas-eval-pool.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator pool's calls and its local implementation: a queue of
 * copied requests trained one at a time, in the order of submission, on
 * the thread that asks for the next result. Workload: a handful of
 * requests per batch, each seconds to minutes of training, so a linked
 * queue and one copy of each architecture cost nothing. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include "nas-eval-pool.h"

typedef struct
{
  NasEvalRequest *request;
  guint64         tag;
} Queued;

typedef struct
{
  NasEvalPool       parent;
  const NasDataset *dataset;   /* borrowed, read-only */
  GQueue            queue;     /* of Queued, in submission order */
  guint64           current;   /* tag of the child training, for the callbacks */
} LocalPool;

static void
queued_free (Queued *queued)
{
  nas_eval_request_free (queued->request);
  g_free (queued);
}

static gboolean
local_progress_cb (const NasCurvePoint *point,
                   guint64              total_steps,
                   gpointer             user_data)
{
  LocalPool *self = user_data;

  if (self->parent.callbacks.progress == NULL)
    return TRUE;
  return self->parent.callbacks.progress (self->current, point, total_steps,
                                          self->parent.callbacks.user_data);
}

static gboolean
local_step_cb (gpointer user_data)
{
  LocalPool *self = user_data;

  return self->parent.callbacks.before_step (self->parent.callbacks.user_data);
}

static gboolean
local_submit (NasEvalPool          *pool,
              const NasEvalRequest *request,
              guint64               tag,
              GError              **error)
{
  LocalPool *self = (LocalPool *) pool;
  Queued *queued = g_new0 (Queued, 1);

  queued->request = nas_eval_request_copy (request);
  queued->tag = tag;
  g_queue_push_tail (&self->queue, queued);
  return TRUE;
}

/* A cancelled child stays queued: the search stops, and a resumed run
 * submits it again. */
static gboolean
local_next (NasEvalPool    *pool,
            GCancellable   *cancellable,
            guint64        *out_tag,
            NasEvalResult  *result,
            GError        **error)
{
  LocalPool *self = (LocalPool *) pool;
  Queued *queued = g_queue_peek_head (&self->queue);
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  self->current = *out_tag = queued->tag;
  if (pool->callbacks.started != NULL)
    pool->callbacks.started (queued->tag, pool->callbacks.user_data);

  ok = nas_evaluator_run (self->dataset, queued->request, local_progress_cb,
                          pool->callbacks.before_step != NULL ? local_step_cb : NULL, self,
                          cancellable, result, error);
  if (!ok && error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  queued_free (g_queue_pop_head (&self->queue));
  return ok;
}

static void
local_cancel (NasEvalPool *pool,
              guint64      tag)
{
  LocalPool *self = (LocalPool *) pool;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      Queued *queued = l->data;

      if (queued->tag == tag)
        {
          queued_free (queued);
          g_queue_delete_link (&self->queue, l);
          return;
        }
    }
}

static guint
local_pending (NasEvalPool *pool)
{
  return ((LocalPool *) pool)->queue.length;
}

static void
local_finalize (NasEvalPool *pool)
{
  LocalPool *self = (LocalPool *) pool;

  g_queue_clear_full (&self->queue, (GDestroyNotify) queued_free);
}

static const NasEvalPoolClass local_class = {
  .submit = local_submit,
  .next = local_next,
  .cancel = local_cancel,
  .pending = local_pending,
  .finalize = local_finalize,
};

/**
 * nas_eval_pool_new_local:
 * @dataset: the loaded dataset, borrowed: it must outlive the pool
 *
 * A pool that trains each child on the thread calling
 * nas_eval_pool_next(), in the order of submission. It shares the dataset
 * with the search by pointer rather than loading its own copy: the splits
 * are read-only after loading, and a second copy would double the largest
 * allocation of a search (about 200 MB for MNIST) for nothing. A pool of
 * worker processes loads the dataset by name in each worker instead.
 */
NasEvalPool *
nas_eval_pool_new_local (const NasDataset *dataset)
{
  LocalPool *self;

  g_return_val_if_fail (dataset != NULL, NULL);

  self = g_new0 (LocalPool, 1);
  self->parent.klass = &local_class;
  self->dataset = dataset;
  g_queue_init (&self->queue);
  return &self->parent;
}

void
nas_eval_pool_set_callbacks (NasEvalPool                *pool,
                             const NasEvalPoolCallbacks *callbacks)
{
  g_return_if_fail (pool != NULL && callbacks != NULL);
  pool->callbacks = *callbacks;
}

gboolean
nas_eval_pool_submit (NasEvalPool           *pool,
                      const NasEvalRequest  *request,
                      guint64                tag,
                      GError               **error)
{
  g_return_val_if_fail (pool != NULL, FALSE);
  g_return_val_if_fail (request != NULL && request->arch != NULL, FALSE);

  return pool->klass->submit (pool, request, tag, error);
}

/**
 * nas_eval_pool_next:
 * @out_tag: (out): the tag of the child the result or error is about
 * @result: (out caller-allocates): its result on success, to be cleared
 *   with nas_eval_result_clear()
 *
 * Blocks until one submitted child is done and returns it, in whatever
 * order the pool finishes them. Fails with the child's error (and its tag),
 * or with G_IO_ERROR_CANCELLED when @cancellable fires. There must be a
 * child pending.
 */
gboolean
nas_eval_pool_next (NasEvalPool    *pool,
                    GCancellable   *cancellable,
                    guint64        *out_tag,
                    NasEvalResult  *result,
                    GError        **error)
{
  g_return_val_if_fail (pool != NULL && out_tag != NULL && result != NULL, FALSE);
  g_return_val_if_fail (nas_eval_pool_get_pending (pool) > 0, FALSE);

  return pool->klass->next (pool, cancellable, out_tag, result, error);
}

void
nas_eval_pool_cancel (NasEvalPool *pool,
                      guint64      tag)
{
  g_return_if_fail (pool != NULL);
  pool->klass->cancel (pool, tag);
}

/* Children submitted and neither returned nor cancelled. */
guint
nas_eval_pool_get_pending (NasEvalPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);
  return pool->klass->pending (pool);
}

void
nas_eval_pool_free (NasEvalPool *pool)
{
  if (pool == NULL)
    return;
  pool->klass->finalize (pool);
  g_free (pool);
}

/* A deep copy: the copy owns its architecture. */
NasEvalRequest *
nas_eval_request_copy (const NasEvalRequest *request)
{
  NasEvalRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_memdup2 (request, sizeof *request);
  copy->arch = request->arch != NULL ? nas_arch_copy (request->arch) : NULL;
  return copy;
}

void
nas_eval_request_free (NasEvalRequest *request)
{
  if (request == NULL)
    return;
  nas_arch_free ((NasArch *) request->arch);
  g_free (request);
}
