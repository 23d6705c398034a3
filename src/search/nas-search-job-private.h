/* nas-search-job-private.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the files of the search job share: the job, the state of one
 * running search, and the helpers between nas-search-job.c (the job, its
 * events, starting and resuming a run) and nas-search-batch.c (sampling a
 * batch, committing it, handing it to the evaluator pool and reporting its
 * results in episode order). */

#pragma once

#include "nas-controller.h"
#include "nas-dataset.h"
#include "nas-eval-pool.h"
#include "nas-search-job.h"
#include "nas-search-space.h"
#include "nas-store.h"

G_BEGIN_DECLS

struct _NasSearchJob
{
  char               *database_path;
  NasSearchConfig    *config;       /* new runs */
  char               *name;
  gint64              run_id;       /* resumed runs, then the run */
  guint               stop_after;   /* 0 = never */

  NasSearchEventFunc  event_func;
  gpointer            event_data;
  NasEvalPoolNewFunc  pool_func;    /* NULL: the local pool */
  gpointer            pool_data;

  GCancellable       *cancellable;  /* stop */
  GMutex              mutex;
  GCond               cond;
  gboolean            paused;       /* under mutex */
  NasRunStatus        status;       /* under mutex */
};

typedef struct _SearchBatch SearchBatch;

/* The state of one running search, on the searching thread. */
typedef struct
{
  NasSearchJob    *job;
  NasStore        *store;
  NasDataset      *dataset;
  NasSearchSpace  *space;
  NasController   *controller;
  NasSearchConfig *config;
  NasEvalPool     *pool;
  NasPendingBatch *stored_batch;   /* a resumed run's pending batch, until taken up */
  SearchBatch     *batch;          /* the batch being evaluated */
  guint            episode;        /* the next to report */
  gboolean         claimed;        /* this job owns the run in the store */
  gboolean         started;        /* the run was created or set running: a
                                    * failure from here on marks it failed */
} Search;

/* nas-search-job.c */
NasSearchEvent *nas_search_event_new      (NasSearchJob        *job,
                                           NasSearchEventKind   kind,
                                           guint                episode,
                                           guint                planned);
void            nas_search_emit           (NasSearchJob        *job,
                                           NasSearchEvent      *event);
gboolean        nas_search_wait_if_paused (Search              *s);

/* nas-search-batch.c */
void            nas_search_attach_pool    (Search              *s);
gboolean        nas_search_run_batch      (Search              *s,
                                           GError             **error);
void            nas_search_clear_batch    (Search              *s);

G_END_DECLS
