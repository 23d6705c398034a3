/* nas-eval-pool.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A pool of evaluators: the search submits requests (architecture, budget,
 * seed), each with a tag of its choosing, and takes results back one at a
 * time, in whatever order the pool finishes them, each with its tag. The
 * search never assumes an order: it reports results to the controller in
 * episode order, so a run is the same whatever the order of arrival.
 *
 * The local pool (nas_eval_pool_new_local) trains on the calling thread,
 * one child at a time, in the order of submission: children already
 * compute on the shared numeric thread pool, and two at once on two cores
 * would only be slower. Other pools implement NasEvalPoolClass: a test pool
 * that finishes children in a shuffled order, and later one that sends
 * requests to worker processes (MPI rank 0 dispatching to worker ranks).
 * A pool copies what it is submitted; nothing is shared with the search
 * beyond the request and the result, except the dataset the local pool
 * reads (see nas_eval_pool_new_local). A later budget rung may continue a
 * child: that will be a request naming the tag of the child it continues,
 * which a pool that kept that network serves without retraining. */

#pragma once

#include <gio/gio.h>

#include "nas-evaluator.h"

G_BEGIN_DECLS

typedef struct _NasEvalPool NasEvalPool;

/* Called on the thread that calls nas_eval_pool_next(), while it blocks
 * there; a pool whose children train elsewhere may never call them. */
typedef struct
{
  void     (*started)     (guint64              tag,
                           gpointer             user_data);
  gboolean (*progress)    (guint64              tag,
                           const NasCurvePoint *point,
                           guint64              total_steps,
                           gpointer             user_data);   /* FALSE cancels */
  gboolean (*before_step) (gpointer             user_data);   /* may block (pause); FALSE cancels */
  gpointer   user_data;
} NasEvalPoolCallbacks;

/* What an implementation provides. submit copies @request. next blocks
 * until a submitted child is done: TRUE with its tag and result, or FALSE
 * with its tag and its error; FALSE with G_IO_ERROR_CANCELLED (tag
 * unspecified) when @cancellable fires. cancel drops a submitted child,
 * wherever it is; its result never comes. */
typedef struct
{
  gboolean (*submit)   (NasEvalPool          *pool,
                        const NasEvalRequest *request,
                        guint64               tag,
                        GError              **error);
  gboolean (*next)     (NasEvalPool          *pool,
                        GCancellable         *cancellable,
                        guint64              *out_tag,
                        NasEvalResult        *result,
                        GError              **error);
  void     (*cancel)   (NasEvalPool          *pool,
                        guint64               tag);
  guint    (*pending)  (NasEvalPool          *pool);
  void     (*finalize) (NasEvalPool          *pool);
} NasEvalPoolClass;

/* Implementations embed this first. */
struct _NasEvalPool
{
  const NasEvalPoolClass *klass;
  NasEvalPoolCallbacks    callbacks;
};

/* Creates the pool of a search once its dataset is loaded. */
typedef NasEvalPool *(*NasEvalPoolNewFunc) (const NasDataset *dataset,
                                            gpointer          user_data);

NasEvalPool    *nas_eval_pool_new_local     (const NasDataset           *dataset);
void            nas_eval_pool_set_callbacks (NasEvalPool                *pool,
                                             const NasEvalPoolCallbacks *callbacks);
gboolean        nas_eval_pool_submit        (NasEvalPool                *pool,
                                             const NasEvalRequest       *request,
                                             guint64                     tag,
                                             GError                    **error);
gboolean        nas_eval_pool_next          (NasEvalPool                *pool,
                                             GCancellable               *cancellable,
                                             guint64                    *out_tag,
                                             NasEvalResult              *result,
                                             GError                    **error);
void            nas_eval_pool_cancel        (NasEvalPool                *pool,
                                             guint64                     tag);
guint           nas_eval_pool_get_pending   (NasEvalPool                *pool);
void            nas_eval_pool_free          (NasEvalPool                *pool);

NasEvalRequest *nas_eval_request_copy       (const NasEvalRequest       *request);
void            nas_eval_request_free       (NasEvalRequest             *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasEvalPool, nas_eval_pool_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasEvalRequest, nas_eval_request_free)

G_END_DECLS
